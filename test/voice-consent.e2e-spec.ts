import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  encryptItem,
  openBoxGrant,
  signTranscriptReview,
  signVoiceConsent,
  toB64,
  transcriptDigest,
  VoiceConsentChoice,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { VoiceRecordingsService } from '@kanava/attachments';
import { startTestApp, TestApp } from './helpers/app';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { PreparedAttachment, reporterAttaches } from './helpers/attachments';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

const DAY_MS = 86_400_000;

/**
 * Consent to keep a voice message (R28): the reporter signs "keep" or "transcript only"
 * for their recording; a transcript-only recording is destroyed (stored ciphertext and
 * row, logged without content) once a transcript naming it is approved, or after 90
 * days; a kept one stays. A private database: the sweep looks at every case.
 */
describe('voice message consent', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let org: TestOrganisation;
  let handler: StaffSessionInfo;
  let recordings: VoiceRecordingsService;

  beforeAll(async () => {
    db = await createPrivateDatabase('voice_consent');
    t = await startTestApp({}, { databaseUrl: db.url });
    org = await makeOrganisation(t, { handlers: 1 });
    handler = await loginStaff(t, org.handlers[0]);
    recordings = t.app.get(VoiceRecordingsService);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const bearerOf = (built: BuiltSubmission) => `Bearer ${toB64(built.reporter.lookupToken)}`;
  const storedFiles = (caseId: string, id: string) => {
    const dir = path.join(t.config.dataDir, 'attachments', 'cases', caseId, id);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  async function caseWithRecording() {
    const built = await submitReport(t, org, { title: 'Voice', body: 'See the voice message.' });
    const recording = await reporterAttaches(t.http, built, { bytes: new Uint8Array(40_000).fill(7), name: 'voice-message.wav', type: 'audio/wav' });
    return { built, caseId: built.body.caseId, recording };
  }

  const consent = (built: BuiltSubmission, a: PreparedAttachment, choice: VoiceConsentChoice, signer = built.reporter.sign.secretKey) =>
    t.http
      .post(`/api/public/case/attachments/${a.attachmentId}/voice-consent`)
      .set('Authorization', bearerOf(built))
      .send({ choice, signature: toB64(signVoiceConsent(built.body.caseId, a.attachmentId, choice, signer)) });

  async function sharedKey(caseId: string) {
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200);
    const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    return openBoxGrant(grant, caseId, { publicKey: handler.boxPublicKey, secretKey: handler.bundle.boxSecretKey }, res.body.sharedKeyId);
  }

  async function transcribe(caseId: string, recordingId: string): Promise<WireItem> {
    const item = encryptItem({
      caseId,
      kind: 'transcript',
      itemId: randomUUID(),
      key: await sharedKey(caseId),
      signSecretKey: handler.bundle.signSecretKey,
      value: { text: 'What the voice message said.', source: 'voice-message', recordingId },
    });
    await t.http
      .post(`/api/staff/cases/${caseId}/transcripts`)
      .set(handler.headers)
      .send({ ...item, recordingId })
      .expect(201);
    return item;
  }

  const approve = (built: BuiltSubmission, item: WireItem) =>
    t.http
      .post(`/api/public/case/transcripts/${item.itemId}/review`)
      .set('Authorization', bearerOf(built))
      .send({
        decision: 'approved',
        transcriptSha256: toB64(transcriptDigest(item)),
        signature: toB64(signTranscriptReview(built.body.caseId, item.itemId, 'approved', transcriptDigest(item), built.reporter.sign.secretKey)),
      })
      .expect(201);

  it('takes the reporter’s signed choice once, for their own recording only', async () => {
    const { built, caseId, recording } = await caseWithRecording();
    expect((await consent(built, recording, 'keep', handler.bundle.signSecretKey).expect(400)).body.error).toBe('bad_consent_signature');
    const res = await consent(built, recording, 'transcript-only').expect(201);
    expect(res.body).toMatchObject({ attachmentId: recording.attachmentId, choice: 'transcript-only', destroyedAt: null });
    expect(Date.parse(res.body.destroyBy) - Date.parse(res.body.givenAt)).toBe(90 * DAY_MS);
    expect((await consent(built, recording, 'keep').expect(409)).body.error).toBe('voice_consent_given');

    const unknown = { ...recording, attachmentId: randomUUID() };
    expect((await consent(built, unknown, 'keep').expect(404)).body.error).toBe('attachment_not_found');
    await t.http
      .post(`/api/public/case/attachments/${recording.attachmentId}/voice-consent`)
      .set('Authorization', bearerOf(built))
      .send({ choice: 'forever', signature: toB64(new Uint8Array(64)) })
      .expect(400);

    // Both views list the choice; the audit log keeps the choice, not the file.
    const answer = (await t.http.get('/api/public/case').set('Authorization', bearerOf(built)).expect(200)).body;
    expect(answer.voiceConsents).toEqual([expect.objectContaining({ attachmentId: recording.attachmentId, choice: 'transcript-only' })]);
    const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200)).body;
    expect(view.voiceConsents).toEqual(answer.voiceConsents);
    const events = await t.db.query(`SELECT action, details FROM ${RECORDED_EVENTS_SQL} e WHERE case_id = $1 AND action = 'reporter.voice_consent_given'`, [
      caseId,
    ]);
    expect(events).toEqual([{ action: 'reporter.voice_consent_given', details: { choice: 'transcript-only', timeRoundedToMinutes: expect.any(Number) } }]);
  });

  it('destroys a transcript-only recording once its transcript is approved, and logs only that', async () => {
    const { built, caseId, recording } = await caseWithRecording();
    await consent(built, recording, 'transcript-only').expect(201);
    const item = await transcribe(caseId, recording.attachmentId);
    expect(await recordings.destroyDue()).toBe(0);
    expect(storedFiles(caseId, recording.attachmentId).length).toBeGreaterThan(0);

    await approve(built, item);
    expect(await recordings.destroyDue()).toBe(1);
    expect(storedFiles(caseId, recording.attachmentId)).toEqual([]);
    expect(await t.db.query('SELECT id FROM attachments WHERE id = $1', [recording.attachmentId])).toEqual([]);
    const [row] = await t.db.query('SELECT destroyed_at FROM voice_consents WHERE attachment_id = $1', [recording.attachmentId]);
    expect(row.destroyed_at).toBeInstanceOf(Date);
    const events = await t.db.query(`SELECT actor_kind, details FROM ${RECORDED_EVENTS_SQL} e WHERE case_id = $1 AND action = 'case.recording_destroyed'`, [
      caseId,
    ]);
    expect(events).toEqual([{ actor_kind: 'system', details: { attachmentId: recording.attachmentId, reason: 'transcript_approved' } }]);
    // The transcript stays, and the case says what became of the recording.
    const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200)).body;
    expect(view.items.some((i: WireItem) => i.itemId === item.itemId)).toBe(true);
    expect(view.voiceConsents[0].destroyedAt).toEqual(row.destroyed_at.toISOString());
    expect(await recordings.destroyDue()).toBe(0);
  });

  it('keeps a recording the reporter allowed to keep, and destroys an untranscribed transcript-only one after 90 days', async () => {
    const kept = await caseWithRecording();
    await consent(kept.built, kept.recording, 'keep').expect(201);
    await approve(kept.built, await transcribe(kept.caseId, kept.recording.attachmentId));
    const waiting = await caseWithRecording();
    await consent(waiting.built, waiting.recording, 'transcript-only').expect(201);
    const plain = await caseWithRecording(); // no choice given: an ordinary file, never touched

    expect(await recordings.destroyDue()).toBe(0);
    // Every transcript-only recording still here (this file's earlier ones too) is past its period.
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM voice_consents WHERE choice = 'transcript-only' AND destroyed_at IS NULL");
    expect(n).toBeGreaterThanOrEqual(1);
    t.clock.advance(91 * DAY_MS);
    try {
      expect(await recordings.destroyDue()).toBe(n);
    } finally {
      t.clock.advance(-91 * DAY_MS);
    }
    expect(storedFiles(waiting.caseId, waiting.recording.attachmentId)).toEqual([]);
    expect(storedFiles(kept.caseId, kept.recording.attachmentId).length).toBeGreaterThan(0);
    expect(storedFiles(plain.caseId, plain.recording.attachmentId).length).toBeGreaterThan(0);
    const [event] = await t.db.query(`SELECT details FROM ${RECORDED_EVENTS_SQL} e WHERE case_id = $1 AND action = 'case.recording_destroyed'`, [
      waiting.caseId,
    ]);
    expect(event.details).toEqual({ attachmentId: waiting.recording.attachmentId, reason: 'period_ended' });
  });

  it('refuses a transcript naming a recording that is not a file of the case, and stores nothing', async () => {
    const { caseId } = await caseWithRecording();
    const other = await caseWithRecording();
    const item = encryptItem({
      caseId,
      kind: 'transcript',
      itemId: randomUUID(),
      key: await sharedKey(caseId),
      signSecretKey: handler.bundle.signSecretKey,
      value: { text: 'x', source: 'voice-message', recordingId: other.recording.attachmentId },
    });
    const res = await t.http
      .post(`/api/staff/cases/${caseId}/transcripts`)
      .set(handler.headers)
      .send({ ...item, recordingId: other.recording.attachmentId })
      .expect(400);
    expect(res.body.error).toBe('recording_not_found');
    expect(await t.db.query('SELECT id FROM case_items WHERE id = $1', [item.itemId])).toEqual([]);
  });
});
