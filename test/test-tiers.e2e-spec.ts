/**
 * The test tiers of jest.config.js: every test file belongs to exactly one tier, and the
 * unit tier stays free of the database (no global setup, no test helper that connects),
 * so `npm run test:unit` runs on a machine without PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'jest.config.js')) as {
  projects: Array<{ displayName: string; testMatch: string[]; globalSetup?: string }>;
};

function files(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...files(relative, suffix));
    else if (entry.isFile() && entry.name.endsWith(suffix)) out.push(relative);
  }
  return out;
}

/** Jest's glob subset used in testMatch: `<rootDir>`, `*` within a segment, `**` across. */
function matches(pattern: string, file: string): boolean {
  const glob = pattern.replace('<rootDir>/', '');
  const source = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${source}$`).test(file);
}

function tiersOf(file: string): string[] {
  return config.projects.filter((p) => p.testMatch.some((m) => matches(m, file))).map((p) => p.displayName);
}

const unitSpecs = [...files('libs', '.spec.ts'), ...files('apps', '.spec.ts')].filter((f) => !f.endsWith('.e2e-spec.ts'));
const e2eSpecs = files('test', '.e2e-spec.ts');
const mediumSpecs = files('libs', '.medium-spec.ts');

describe('test tiers', () => {
  it('names unit, medium, e2e and browser, and only the database tiers start PostgreSQL', () => {
    const byName = new Map(config.projects.map((p) => [p.displayName, p]));
    expect([...byName.keys()].sort()).toEqual(['browser', 'e2e', 'medium', 'unit']);
    expect(byName.get('unit')?.globalSetup).toBeUndefined();
    expect(byName.get('medium')?.globalSetup).toBe(byName.get('e2e')?.globalSetup);
    expect(byName.get('e2e')?.globalSetup).toMatch(/global-setup\.mjs$/);
    expect(byName.get('browser')?.globalSetup).toBe(byName.get('e2e')?.globalSetup);
  });

  it('puts every test file in exactly one tier', () => {
    expect(unitSpecs.length).toBeGreaterThan(20);
    expect(e2eSpecs.length).toBeGreaterThan(20);
    const misplaced = [...unitSpecs, ...mediumSpecs, ...e2eSpecs].map((file) => ({ file, tiers: tiersOf(file) })).filter(({ tiers }) => tiers.length !== 1);
    expect(misplaced).toEqual([]);
    for (const file of unitSpecs) expect(tiersOf(file)).toEqual(['unit']);
    for (const file of mediumSpecs) expect(tiersOf(file)).toEqual(['medium']);
    for (const file of e2eSpecs) {
      expect(tiersOf(file)).toEqual([file.startsWith('test/browser/') ? 'browser' : 'e2e']);
    }
  });

  it('has medium specs for the rules of cases, retention and notifications', () => {
    for (const lib of ['cases', 'retention', 'notifications']) {
      expect(mediumSpecs.filter((f) => f.startsWith(`libs/${lib}/test/`)).length).toBeGreaterThan(0);
    }
  });

  it('keeps unit specs away from the test database', () => {
    const connecting = unitSpecs.filter((file) => /KANAVA_TEST_DATABASE_URL|test\/helpers|database\/testing/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(connecting).toEqual([]);
  });

  it('matches globs the way Jest does for the patterns used here', () => {
    expect(matches('<rootDir>/libs/*/src/**/*.spec.ts', 'libs/crypto/src/items.spec.ts')).toBe(true);
    expect(matches('<rootDir>/libs/*/src/**/*.spec.ts', 'libs/staff/src/me/me.spec.ts')).toBe(true);
    expect(matches('<rootDir>/test/*.e2e-spec.ts', 'test/browser/portal.e2e-spec.ts')).toBe(false);
    expect(matches('<rootDir>/test/browser/*.e2e-spec.ts', 'test/browser/portal.e2e-spec.ts')).toBe(true);
  });
});
