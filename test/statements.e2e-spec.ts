import { DataSource, QueryFailedError } from 'typeorm';
import { COMMIT_WITHOUT_FLUSH, dataSourceOptions, migrate, queryPrepared } from '@kanava/database';
import { createPrivateDatabase } from './helpers/private-db';
import { TAKE_UNITS_SQL } from '../libs/reporter/src/services/rate-limit.service';

/** A data source with a pool of one connection: every statement of a test runs in the same session. */
function oneConnection(url: string, applicationName: string): Promise<DataSource> {
  return new DataSource({ ...dataSourceOptions(url), extra: { max: 1, application_name: applicationName } }).initialize();
}

/**
 * `queryPrepared` hands pg a named statement through TypeORM's `query`. These tests
 * look at the session's prepared statements (`pg_prepared_statements` shows the
 * session's own only, so the pool has one connection) to show that the statement
 * really is prepared once and reused, and that TypeORM's transactions and errors
 * still apply, so a TypeORM or pg upgrade that broke either fails here.
 */
describe('queryPrepared', () => {
  let db: DataSource;
  const prepared = async () => (await db.query('SELECT name, statement FROM pg_prepared_statements ORDER BY name')) as { name: string; statement: string }[];

  beforeAll(async () => {
    const url = process.env.KANAVA_TEST_DATABASE_URL;
    if (!url) throw new Error('KANAVA_TEST_DATABASE_URL is not set: run the tests through jest');
    db = await oneConnection(url, 'kanava-prepared-test');
    await db.query('CREATE TEMPORARY TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(() => db.destroy());

  it('prepares a text once per connection and reuses it, with the same rows as a plain query', async () => {
    const sql = 'SELECT $1::int + 1 AS next, $2::text AS label';
    expect(await prepared()).toEqual([]);
    const first = await queryPrepared<{ next: number; label: string }[]>(db, sql, [41, 'a']);
    const second = await queryPrepared<{ next: number; label: string }[]>(db, sql, [1, 'b']);
    expect(first).toEqual(await db.query(sql, [41, 'a']));
    expect(second).toEqual([{ next: 2, label: 'b' }]);
    const statements = await prepared();
    expect(statements).toHaveLength(1);
    expect(statements[0].name).toMatch(/^kanava_[0-9a-f]{32}$/);
    expect(statements[0].statement).toBe(sql);
  });

  it('gives two texts two statements', async () => {
    const before = (await prepared()).length;
    await queryPrepared(db, 'SELECT $1::int AS a', [1]);
    await queryPrepared(db, 'SELECT $1::int AS b', [1]);
    await queryPrepared(db, 'SELECT $1::int AS a', [2]);
    expect((await prepared()).length).toBe(before + 2);
  });

  it("runs in the caller's transaction: a rollback undoes it", async () => {
    const insert = 'INSERT INTO prepared_probe (id, label) VALUES ($1, $2) RETURNING id';
    await db
      .transaction(async (em) => {
        expect(await queryPrepared(em, insert, [1, 'rolled back'])).toEqual([{ id: 1 }]);
        throw new Error('roll back');
      })
      .catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(await db.query('SELECT count(*)::int AS n FROM prepared_probe')).toEqual([{ n: 0 }]);

    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await queryPrepared(runner, insert, [2, 'kept']);
    await runner.commitTransaction();
    await runner.release();
    expect(await db.query('SELECT id, label FROM prepared_probe')).toEqual([{ id: 2, label: 'kept' }]);
  });

  it("fails as TypeORM's query fails: a QueryFailedError carrying the driver's error", async () => {
    const insert = 'INSERT INTO prepared_probe (id, label) VALUES ($1, $2)';
    await queryPrepared(db, insert, [3, 'first']);
    const error = await queryPrepared(db, insert, [3, 'again']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string; constraint: string } }).driverError).toMatchObject({
      code: '23505',
      constraint: 'prepared_probe_pkey',
    });
    // The connection is still usable and the statement still prepared.
    await queryPrepared(db, insert, [4, 'after']);
    expect(await db.query('SELECT count(*)::int AS n FROM prepared_probe')).toEqual([{ n: 3 }]);
  });
});

/**
 * COMMIT_WITHOUT_FLUSH turns off the wait for the disk in its own statement's
 * transaction only: if it leaked into the session, a report stored later on the same
 * pooled connection would be acknowledged before it was durable.
 */
describe('COMMIT_WITHOUT_FLUSH', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: DataSource;
  const setting = async () => ((await db.query('SHOW synchronous_commit')) as { synchronous_commit: string }[])[0].synchronous_commit;

  beforeAll(async () => {
    // A migrated database of its own (for rate_limit_windows) and one connection, so every statement below runs in the same session.
    database = await createPrivateDatabase('kanava_commit');
    const migrator = await new DataSource(dataSourceOptions(database.url)).initialize();
    await migrate(migrator);
    await migrator.destroy();
    db = await oneConnection(database.url, 'kanava-commit-test');
    // The test server runs without durable commits at all; this session asks for them, as production does.
    await db.query('SET synchronous_commit = on');
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('applies inside its statement and is gone after it', async () => {
    expect(await setting()).toBe('on');
    expect(await db.query(`SELECT current_setting('synchronous_commit') AS inside FROM ${COMMIT_WITHOUT_FLUSH}`)).toEqual([{ inside: 'off' }]);
    expect(await setting()).toBe('on');
  });

  it('leaves the session durable after the rate-limit statement that carries it', async () => {
    const bucket = 'submissions';
    const withSetting = TAKE_UNITS_SQL.replace('RETURNING bucket, count', "RETURNING bucket, count, current_setting('synchronous_commit') AS commit");
    expect(withSetting).not.toBe(TAKE_UNITS_SQL);
    expect(await queryPrepared(db, withSetting, [[bucket], new Date()])).toEqual([{ bucket, count: 1, commit: 'off' }]);
    expect(await setting()).toBe('on');
  });
});
