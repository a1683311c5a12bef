import { randomUUID } from 'node:crypto';
import {
  encryptItem,
  fromB64,
  openBoxGrant,
  signTranscriptReview,
  toB64,
  TranscriptDecision,
  transcriptDigest,
  transcriptReviewValid,
  TranscriptValue,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { CaseAnswer, readCase } from '../apps/web/src/portal/reporter-client';
import { startTestApp, TestApp } from './helpers/app';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const SECRET_TEXT = 'TRANSCRIPT-MARKER-51c2: the reporter said the invoices were split in March';

/**
 * Transcripts and minutes the reporter checks and approves (R29, FI 37 § 2): a handler
 * gives the reporter a signed transcript item; the reporter approves it, or says
 * corrections follow, by signing the transcript's id and SHA-256; the server refuses a
 * review of another transcript or version, a second review, and a signature not the
 * reporter's, and keeps nothing of the text.
 */
describe('transcripts and minutes', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let handler: StaffSessionInfo;
  let colleague: StaffSessionInfo;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    handler = await loginStaff(t, org.handlers[0]);
    colleague = await loginStaff(t, org.auditors[0] ?? org.custodians[0]);
  });
  afterAll(() => t.close());

  const bearerOf = (built: BuiltSubmission) => `Bearer ${toB64(built.reporter.lookupToken)}`;

  async function sharedKey(s: StaffSessionInfo, caseId: string) {
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(s.headers).expect(200);
    const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    return openBoxGrant(grant, caseId, { publicKey: s.boxPublicKey, secretKey: s.bundle.boxSecretKey }, res.body.sharedKeyId);
  }

  /** A transcript as the console makes it. */
  async function transcript(caseId: string, value: TranscriptValue, kind: 'transcript' | 'message-handler' = 'transcript'): Promise<WireItem> {
    return encryptItem({
      caseId,
      kind,
      itemId: randomUUID(),
      key: await sharedKey(handler, caseId),
      signSecretKey: handler.bundle.signSecretKey,
      value: (kind === 'transcript' ? value : { text: value.text }) as never,
    });
  }

  async function newCaseWithTranscript(text = SECRET_TEXT) {
    const built = await submitReport(t, org, { title: 'Invoices', body: 'Split invoices' });
    const caseId = built.body.caseId;
    const item = await transcript(caseId, { text, source: 'meeting', recordingId: '' });
    await t.http.post(`/api/staff/cases/${caseId}/transcripts`).set(handler.headers).send(item).expect(201);
    return { built, caseId, item };
  }

  function review(built: BuiltSubmission, item: WireItem, decision: TranscriptDecision, over: Partial<{ digest: Uint8Array; signer: Uint8Array }> = {}) {
    const digest = over.digest ?? transcriptDigest(item);
    const signature = signTranscriptReview(built.body.caseId, item.itemId, decision, digest, over.signer ?? built.reporter.sign.secretKey);
    return t.http
      .post(`/api/public/case/transcripts/${item.itemId}/review`)
      .set('Authorization', bearerOf(built))
      .send({ decision, transcriptSha256: toB64(digest), signature: toB64(signature) });
  }

  const reviewsIn = async (caseId: string) =>
    (await t.db.query('SELECT decision FROM transcript_reviews WHERE case_id = $1', [caseId])) as { decision: string }[];

  it('reaches the reporter, who approves it with a signature the server and the console check', async () => {
    const { built, caseId, item } = await newCaseWithTranscript();

    const answer = (await t.http.get('/api/public/case').set('Authorization', bearerOf(built)).expect(200)).body as CaseAnswer & {
      transcriptReviews: unknown[];
    };
    expect(answer.items.filter((i) => i.kind === 'transcript').map((i) => i.itemId)).toEqual([item.itemId]);
    expect(answer.transcriptReviews).toEqual([]);
    const opened = readCase(answer, built.reporter).view;
    expect(opened.transcripts).toEqual([expect.objectContaining({ itemId: item.itemId, text: SECRET_TEXT, source: 'meeting', verified: true, review: null })]);

    const res = await review(built, item, 'approved').expect(201);
    expect(res.body).toMatchObject({ transcriptId: item.itemId, decision: 'approved', transcriptSha256: toB64(transcriptDigest(item)) });

    // The console reads the review beside the transcript and checks it against the reporter's key.
    const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200)).body;
    expect(view.transcriptReviews).toHaveLength(1);
    const [r] = view.transcriptReviews as { transcriptId: string; decision: TranscriptDecision; transcriptSha256: string; signature: string }[];
    const stored = (view.items as WireItem[]).find((i) => i.itemId === item.itemId)!;
    expect(
      transcriptReviewValid(caseId, r.transcriptId, r.decision, transcriptDigest(stored), fromB64(r.signature, 64), fromB64(view.reporterSignPublicKey, 32)),
    ).toBe(true);
    const again = readCase((await t.http.get('/api/public/case').set('Authorization', bearerOf(built)).expect(200)).body, built.reporter).view;
    expect(again.transcripts[0].review).toMatchObject({ decision: 'approved', verified: true });

    // Logged as what happened, never what it said.
    const events = (await t.db.query(`SELECT actor_kind, action, details FROM ${RECORDED_EVENTS_SQL} e WHERE case_id = $1 AND action LIKE '%transcript%'`, [
      caseId,
    ])) as { actor_kind: string; action: string; details: Record<string, unknown> }[];
    expect(events).toEqual(
      expect.arrayContaining([
        { actor_kind: 'staff', action: 'case.transcript_added', details: {} },
        { actor_kind: 'reporter', action: 'reporter.transcript_reviewed', details: { decision: 'approved', timeRoundedToMinutes: expect.any(Number) } },
      ]),
    );
    const dump = JSON.stringify(await t.db.query('SELECT * FROM transcript_reviews WHERE case_id = $1', [caseId]));
    expect(dump).not.toContain('TRANSCRIPT-MARKER');
  });

  it('records corrections proposed, and accepts one review per transcript', async () => {
    const { built, caseId, item } = await newCaseWithTranscript('Minutes of the call');
    await review(built, item, 'corrections-proposed').expect(201);
    const second = await review(built, item, 'approved').expect(409);
    expect(second.body.error).toBe('transcript_reviewed');
    expect(await reviewsIn(caseId)).toEqual([{ decision: 'corrections-proposed' }]);
  });

  it('refuses a review made on another transcript’s hash, and stores nothing', async () => {
    const { built, caseId, item } = await newCaseWithTranscript('First version');
    const other = await transcript(caseId, { text: 'Second version', source: 'meeting', recordingId: '' });
    await t.http.post(`/api/staff/cases/${caseId}/transcripts`).set(handler.headers).send(other).expect(201);
    const res = await review(built, item, 'approved', { digest: transcriptDigest(other) }).expect(409);
    expect(res.body.error).toBe('transcript_changed');
    expect(await reviewsIn(caseId)).toEqual([]);
  });

  it('refuses a signature that is not the reporter’s, a transcript of another case and a message', async () => {
    const { built, caseId, item } = await newCaseWithTranscript('Signed by whom?');
    const wrong = await review(built, item, 'approved', { signer: handler.bundle.signSecretKey }).expect(400);
    expect(wrong.body.error).toBe('bad_review_signature');

    const elsewhere = await newCaseWithTranscript('Another case');
    const foreign = await review(built, elsewhere.item, 'approved').expect(404);
    expect(foreign.body.error).toBe('transcript_not_found');

    const message = await transcript(caseId, { text: 'Just a reply', source: 'meeting', recordingId: '' }, 'message-handler');
    await t.http.post(`/api/staff/cases/${caseId}/messages`).set(handler.headers).send(message).expect(201);
    expect((await review(built, message, 'approved').expect(404)).body.error).toBe('transcript_not_found');
    expect(await reviewsIn(caseId)).toEqual([]);
    expect(await reviewsIn(elsewhere.caseId)).toEqual([]);
  });

  it('answers malformed reviews and transcripts with 400, and a wrong secret with 401', async () => {
    const { built, caseId, item } = await newCaseWithTranscript('Shapes');
    const bad = async (body: Record<string, unknown>) =>
      expect(
        (await t.http.post(`/api/public/case/transcripts/${item.itemId}/review`).set('Authorization', bearerOf(built)).send(body).expect(400)).body.error,
      ).toBe('invalid_request');
    const digest = toB64(transcriptDigest(item));
    const signature = toB64(new Uint8Array(64));
    await bad({ decision: 'maybe', transcriptSha256: digest, signature });
    await bad({ decision: 'approved', transcriptSha256: digest.slice(0, 10), signature });
    await bad({ decision: 'approved', transcriptSha256: digest });
    await t.http.post(`/api/public/case/transcripts/NOT-A-UUID/review`).set('Authorization', bearerOf(built)).send({}).expect(400);
    await t.http
      .post(`/api/public/case/transcripts/${item.itemId}/review`)
      .set('Authorization', `Bearer ${toB64(new Uint8Array(32).fill(3))}`)
      .send({ decision: 'approved', transcriptSha256: digest, signature })
      .expect(401);
    expect(await reviewsIn(caseId)).toEqual([]);

    // A transcript route takes transcripts only, under the case's shared key.
    const asMessage = await transcript(caseId, { text: 'x', source: 'meeting', recordingId: '' }, 'message-handler');
    expect((await t.http.post(`/api/staff/cases/${caseId}/transcripts`).set(handler.headers).send(asMessage).expect(400)).body.error).toBe(
      'item_kind_not_allowed',
    );
  });

  it('is for the case’s handlers only', async () => {
    const built = await submitReport(t, org, { title: 'T', body: 'B' });
    const item = await transcript(built.body.caseId, { text: 'x', source: 'phone-call', recordingId: '' });
    await t.http.post(`/api/staff/cases/${built.body.caseId}/transcripts`).set(colleague.headers).send(item).expect(403);
    expect((await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'transcript'", [built.body.caseId]))[0].n).toBe(0);
  });
});
