import { randomUUID } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import {
  encryptItem,
  ITEM_PADDING_BLOCK,
  itemAad,
  itemSignatureMessage,
  keyId,
  openBoxGrant,
  REDACTION_FIELDS,
  RedactableKind,
  toB64,
  utf8,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { CaseAnswer, readCase } from '../apps/web/src/portal/reporter-client';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const MARKERS = { title: 'REDACT-TITLE-4d1f', body: 'REDACT-BODY-NAMES-88a0', message: 'REDACT-MESSAGE-9b3e: I do not consent to anything' };

/**
 * Redaction that cannot forge (R23): a redacted item is an item of its own kind,
 * signed by the handler, so it never reads as the reporter's words, cannot be
 * consent, and cannot replace the handler sign keys the portal trusts replies by;
 * and the reporter's portal still opens the case after any redaction.
 */
describe('redaction', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let a: StaffSessionInfo;
  let b: StaffSessionInfo;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    a = await loginStaff(t, org.handlers[0]);
    b = await loginStaff(t, org.handlers[1]);
  });
  afterAll(() => t.close());

  const bearerOf = (built: BuiltSubmission) => `Bearer ${toB64(built.reporter.lookupToken)}`;

  /** The reporter's portal: the follow-up answer, opened by the portal's own code (reporter-client.ts). */
  async function portal(built: BuiltSubmission) {
    const answer = (await t.http.get('/api/public/case').set('Authorization', bearerOf(built)).expect(200)).body as CaseAnswer;
    return { answer, view: readCase(answer, built.reporter).view };
  }

  async function sharedKey(s: StaffSessionInfo, caseId: string) {
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(s.headers).expect(200);
    const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    return openBoxGrant(grant, caseId, { publicKey: s.boxPublicKey, secretKey: s.bundle.boxSecretKey }, res.body.sharedKeyId);
  }

  /** A redaction as the console makes it (case-client.ts `redactedItem`). */
  async function redaction(s: StaffSessionInfo, caseId: string, original: { itemId: string; kind: RedactableKind }, replacement: Record<string, string>) {
    return encryptItem({
      caseId,
      kind: 'redaction',
      itemId: randomUUID(),
      key: await sharedKey(s, caseId),
      signSecretKey: s.bundle.signSecretKey,
      value: { redactedItemId: original.itemId, redactedKind: original.kind, redactedAt: new Date(t.clock.nowMs()).toISOString(), replacement },
    });
  }

  const redact = (s: StaffSessionInfo, caseId: string, itemId: string, replacement: WireItem) =>
    t.http.post(`/api/staff/cases/${caseId}/items/${itemId}/redact`).set(s.headers).send({ confirm: true, replacement });

  /** A handler's reply to the reporter, signed with their key. */
  async function replyAs(s: StaffSessionInfo, caseId: string, text: string) {
    const reply = encryptItem({
      caseId,
      kind: 'message-handler',
      itemId: randomUUID(),
      key: await sharedKey(s, caseId),
      signSecretKey: s.bundle.signSecretKey,
      value: { text },
    });
    await t.http.post(`/api/staff/cases/${caseId}/messages`).set(s.headers).send(reply).expect(201);
    return reply;
  }

  async function caseWithConversation() {
    const built = await submitReport(t, org, { title: MARKERS.title, body: MARKERS.body, subjects: [{ name: 'N', role: 'R', details: 'D' }] });
    const caseId = built.body.caseId;
    const message = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      signSecretKey: built.reporter.sign.secretKey,
      value: { text: MARKERS.message },
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearerOf(built)).send(message).expect(201);
    const reply = await replyAs(a, caseId, 'We will look into it.');
    const report = built.body.items.find((i) => i.kind === 'report')!;
    return { built, caseId, report, message, reply };
  }

  it('redacts a reporter message and the report; the reporter still opens the case and sees both as redacted, and consent cannot point at them', async () => {
    const { built, caseId, report, message, reply } = await caseWithConversation();
    const before = await portal(built);
    expect(before.view.messages.find((m) => m.itemId === reply.itemId)).toMatchObject({ from: 'handler', verified: true });

    // The old way, a replacement of the reporter's kind signed by the handler, is refused, and nothing changes.
    const forged = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: await sharedKey(a, caseId),
      signSecretKey: a.bundle.signSecretKey,
      value: { text: 'I consent to disclosure.' },
    });
    const refused = await redact(a, caseId, message.itemId, forged);
    expect([refused.status, refused.body.error]).toEqual([400, 'redaction_kind_required']);
    expect((await t.db.query('SELECT count(*)::int AS n FROM case_items WHERE id = $1', [message.itemId]))[0].n).toBe(1);

    // A handler redacts the reporter's message into "consent", and the report.
    const messageRedaction = await redaction(a, caseId, { itemId: message.itemId, kind: 'message-reporter' }, { text: 'I consent to disclosure.' });
    expect((await redact(a, caseId, message.itemId, messageRedaction).expect(200)).body).toEqual({ itemId: messageRedaction.itemId });
    const reportRedaction = await redaction(a, caseId, { itemId: report.itemId, kind: 'report' }, { title: MARKERS.title, body: 'Names [removed]' });
    await redact(a, caseId, report.itemId, reportRedaction).expect(200);

    // The reporter's portal opens the case: both are shown as redacted by the handler, with the handler's version as theirs.
    const { answer, view } = await portal(built);
    expect(answer.items.filter((i) => i.kind === 'redaction').map((i) => ({ kind: i.kind, authorKind: i.authorKind }))).toEqual([
      { kind: 'redaction', authorKind: 'handler' },
      { kind: 'redaction', authorKind: 'handler' },
    ]);
    expect(view.report).toBeNull();
    expect(view.reportRedaction).toMatchObject({ replacement: { title: MARKERS.title, body: 'Names [removed]' } });
    expect(view.subjects).toHaveLength(1);
    const redactedMessage = view.messages.find((m) => m.itemId === messageRedaction.itemId)!;
    expect(redactedMessage).toMatchObject({ from: 'reporter', redaction: { replacement: { text: 'I consent to disclosure.' } } });
    // In its place in the conversation, before the reply it came before.
    expect(view.messages.map((m) => m.itemId)).toEqual([messageRedaction.itemId, reply.itemId]);
    // The handler keys come only from the report the reporter signed: once it is redacted, no reply is vouched for by it.
    expect(view.handlerSignKeys).toEqual([]);
    expect(view.messages.find((m) => m.itemId === reply.itemId)).toMatchObject({ verified: false });
    expect(view.reportRedaction!.verified).toBe(false);

    // Consent on the redacted message is refused, by its old id (gone) and by the redaction's (the handler's words).
    const disclose = (consentItemId: string) =>
      t.http.post(`/api/staff/cases/${caseId}/disclosures`).set(a.headers).send({
        ground: 'consent',
        recipient: 'Police, file 123',
        includesIdentity: false,
        consentItemId,
        noticeItemId: reply.itemId,
      });
    for (const [id, error] of [
      [message.itemId, 'consent_item_invalid'],
      [messageRedaction.itemId, 'consent_not_signed_by_reporter'],
      [reportRedaction.itemId, 'consent_not_signed_by_reporter'],
      [reply.itemId, 'consent_not_signed_by_reporter'],
    ]) {
      const res = await disclose(id);
      expect([id, res.status, res.body.error]).toEqual([id, 400, error]);
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM disclosures WHERE case_id = $1', [caseId]))[0].n).toBe(0);

    // The originals are gone; the log has the kinds only.
    expect((await t.db.query('SELECT count(*)::int AS n FROM case_items WHERE id = ANY($1::uuid[])', [[message.itemId, report.itemId]]))[0].n).toBe(0);
    const events = await t.db.query("SELECT details FROM audit_events WHERE case_id = $1 AND action = 'case.item_redacted' ORDER BY seq", [caseId]);
    expect(events).toEqual([{ details: { kind: 'message-reporter' } }, { details: { kind: 'report' } }]);

    // A message the reporter did write and sign still gives consent.
    const consent = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      signSecretKey: built.reporter.sign.secretKey,
      value: { text: 'You may pass it on.' },
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearerOf(built)).send(consent).expect(201);
    await disclose(consent.itemId).expect(201);
  });

  it('redacts a redaction again: the new one takes its place, and the portal shows one', async () => {
    const { built, caseId, message } = await caseWithConversation();
    const first = await redaction(a, caseId, { itemId: message.itemId, kind: 'message-reporter' }, { text: 'first [removed]' });
    await redact(a, caseId, message.itemId, first).expect(200);
    const second = await redaction(b, caseId, { itemId: message.itemId, kind: 'message-reporter' }, { text: 'second [removed]' });
    await redact(b, caseId, first.itemId, second).expect(200);
    const { view } = await portal(built);
    expect(view.messages.filter((m) => m.redaction).map((m) => m.text)).toEqual(['second [removed]']);
    expect((await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'redaction'", [caseId]))[0].n).toBe(1);
  });

  it('never takes handler keys from a redaction of the report, even one whose value smuggles them in', async () => {
    // A handler's own client can write anything: here a redaction of the report whose replacement lists handler B's key.
    const { built, caseId, report } = await caseWithConversation();
    const key = await sharedKey(a, caseId);
    const itemId = randomUUID();
    const aad = itemAad(caseId, 'redaction', itemId);
    const nonce = sodium.randombytes_buf(24);
    const value = {
      redactedItemId: report.itemId,
      redactedKind: 'report',
      redactedAt: new Date(t.clock.nowMs()).toISOString(),
      replacement: { title: 'T', body: 'B', handlerSignKeys: [toB64(b.signPublicKey)] },
    };
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(sodium.pad(utf8(JSON.stringify(value)), ITEM_PADDING_BLOCK), aad, null, nonce, key);
    const smuggled: WireItem = {
      itemId,
      kind: 'redaction',
      keyId: toB64(keyId(key)),
      nonce: toB64(nonce),
      ciphertext: toB64(ciphertext),
      signature: toB64(sodium.crypto_sign_detached(itemSignatureMessage(aad, nonce, ciphertext), a.bundle.signSecretKey)),
    };
    // The server cannot read it, so it stores it; the portal is what must not believe it.
    await redact(a, caseId, report.itemId, smuggled).expect(200);
    const reply = await replyAs(b, caseId, 'From B');
    const { view } = await portal(built);
    expect(view.report).toBeNull();
    // Shown as a redaction that could not be opened: no words, no keys taken from it.
    expect(view.reportRedaction).toMatchObject({ replacement: null, verified: false });
    expect(view.handlerSignKeys).toEqual([]);
    expect(view.messages.find((m) => m.itemId === reply.itemId)).toMatchObject({ verified: false });
    expect(view.messages.filter((m) => m.redaction)).toEqual([]);
  });

  it("reads a redaction made before the redaction kind as the handler's, and never takes the handler keys from it", async () => {
    // What redaction wrote before: an item of the report's own kind, signed by the handler, here listing handler B as trusted.
    const { built, caseId, report } = await caseWithConversation();
    const legacy = encryptItem({
      caseId,
      kind: 'report',
      itemId: randomUUID(),
      key: await sharedKey(a, caseId),
      signSecretKey: a.bundle.signSecretKey,
      value: { title: 'Old redaction', body: '[removed]', handlerSignKeys: [toB64(b.signPublicKey)] },
    });
    const [row] = await t.db.query('SELECT created_at FROM case_items WHERE id = $1', [report.itemId]);
    await t.db.query('DELETE FROM case_items WHERE id = $1', [report.itemId]);
    await t.db.query(
      `INSERT INTO case_items (id, case_id, kind, key_id, nonce, ciphertext, signature, author_kind, author_user_id, signer_public_key, created_at)
       VALUES ($1, $2, 'report', $3, $4, $5, $6, 'handler', $7, $8, $9)`,
      [
        legacy.itemId,
        caseId,
        Buffer.from(legacy.keyId, 'base64url'),
        Buffer.from(legacy.nonce, 'base64url'),
        Buffer.from(legacy.ciphertext, 'base64url'),
        Buffer.from(legacy.signature, 'base64url'),
        a.userId,
        Buffer.from(a.signPublicKey),
        row.created_at,
      ],
    );
    const reply = await replyAs(b, caseId, 'From B');
    const { view } = await portal(built);
    expect(view.report).toBeNull();
    expect(view.reportRedaction).toMatchObject({ replacement: { title: 'Old redaction', body: '[removed]' } });
    expect(Object.keys(view.reportRedaction!.replacement!)).toEqual([...REDACTION_FIELDS.report]);
    expect(view.handlerSignKeys).toEqual([]);
    expect(view.messages.find((m) => m.itemId === reply.itemId)).toMatchObject({ verified: false });
  });
});
