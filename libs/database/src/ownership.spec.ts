import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KNOWN_CROSSINGS, TABLE_OWNERS, tablesNamed } from './ownership';

const LIBS = path.resolve(__dirname, '../..');

/** `lib:table` for every statement in a lib's sources that names a table another lib owns. */
function crossings(): string[] {
  const found = new Set<string>();
  for (const lib of readdirSync(LIBS)) {
    const src = path.join(LIBS, lib, 'src');
    let files: string[];
    try {
      files = readdirSync(src, { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const file of files) {
      // Entities and migrations describe the schema; specs plant their own rows.
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts') || /(^|\/)(entities|migrations)\//.test(file)) continue;
      for (const table of tablesNamed(readFileSync(path.join(src, file), 'utf8'), Object.keys(TABLE_OWNERS)))
        if (TABLE_OWNERS[table] !== lib) found.add(`${lib}:${table}`);
    }
  }
  return [...found].sort();
}

describe('table ownership', () => {
  it('names an owner for every table an entity declares', () => {
    const entities = path.join(__dirname, 'entities');
    const declared = readdirSync(entities).flatMap((f) =>
      [...readFileSync(path.join(entities, f), 'utf8').matchAll(/@Entity\('([a-z_]+)'\)/g)].map((m) => m[1]),
    );
    expect(declared.filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !declared.includes(t))).toEqual([]);
  });

  it('finds no statement naming a table outside its owner beyond the listed crossings, and every listed one still occurs', () => {
    expect(crossings()).toEqual([...KNOWN_CROSSINGS].sort());
  });

  it('sees a planted violation, quoted or not, and not a column or a word that merely contains the name', () => {
    const tables = Object.keys(TABLE_OWNERS);
    expect(tablesNamed('await em.query(`SELECT id FROM cases WHERE organisation_id = $1`)', tables)).toEqual(['cases']);
    expect(tablesNamed('`UPDATE "case_grants" SET revoked_at = now()`', tables)).toEqual(['case_grants']);
    expect(tablesNamed('`DELETE FROM staff_sessions WHERE user_id = $1`', tables)).toEqual(['staff_sessions']);
    expect(tablesNamed('`SELECT 1 FROM cases_archive`, `WHERE c.cases = 1`, "the cases from the inbox"', tables)).toEqual([]);
  });
});
