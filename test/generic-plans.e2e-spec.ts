import pg from 'pg';
import { startTestApp, TestApp } from './helpers/app';
import { submitCase } from './helpers/attachments';
import { makeOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

/**
 * Tables that grow with use, or churn (rows inserted and deleted all day), and so must
 * never be read from end to end by a statement on the reporter's hot path.
 */
const GROWING_TABLES = ['cases', 'case_items', 'case_grants', 'attachments', 'audit_pending', 'audit_events', 'challenges'];

/**
 * A named prepared statement (`queryPrepared`) is planned once per connection for any
 * parameters (a generic plan) after its first five runs, and PostgreSQL keeps that plan
 * until the statistics of a table it reads change. A plan made while a table was nearly
 * empty can be a sequential scan, which then reads the whole table on every request as
 * it grows: for an EXISTS over `= ANY(array)` the planner even prices the scan as one that
 * stops at the first match, while the usual answer (no match) reads every row. So every
 * prepared statement of a reporter's flow is planned generically on a new, nearly empty
 * database here, and none may scan a growing table.
 */
describe('generic plans of the prepared statements', () => {
  let t: TestApp;
  let database: { url: string; drop(): Promise<void> };
  const statements = new Map<string, string>();
  let query: jest.SpyInstance;

  beforeAll(async () => {
    database = await createPrivateDatabase('kanava_plans');
    t = await startTestApp({}, { databaseUrl: database.url });
    // Every statement pg is handed with a name is one of ours (see queryPrepared).
    query = jest.spyOn(pg.Client.prototype, 'query');
    const org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const { bearer } = await submitCase(t.http, org);
    await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    await t.http.get('/api/public/case').set('Authorization', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
    for (const [config] of query.mock.calls as unknown[][]) {
      const { name, text } = (config ?? {}) as { name?: unknown; text?: unknown };
      if (typeof name === 'string' && typeof text === 'string') statements.set(name, text);
    }
    query.mockRestore();
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('sees the flow run its prepared statements', () => {
    // The challenge, the budgets and proof, the report, the follow-up and the audit chain at least.
    expect(statements.size).toBeGreaterThanOrEqual(6);
  });

  it('plans none of them as a scan of a growing table', async () => {
    const scans: string[] = [];
    for (const [name, text] of statements) {
      const plan = ((await t.db.query(`EXPLAIN (GENERIC_PLAN) ${text}`)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
      for (const table of GROWING_TABLES) {
        if (new RegExp(`Seq Scan on ${table}\\b`).test(plan)) scans.push(`${name} scans ${table}:\n${text}\n${plan}`);
      }
    }
    expect(scans).toEqual([]);
  });
});
