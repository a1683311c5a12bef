import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS, AUDIT_DETAIL_FIELDS } from '../audit-actions';
import { JOB_LABELS, JOB_PROBLEMS } from '../jobs';
import { QUESTION_TYPES, TRANSCRIPT_SOURCES } from '@kanava/crypto';
import { BULK_REASONS } from '../bulk-assign';
import { catalogs } from './index';

const staffDir = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Keys the console builds from API values or codes rather than writing them out. */
const BUILT_KEYS = [
  ...['received', 'triaged', 'investigating', 'concluded', 'closed'].map((s) => `status.${s}`),
  ...['credentials', 'busy', 'network', 'keys'].map((c) => `login.error.${c}`),
  ...['ack', 'feedback', 'subject', 'followUp'].flatMap((d) => ['open', 'overdue', 'done'].map((s) => `due.${d}.${s}`)),
  ...['identity_access_restricted', 'work_arrangements_changed', 'retaliation_monitoring', 'support_referral', 'interim_measures', 'other'].map(
    (m) => `measure.${m}`,
  ),
  ...['special_category', 'criminal_offence'].map((c) => `special.category.${c}`),
  ...['yes', 'no'].map((v) => `workflow.atRisk.${v}`),
  ...['post', 'email', 'phone', 'meeting', 'manager', 'other'].map((v) => `forwarded.via.${v}`),
  ...['text', 'file'].map((k) => `forwarded.kind.${k}`),
  ...['keys', 'sending', 'note'].map((s) => `forwarded.stage.${s}`),
  ...['person_concerned', 'reporter', 'other'].map((r) => `access.role.${r}`),
  ...['fi', 'sv', 'en'].map((l) => `access.language.${l}`),
  ...['complex', 'number_of_requests'].map((x) => `access.extension.${x}`),
  ...['released', 'partly_withheld', 'withheld'].flatMap((d) => [`access.decision.${d}`, `access.pdf.decision.${d}`]),
  ...['protects_reporter_identity', 'jeopardises_investigation', 'protects_others', 'legal_claims'].map((g) => `access.ground.${g}`),
  ...['report', 'subject', 'identity', 'message-reporter', 'message-handler', 'redaction'].map((k) => `access.pdf.kind.${k}`),
  ...['low', 'normal', 'high', 'urgent'].map((p) => `priority.${p}`),
  ...['in_scope', 'out_of_scope', 'unclear'].map((r) => `relevance.${r}`),
  ...['low', 'medium', 'high'].map((r) => `risk.${r}`),
  ...['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'withdrawn'].map((o) => `outcome.${o}`),
  ...['jeopardises_investigation', 'protects_reporter', 'disproportionate_effort'].map((d) => `deferral.${d}`),
  ...['retention', 'closed'].map((b) => `retention.basis.${b}`),
  ...['litigation', 'authority_request', 'ongoing_investigation', 'statutory_obligation'].map((r) => `hold.reason.${r}`),
  ...['reporter', 'system', 'operator'].flatMap((k) => [`audit.actorKind.${k}`, `audit.subject.${k}`]),
  ...AUDIT_ACTIONS.map((a) => `audit.sentence.${a}`),
  ...BULK_REASONS.map((r) => `bulk.reason.${r}`),
  ...AUDIT_DETAIL_FIELDS.map((f) => `audit.detail.${f}`),
  ...['consent', 'authority', 'pre_trial_investigation', 'prosecutor', 'subject_legal_claim', 'expert'].map((g) => `export.ground.${g}`),
  ...['jeopardises_investigation', 'jeopardises_proceedings'].map((s) => `export.suppressed.${s}`),
  ...JOB_LABELS.map((j) => `admin.jobs.name.${j}`),
  ...JOB_PROBLEMS.map((p) => `admin.jobs.problem.${p}`),
  ...['admin', 'handler', 'custodian', 'auditor'].map((r) => `role.${r}`),
  ...['password', 'recovery', 'totp', 'codes'].map((s) => `activate.step.${s}`),
  ...['format', 'refused', 'busy', 'keys'].map((c) => `recover.error.${c}`),
  ...['new', 'returned', 'keys', 'roles', 'name', 'expired', 'role_removed', 'deactivated'].map((r) => `keydir.reason.${r}`),
  ...TRANSCRIPT_SOURCES.map((s) => `transcripts.source.${s}`),
  ...QUESTION_TYPES.map((q) => `admin.questionnaire.types.${q}`),
  ...['awaiting', 'approved', 'corrections', 'unverified'].map((s) => `transcripts.status.${s}`),
];

/** Every literal key the console passes to t() or names in its navigation, plus the built ones. */
function usedKeys(): Set<string> {
  const keys = new Set<string>(BUILT_KEYS);
  const shared = path.join(staffDir, '..', 'shared');
  // The staff console uses only the shared pieces that hold no texts of their own (its frame is layout.tsx here).
  for (const file of [...sources(staffDir), path.join(shared, 'i18n.tsx')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([A-Za-z0-9.]+)'/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\['([a-z]+\.[A-Za-z0-9.]+)'\]/g)) keys.add(m[1]);
    for (const m of text.matchAll(/key: '([a-z]+\.[A-Za-z0-9.]+)'/g)) keys.add(m[1]);
  }
  return keys;
}

describe('staff console translations', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys in Finnish, Swedish and English, none empty', () => {
    const en = Object.keys(catalogs.en).sort();
    expect(en.length).toBeGreaterThan(150);
    expect(Object.keys(catalogs.fi).sort()).toEqual(en);
    expect(Object.keys(catalogs.sv).sort()).toEqual(en);
    for (const lang of ['fi', 'sv', 'en'] as const) for (const key of en) expect(catalogs[lang][key].trim()).not.toBe('');
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(catalogs.en)) {
      expect({ key, fi: placeholders(catalogs.fi[key]) }).toEqual({ key, fi: placeholders(catalogs.en[key]) });
      expect({ key, sv: placeholders(catalogs.sv[key]) }).toEqual({ key, sv: placeholders(catalogs.en[key]) });
    }
  });

  it('hold every key the console code uses, and no key it does not use', () => {
    const used = usedKeys();
    expect([...used].filter((k) => !(k in catalogs.en))).toEqual([]);
    // apiError.* texts are looked up by the server's error code.
    expect(Object.keys(catalogs.en).filter((k) => !used.has(k) && !k.startsWith('apiError.'))).toEqual([]);
  });
});
