import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, migrate } from '@kanava/database';

/** The migrations are the schema: on an empty database they must build exactly what the entities describe. */
describe('migrations', () => {
  const base = process.env.KANAVA_TEST_DATABASE_URL!;
  const name = `kanava_schema_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  let ds: DataSource;

  async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: base });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    ds = await createDataSource(url.toString()).initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it('create exactly what the entities describe, and revert cleanly', async () => {
    expect(await migrate(ds)).toBeGreaterThan(0);
    expect(await migrate(ds)).toBe(0); // idempotent: a second start runs nothing
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);

    while ((await ds.query('SELECT count(*)::int AS n FROM schema_migrations'))[0].n > 0) await ds.undoLastMigration();
    const tables: { table_name: string }[] = await ds.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).toEqual(['schema_migrations']);
  });

  it('is never synchronised from the entities', () => {
    expect(ds.options.synchronize).toBe(false);
    expect(ds.options.migrationsRun).toBe(false);
  });
});
