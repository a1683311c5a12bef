// eslint-disable-next-line @typescript-eslint/no-require-imports
const { judge } = require('../scripts/npm-audit.cjs') as { judge(output: string): { verdict: string; blocking?: string[]; lower?: number; reason?: string } };

/** The verdict CI's dependency check (`npm run audit`) draws from `npm audit --json`. */
describe('npm audit verdict', () => {
  const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
    JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities,
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } },
    });

  it('passes a report without high or critical advisories, counting the lower ones', () => {
    expect(judge(report({ a: { name: 'a', severity: 'moderate', via: [] } }, { moderate: 1, low: 2 }))).toEqual({ verdict: 'passed', lower: 3 });
  });

  it('fails on a high or a critical advisory and names it', () => {
    const vulnerabilities = {
      a: { name: 'a', severity: 'high', via: [{ title: 'Prototype pollution in a' }] },
      b: { name: 'b', severity: 'critical', via: ['a'] },
      c: { name: 'c', severity: 'low', via: [] },
    };
    expect(judge(report(vulnerabilities, { high: 1, critical: 1, low: 1 }))).toEqual({
      verdict: 'failed',
      blocking: ['a (high: Prototype pollution in a)', 'b (critical)'],
    });
  });

  it('reports an unreachable advisory service as unchecked, never as passed', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 });
    expect(judge(refused)).toEqual({
      verdict: 'unchecked',
      reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(judge('')).toMatchObject({ verdict: 'unchecked' });
  });
});
