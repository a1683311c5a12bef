import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty database on the run's PostgreSQL server, for tests that need
 * whole-database invariants (row counts, global budgets) without the test files
 * running beside them. The app migrates it on start. `drop()` after the app closed.
 */
export async function createPrivateDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = process.env.KANAVA_TEST_DATABASE_URL;
  if (!shared) throw new Error('KANAVA_TEST_DATABASE_URL is not set: run the tests through jest');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: shared });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
