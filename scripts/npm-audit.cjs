#!/usr/bin/env node
// `npm audit` of the production dependencies, as CI runs it (`npm run audit`): fails on
// any high or critical advisory. When the advisory service cannot be reached (some
// registries and mirrors answer 405), it says so loudly and passes, unless
// KANAVA_AUDIT_REQUIRED=1, so a CI that can reach it can insist on the check.
const { spawnSync } = require('node:child_process');

const BLOCKING = ['high', 'critical'];

/**
 * The verdict on `npm audit --json` output: `failed` (with the blocking advisories),
 * `passed`, or `unchecked` when the output is no audit report (the service's error).
 */
function judge(output) {
  let report;
  try {
    report = JSON.parse(output);
  } catch {
    return { verdict: 'unchecked', reason: 'npm audit printed no JSON report' };
  }
  const counts = report && report.metadata && report.metadata.vulnerabilities;
  if (!counts || typeof counts !== 'object') {
    return { verdict: 'unchecked', reason: (report && report.message) || 'npm audit returned no report' };
  }
  const blocking = Object.values(report.vulnerabilities || {})
    .filter((v) => BLOCKING.includes(v.severity))
    .map((v) => {
      const titles = (v.via || []).filter((via) => typeof via === 'object' && via.title).map((via) => via.title);
      return `${v.name} (${v.severity}${titles.length ? `: ${titles.join('; ')}` : ''})`;
    });
  if (blocking.length > 0 || BLOCKING.some((level) => counts[level] > 0)) return { verdict: 'failed', blocking };
  return { verdict: 'passed', lower: (counts.info || 0) + (counts.low || 0) + (counts.moderate || 0) };
}

function main() {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = judge(run.stdout || '');
  if (result.verdict === 'failed') {
    console.error(`npm audit: high or critical advisories in production dependencies:\n  ${result.blocking.join('\n  ')}`);
    process.exit(1);
  }
  if (result.verdict === 'passed') {
    console.log(`npm audit: no high or critical advisory in production dependencies (${result.lower} of lower severity)`);
    return;
  }
  const required = process.env.KANAVA_AUDIT_REQUIRED === '1';
  console.error(`npm audit: production dependencies NOT checked: the advisory service could not be reached (${result.reason})`);
  if (required) process.exit(1);
}

if (require.main === module) main();

module.exports = { judge };
