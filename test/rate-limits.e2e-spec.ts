import { startTestApp, TestApp } from './helpers/app';
import { buildSubmission, fetchOrganisation, fetchRecipients, solveChallenge } from './helpers/clients';
import { submitCase } from './helpers/attachments';
import { dumpDatabase } from './helpers/db-dump';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

const WINDOW = 4;

/**
 * Budgets shared by everybody (README "Rate limits"): global and per-organisation
 * submissions, global wrong case secrets. A private database, so the global
 * counters see only this file's requests.
 */
describe('rate limits', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
  let a: TestOrganisation;
  let b: TestOrganisation;

  beforeAll(async () => {
    database = await createPrivateDatabase('kanava_rate');
    t = await startTestApp(
      {
        KANAVA_RATE_WINDOW_SECONDS: String(WINDOW),
        KANAVA_SUBMISSIONS_PER_WINDOW: '3',
        KANAVA_ORG_SUBMISSIONS_PER_WINDOW: '2',
        KANAVA_FAILED_FOLLOW_UPS_PER_WINDOW: '3',
        KANAVA_POW_RAISE_AT_SUBMISSIONS: '2',
      },
      { databaseUrl: database.url },
    );
    a = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    b = await makeOrganisation(t, { handlers: 1, custodians: 0 });
  });
  afterAll(async () => {
    t?.clock.reset();
    await t?.close();
    await database?.drop();
  });

  /**
   * Moves the app's clock (which the budgets count windows by) to just after the start of a
   * window that no earlier scenario used, and stops it there: a scenario never straddles two
   * windows, however slow the machine, and nothing waits for the wall clock.
   */
  let windowsUsed = 0;
  function freshWindow(): void {
    const ms = WINDOW * 1000;
    windowsUsed += 3;
    t.clock.freeze(new Date((Math.floor(Date.now() / ms) + windowsUsed) * ms + 20));
  }

  /** The window ends: the clock moves on by Retry-After. */
  function waitOut(retryAfter: number): void {
    t.clock.advance(retryAfter * 1000);
  }

  async function submit(org: TestOrganisation, headers: Record<string, string> = {}) {
    const info = await fetchOrganisation(t.http, org.slug);
    const built = buildSubmission({
      org: info,
      channelId: org.channelId,
      recipients: await fetchRecipients(t.http, org.channelId),
      content: { title: 'T', body: 'B' },
    });
    const proof = await solveChallenge(t.http);
    const res = await t.http
      .post('/api/public/reports')
      .set(headers)
      .send({ ...built.body, proof });
    return { res, proof };
  }

  function expectLimited(res: { status: number; body: unknown; headers: Record<string, string> }) {
    expect([res.status, res.body]).toEqual([429, { error: 'rate_limited', message: expect.any(String) }]);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW).toBe(true);
    return retryAfter;
  }

  it("answers 429 with Retry-After once a budget is spent; one organisation's flood leaves others the global budget; the window resets", async () => {
    freshWindow();
    expect((await submit(a)).res.status).toBe(201);
    expect((await submit(a)).res.status).toBe(201);
    // A's own budget (2) is spent: refused before its proof is spent, and nothing is stored.
    const cases = await t.db.query('SELECT count(*)::int AS n FROM cases');
    const refused = await submit(a);
    expectLimited(refused.res);
    expect(await t.db.query('SELECT count(*)::int AS n FROM challenges WHERE id = $1', [refused.proof.challengeId])).toEqual([{ n: 1 }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM cases')).toEqual(cases);
    // B still submits: the flood from A took only A's budget and 2 of the 3 global units.
    expect((await submit(b)).res.status).toBe(201);
    // Now the global budget (3) is spent, for everybody.
    const retryAfter = expectLimited((await submit(b)).res);
    // After the window, both submit again.
    waitOut(retryAfter);
    expect((await submit(a)).res.status).toBe(201);
    expect((await submit(b)).res.status).toBe(201);
  });

  it('limits wrong case secrets for everybody, then a valid one too, and resets after the window', async () => {
    freshWindow();
    const { bearer } = await submitCase(t.http, b);
    const wrong = `Bearer ${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) await t.http.get('/api/public/case').set('Authorization', wrong).expect(401);
    expectLimited(await t.http.get('/api/public/case').set('Authorization', wrong));
    // Once the budget is spent, a right secret waits too: otherwise guessing would go on.
    const retryAfter = expectLimited(await t.http.get('/api/public/case').set('Authorization', bearer));
    waitOut(retryAfter);
    await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
  });

  it('raises the proof-of-work difficulty by 2 bits while recent submissions reach the threshold', async () => {
    // Two fresh windows: neither this one nor the previous one has a submission.
    freshWindow();
    freshWindow();
    const difficulty = async () => ((await t.http.post('/api/public/challenges').expect(201)).body as { difficulty: number }).difficulty;
    expect(await difficulty()).toBe(4);
    expect((await submit(a)).res.status).toBe(201);
    expect(await difficulty()).toBe(4);
    expect((await submit(b)).res.status).toBe(201);
    expect(await difficulty()).toBe(6);
    // A raised challenge is solved and accepted like any other.
    expect((await submit(b)).res.status).toBe(201);
  });

  it('keys nothing on the client: no address or user agent is read or stored', async () => {
    freshWindow();
    const probe = { 'User-Agent': 'kanava-rate-probe-7f3a', 'X-Forwarded-For': '203.0.113.77', Forwarded: 'for=198.51.100.9' };
    for (let i = 0; i < 3; i++)
      await t.http
        .get('/api/public/case')
        .set(probe)
        .set('Authorization', `Bearer ${'B'.repeat(43)}`);
    expect((await submit(a, probe)).res.status).toBe(201);
    const rows: { bucket: string }[] = await t.db.query('SELECT bucket FROM rate_limit_windows');
    for (const { bucket } of rows) expect(bucket).toMatch(/^(submissions|submissions:[0-9a-f-]{36}|follow-up-failures)$/);
    const columns: { column_name: string }[] = await t.db.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'rate_limit_windows' ORDER BY column_name",
    );
    expect(columns.map((c) => c.column_name)).toEqual(['bucket', 'count', 'window_start']);
    const dump = await dumpDatabase(t.db);
    for (const needle of ['kanava-rate-probe-7f3a', '203.0.113.77', '198.51.100.9', '127.0.0.1']) expect(dump).not.toContain(needle);
    // A different client (another user agent and address) shares the same spent budget.
    expectLimited(
      await t.http
        .get('/api/public/case')
        .set({ 'User-Agent': 'other', 'X-Forwarded-For': '192.0.2.1' })
        .set('Authorization', `Bearer ${'C'.repeat(43)}`),
    );
  });
});
