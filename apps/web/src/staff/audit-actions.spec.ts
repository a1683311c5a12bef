import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS, AUDIT_DETAIL_FIELDS } from './audit-actions';
import { catalogs } from './i18n';

const ROOT = path.resolve(__dirname, '../../../..');
/** Where the server records events: every lib and the server-side apps. */
const SOURCE_ROOTS = ['libs', 'apps/api', 'apps/worker', 'apps/cli'];

/**
 * Dotted lower-case literals in the server's code that are not action codes. A new literal of
 * that shape is either a new action (give it a sentence) or belongs here.
 */
const NOT_ACTIONS = new Set([
  'charset.unsupported',
  'encoding.unsupported',
  'kanava.audit_prune',
  'options.random',
  'package.json',
  'portal.html',
  'staff.html',
  'postgres.password',
  'postmaster.pid',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Every string literal of the server's code shaped like an action code (`case.viewed`), with where it is. */
function recordedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const root of SOURCE_ROOTS)
    for (const file of sources(path.join(ROOT, root))) {
      if (file.includes(`${path.sep}migrations${path.sep}`)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/['`]([a-z][a-z_]*\.[a-z][a-z_]*)['`]/g)) {
        const code = m[1];
        // `c.id`, `u.display_name`: SQL columns of an alias, not actions.
        if (/^[a-z]\./.test(code) || NOT_ACTIONS.has(code)) continue;
        if (!found.has(code)) found.set(code, path.relative(ROOT, file));
      }
    }
  return found;
}

describe('audit log sentences', () => {
  const recorded = recordedCodes();

  it('finds the action codes in the server code', () => {
    // A sanity check of the scan itself: these are recorded in places far apart.
    for (const code of ['case.viewed', 'auth.signed_in', 'report.submitted', 'case.purged', 'staff.invited']) expect(recorded.has(code)).toBe(true);
  });

  it('list every action code the server records, and none it does not', () => {
    const listed = new Set<string>(AUDIT_ACTIONS);
    const missing = [...recorded].filter(([code]) => !listed.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    expect(AUDIT_ACTIONS.filter((code) => !recorded.has(code))).toEqual([]);
  });

  it.each(['fi', 'sv', 'en'] as const)('have a sentence for every action code in %s, naming the actor and, for a case, the case', (language) => {
    const catalog = catalogs[language];
    for (const code of AUDIT_ACTIONS) {
      const sentence = catalog[`audit.sentence.${code}`];
      expect({ code, present: typeof sentence === 'string' && sentence.trim() !== '' }).toEqual({ code, present: true });
      expect({ code, actor: sentence.includes('{actor}') }).toEqual({ code, actor: true });
      const placeholders = [...sentence.matchAll(/\{(\w+)\}/g)].map((p) => p[1]);
      expect({ code, others: placeholders.filter((p) => p !== 'actor' && p !== 'case') }).toEqual({ code, others: [] });
      // The English sentence says "case {case}" exactly when the event belongs to a case; the others follow it.
      expect({ code, case: sentence.includes('{case}') }).toEqual({ code, case: catalogs.en[`audit.sentence.${code}`].includes('{case}') });
    }
  });

  it.each(['fi', 'sv', 'en'] as const)('label every known detail field in %s', (language) => {
    for (const field of AUDIT_DETAIL_FIELDS) expect({ field, label: !!catalogs[language][`audit.detail.${field}`]?.trim() }).toEqual({ field, label: true });
  });
});
