// Prints the SQL that would bring a freshly migrated database in line with the
// entities: the starting point of a new migration (read it, name it, commit it).
//   npm run migration:diff
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
const require = createRequire(import.meta.url);
require('reflect-metadata');
const { startEmbeddedPostgres, createDataSource, migrate } = require(path.join(root, 'dist/libs/database/src'));

const dir = mkdtempSync(path.join(os.tmpdir(), 'kanava-diff-'));
chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres(path.join(dir, 'data'));
try {
  const ds = await createDataSource(pg.url).initialize();
  await migrate(ds);
  const sql = await ds.driver.createSchemaBuilder().log();
  console.log('-- up');
  for (const q of sql.upQueries) console.log(q.query + ';');
  console.log('-- down');
  for (const q of sql.downQueries.reverse()) console.log(q.query + ';');
  await ds.destroy();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
