import { randomUUID } from 'node:crypto';
import { encryptItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { prepareAttachment, submitCase } from './helpers/attachments';
import { solveChallenge } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';
import { RECORDED_EVENTS_SQL } from './helpers/audit';

const THRESHOLD = 3;
const WRONG = `Bearer ${'A'.repeat(43)}`;

/**
 * The follow-up proof-of-work extension (docs/reporter-protocol-extensions.md): once
 * wrong case secrets from everybody reach the threshold, every follow-up request must
 * carry a solved challenge in X-Kanava-Proof; below it, API.md is unchanged. A private
 * database, so the global failure count is this file's alone; each test starts from zero.
 */
describe('proof of work on follow-ups after failures', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
  let org: TestOrganisation;
  let kase: Awaited<ReturnType<typeof submitCase>>;

  beforeAll(async () => {
    database = await createPrivateDatabase('kanava_followup_proof');
    t = await startTestApp(
      { KANAVA_FOLLOW_UP_PROOF_AFTER_FAILURES: String(THRESHOLD), KANAVA_FAILED_FOLLOW_UPS_PER_WINDOW: '1000' },
      { databaseUrl: database.url },
    );
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    kase = await submitCase(t.http, org);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });
  beforeEach(() => t.db.query('DELETE FROM rate_limit_windows'));

  async function failures(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const res = await t.http.get('/api/public/case').set('Authorization', WRONG);
      expect([res.status, res.body.error]).toEqual([401, 'invalid_case_secret']);
    }
  }

  async function proofHeader(): Promise<string> {
    const { challengeId, nonce } = await solveChallenge(t.http);
    return `${challengeId}:${nonce}`;
  }

  async function state() {
    const [row]: { items: number; views: number; failed: number; challenges: number }[] = await t.db.query(
      `SELECT (SELECT count(*) FROM case_items WHERE case_id = $1)::int AS items,
              (SELECT count(*) FROM ${RECORDED_EVENTS_SQL} e WHERE e.case_id = $1 AND e.action = 'reporter.case_viewed')::int AS views,
              (SELECT coalesce(sum(count), 0) FROM rate_limit_windows WHERE bucket = 'follow-up-failures')::int AS failed,
              (SELECT count(*) FROM challenges)::int AS challenges`,
      [kase.caseId],
    );
    return row;
  }

  function message() {
    const { built, caseId } = kase;
    return encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      signSecretKey: built.reporter.sign.secretKey,
      value: { text: 'hi' },
    });
  }

  it('asks nothing more below the threshold: follow-ups without a header work as API.md says', async () => {
    await failures(THRESHOLD - 1);
    await t.http.get('/api/public/case').set('Authorization', kase.bearer).expect(200);
    await t.http.post('/api/public/case/messages').set('Authorization', kase.bearer).send(message()).expect(201);
    const announced = prepareAttachment({
      caseId: kase.caseId,
      sharedKey: kase.built.sharedKey,
      signSecretKey: kase.built.reporter.sign.secretKey,
      trueSize: 1000,
    });
    await t.http.post('/api/public/case/attachments').set('Authorization', kase.bearer).send(announced.create).expect(201);
    // Still below: the wrong secret answers the plain 401, not a proof request.
    await failures(1);
  });

  it('once the threshold is reached, answers 428 proof_required to every follow-up without a proof, right secret or wrong, and changes nothing', async () => {
    await failures(THRESHOLD);
    const before = await state();
    const refusals = [
      await t.http.get('/api/public/case').set('Authorization', kase.bearer),
      await t.http.get('/api/public/case').set('Authorization', WRONG),
      await t.http.post('/api/public/case/messages').set('Authorization', kase.bearer).send(message()),
      await t.http
        .post('/api/public/case/attachments')
        .set('Authorization', kase.bearer)
        .send(
          prepareAttachment({ caseId: kase.caseId, sharedKey: kase.built.sharedKey, signSecretKey: kase.built.reporter.sign.secretKey, trueSize: 1000 }).create,
        ),
    ];
    for (const res of refusals) expect([res.status, res.body]).toEqual([428, { error: 'proof_required', message: expect.stringContaining('X-Kanava-Proof') }]);
    // Not a view, not a message, not a counted failure: the token was never looked at.
    expect(await state()).toEqual(before);
  });

  it('with a solved proof the follow-up works, and the proof is spent', async () => {
    await failures(THRESHOLD);
    const proof = await proofHeader();
    const view = await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', proof).expect(200);
    expect(view.body.caseId).toBe(kase.caseId);
    const before = await state();
    await t.http
      .post('/api/public/case/messages')
      .set('Authorization', kase.bearer)
      .set('X-Kanava-Proof', await proofHeader())
      .send(message())
      .expect(201);
    expect((await state()).items).toBe(before.items + 1);
    // A proof with a wrong secret buys one attempt, which answers the plain 401 and counts as a failure.
    const wrong = await t.http
      .get('/api/public/case')
      .set('Authorization', WRONG)
      .set('X-Kanava-Proof', await proofHeader());
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_case_secret']);
    expect((await state()).failed).toBe(THRESHOLD + 1);
  });

  it('refuses a reused, forged or malformed proof with nothing changed', async () => {
    await failures(THRESHOLD);
    const proof = await proofHeader();
    await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', proof).expect(200);
    const before = await state();
    const reused = await t.http.post('/api/public/case/messages').set('Authorization', kase.bearer).set('X-Kanava-Proof', proof).send(message());
    expect([reused.status, reused.body.error]).toEqual([400, 'invalid_proof']);
    const unknown = await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', `${randomUUID()}:AAAAAAAAAAA`);
    expect([unknown.status, unknown.body.error]).toEqual([400, 'invalid_proof']);
    for (const malformed of ['', 'nonsense', `${randomUUID()}:`, `${randomUUID().toUpperCase()}:AAAAAAAAAAA`, `${randomUUID()}:AAAAAAAAAAA=`]) {
      const res = await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', malformed);
      expect([malformed, res.status, res.body.error]).toEqual([malformed, 400, 'invalid_proof']);
    }
    expect(await state()).toEqual(before);
  });

  it('checks and spends a proof that is sent below the threshold too, so one proof is one request', async () => {
    const proof = await proofHeader();
    await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', proof).expect(200);
    const again = await t.http.get('/api/public/case').set('Authorization', kase.bearer).set('X-Kanava-Proof', proof);
    expect([again.status, again.body.error]).toEqual([400, 'invalid_proof']);
    // Without the header, nothing is asked.
    await t.http.get('/api/public/case').set('Authorization', kase.bearer).expect(200);
  });

  it('leaves submissions and the other public routes alone', async () => {
    await failures(THRESHOLD);
    await submitCase(t.http, org);
    await t.http.get(`/api/public/organisations/${org.slug}`).expect(200);
    await t.http.post('/api/public/challenges').expect(201);
  });
});
