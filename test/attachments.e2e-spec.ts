import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ATTACHMENT_HEADER_BYTES, ATTACHMENT_RECORD_BYTES, CryptoError, CryptoErrorCode, openBoxGrant, toB64, WireGrant } from '@kanava/crypto';
import { AttachmentsService } from '@kanava/attachments';
import { startTestApp, TestApp } from './helpers/app';
import {
  decryptToBuffer,
  encryptToBuffer,
  openListedAttachment,
  prepareAttachment,
  PreparedAttachment,
  rawRequest,
  RawResponse,
  submitCase,
} from './helpers/attachments';
import { BuiltSubmission, loginStaff, StaffSessionInfo } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const sha256b64 = (b: Uint8Array) => `sha256 ${createHash('sha256').update(b).digest('base64')}`;

describe('encrypted attachments', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let built: BuiltSubmission;
  let bearer: string;
  let caseId: string;
  let base: string;
  let handler: StaffSessionInfo;

  const storedFiles = (id: string) => {
    const dir = path.join(t.config.dataDir, 'attachments', 'cases', caseId, id);
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const reporterAttachment = (trueSize: number) =>
    prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize });
  const create = (a: PreparedAttachment) => t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create);
  const put = (id: string, body: Buffer, headers: Record<string, string> = {}) =>
    t.http
      .put(`/api/public/case/attachments/${id}/content`)
      .set('Authorization', bearer)
      .set('Content-Type', 'application/octet-stream')
      .set(headers)
      .send(body);
  const patch = (id: string, offset: number, body: Buffer, headers: Record<string, string> = {}) =>
    t.http
      .patch(`/api/public/case/attachments/${id}/content`)
      .set('Authorization', bearer)
      .set('Content-Type', 'application/offset+octet-stream')
      .set('Upload-Offset', String(offset))
      .set(headers)
      .send(body);
  const offsetOf = async (id: string) =>
    Number((await t.http.head(`/api/public/case/attachments/${id}/content`).set('Authorization', bearer).expect(200)).headers['upload-offset']);
  const download = async (id: string, headers: Record<string, string> = {}) => {
    const res = await rawRequest(`${base}/api/public/case/attachments/${id}/content`, 'GET', { Authorization: bearer, ...headers });
    return res as RawResponse;
  };

  beforeAll(async () => {
    t = await startTestApp({
      KANAVA_ATTACHMENT_MAX_BYTES: String(24 + 40 * ATTACHMENT_RECORD_BYTES),
      KANAVA_CASE_ATTACHMENTS_MAX_BYTES: String(5 * (24 + 40 * ATTACHMENT_RECORD_BYTES)),
      KANAVA_CASE_ATTACHMENTS_MAX_FILES: '12',
    });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    org = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    ({ built, bearer, caseId } = await submitCase(t.http, org));
    handler = await loginStaff(t, org.handlers[0]);
  });
  afterAll(() => t.close());

  it('uploads from the reporter, lists it in the case and reads it back bit-exact, whole and by range', async () => {
    const plain = randomBytes(150_000);
    const a = reporterAttachment(plain.length);
    const cipher = await encryptToBuffer(a, plain);
    expect(cipher.length).toBe(a.size);
    const created = await create(a).expect(201);
    expect(created.body).toMatchObject({ attachmentId: a.attachmentId, size: a.size, complete: false, uploadOffset: 0 });

    // Incomplete: visible to its uploader only, and not readable.
    expect((await download(a.attachmentId)).status).toBe(409);
    const staffList = await t.http.get(`/api/staff/cases/${caseId}/attachments`).set(handler.headers).expect(200);
    expect(staffList.body.attachments).toEqual([]);

    const res = await put(a.attachmentId, cipher).expect(204);
    expect(res.headers['upload-offset']).toBe(String(a.size));
    expect(storedFiles(a.attachmentId)).toHaveLength(1);

    const view = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    const listed = view.body.attachments.find((x: { attachmentId: string }) => x.attachmentId === a.attachmentId);
    expect(listed).toMatchObject({
      size: a.size,
      complete: true,
      meta: { kind: 'attachment-meta', itemId: a.attachmentId },
      fileKey: { kind: 'attachment-key' },
    });
    const opened = openListedAttachment(listed, caseId, built.sharedKey);
    expect(opened.trueSize).toBe(plain.length);

    const whole = await download(a.attachmentId);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe(String(a.size));
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.compare(await decryptToBuffer({ ...a, fileKey: opened.fileKey }, whole.body), Buffer.from(plain))).toBe(0);

    const part = await download(a.attachmentId, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${a.size}`);
    expect(Buffer.compare(part.body, cipher.subarray(100, 200))).toBe(0);
    const tail = await download(a.attachmentId, { Range: 'bytes=-10' });
    expect(Buffer.compare(tail.body, cipher.subarray(cipher.length - 10))).toBe(0);
    const outside = await download(a.attachmentId, { Range: `bytes=${a.size}-` });
    expect(outside.status).toBe(416);
    expect(JSON.parse(outside.body.toString())).toMatchObject({ error: 'range_not_satisfiable' });

    expect((await put(a.attachmentId, cipher).expect(409)).body.error).toBe('upload_complete');
  });

  it('refuses bad announcements with specific codes and stores nothing', async () => {
    const ok = reporterAttachment(1000);
    const expectError = async (body: object, status: number, error: string) => {
      const res = await t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(body).expect(status);
      expect(res.body.error).toBe(error);
    };
    await expectError({ ...ok.create, size: ok.size - 1 }, 400, 'invalid_attachment_size');
    await expectError({ ...ok.create, size: 24 + 17 * ATTACHMENT_RECORD_BYTES }, 400, 'invalid_attachment_size'); // 17 chunks is not a padded size
    await expectError({ ...ok.create, meta: ok.create.fileKey }, 400, 'item_kind_not_allowed');
    await expectError({ ...ok.create, attachmentId: randomUUID() }, 400, 'attachment_id_mismatch');
    const foreignKey = prepareAttachment({ caseId, sharedKey: randomBytes(32), signSecretKey: built.reporter.sign.secretKey, trueSize: 1000 });
    await expectError(foreignKey.create, 400, 'key_id_mismatch');
    const otherSigner = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: handler.bundle.signSecretKey, trueSize: 1000 });
    await expectError(otherSigner.create, 400, 'bad_item_signature');
    await expectError({ ...ok.create, size: 'big' }, 400, 'invalid_request');
    const tooLarge = reporterAttachment(41 * 65536);
    await expectError(tooLarge.create, 413, 'attachment_too_large');
    await t.http.post('/api/public/case/attachments').set('Authorization', 'Bearer nope').send(ok.create).expect(401);
    expect(await t.db.query('SELECT 1 FROM attachments WHERE id = ANY($1)', [[ok.attachmentId, tooLarge.attachmentId, foreignKey.attachmentId]])).toEqual([]);
    await create(ok).expect(201);
    await expectError(ok.create, 409, 'attachment_exists');
  });

  it('enforces the per-case total and file count', async () => {
    const other = await submitCase(t.http, org);
    const make = (chunks: number) =>
      prepareAttachment({
        caseId: other.caseId,
        sharedKey: other.built.sharedKey,
        signSecretKey: other.built.reporter.sign.secretKey,
        trueSize: chunks * 65536,
      });
    const post = (a: PreparedAttachment) => t.http.post('/api/public/case/attachments').set('Authorization', other.bearer).send(a.create);
    for (let i = 0; i < 5; i++) await post(make(40)).expect(201); // exactly the case total
    const over = await post(make(1)).expect(413);
    expect(over.body.error).toBe('case_attachments_too_large');

    const third = await submitCase(t.http, org);
    const small = () =>
      prepareAttachment({ caseId: third.caseId, sharedKey: third.built.sharedKey, signSecretKey: third.built.reporter.sign.secretKey, trueSize: 10 });
    for (let i = 0; i < 12; i++) await t.http.post('/api/public/case/attachments').set('Authorization', third.bearer).send(small().create).expect(201);
    const many = await t.http.post('/api/public/case/attachments').set('Authorization', third.bearer).send(small().create).expect(400);
    expect(many.body.error).toBe('too_many_attachments');
  });

  it('checks the framing and size of uploaded bodies and keeps nothing of a refused one', async () => {
    const plain = randomBytes(3 * 65536);
    const a = reporterAttachment(plain.length);
    const cipher = await encryptToBuffer(a, plain);
    await create(a).expect(201);
    const expectUpload = async (req: ReturnType<typeof put>, status: number, error: string) => {
      const res = await req.expect(status);
      expect(res.body.error).toBe(error);
      expect(await offsetOf(a.attachmentId)).toBe(0);
      expect(storedFiles(a.attachmentId)).toEqual([]);
    };
    await expectUpload(put(a.attachmentId, cipher, { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectUpload(put(a.attachmentId, cipher.subarray(0, ATTACHMENT_HEADER_BYTES + ATTACHMENT_RECORD_BYTES)), 400, 'incomplete_content');
    await expectUpload(put(a.attachmentId, Buffer.concat([cipher, Buffer.alloc(5)])), 413, 'upload_exceeds_size');
    await expectUpload(patch(a.attachmentId, 0, cipher.subarray(0, 1000)), 400, 'partial_record');
    await expectUpload(patch(a.attachmentId, 24, cipher.subarray(24, 24 + ATTACHMENT_RECORD_BYTES)), 409, 'upload_offset_mismatch');
    await expectUpload(patch(a.attachmentId, 0, cipher.subarray(0, 24), { 'Upload-Offset': '-1' }), 400, 'invalid_upload_offset');
    await expectUpload(patch(a.attachmentId, 0, cipher.subarray(0, 24), { 'Upload-Checksum': 'md5 abc' }), 400, 'invalid_checksum');
    // Chunked transfer (no Content-Length): the size is checked while the body streams.
    const chunked = await rawRequest(
      `${base}/api/public/case/attachments/${a.attachmentId}/content`,
      'PUT',
      { Authorization: bearer, 'Content-Type': 'application/octet-stream' },
      (async function* () {
        yield cipher;
        yield Buffer.alloc(ATTACHMENT_RECORD_BYTES);
      })(),
    );
    expect((chunked as RawResponse).status).toBe(413);
    expect(storedFiles(a.attachmentId)).toEqual([]);

    // Whole records in PATCH steps are fine; PUT is refused once bytes are stored.
    const first = ATTACHMENT_HEADER_BYTES + ATTACHMENT_RECORD_BYTES;
    await patch(a.attachmentId, 0, cipher.subarray(0, first)).expect(204);
    await put(a.attachmentId, cipher).expect(409);
    await patch(a.attachmentId, first, cipher.subarray(first)).expect(204);
    expect(await offsetOf(a.attachmentId)).toBe(a.size);
    expect(Buffer.compare((await download(a.attachmentId)).body, cipher)).toBe(0);
  });

  it('resumes an upload cut at a random byte from the last whole record', async () => {
    const plain = randomBytes(20 * 65536 + 1234);
    const a = reporterAttachment(plain.length);
    const cipher = await encryptToBuffer(a, plain);
    await create(a).expect(201);
    const cut = 1 + Math.floor(Math.random() * (cipher.length - 2));
    const url = `${base}/api/public/case/attachments/${a.attachmentId}/content`;
    const pieces = async function* () {
      for (let i = 0; i < cipher.length; i += 16384) yield cipher.subarray(i, i + 16384);
    };
    expect(
      await rawRequest(
        url,
        'PUT',
        { Authorization: bearer, 'Content-Type': 'application/octet-stream', 'Content-Length': String(cipher.length) },
        pieces(),
        cut,
      ),
    ).toBe('cut');

    // A tus-style client: ask for the offset, append from there, retry on a conflict.
    for (let attempt = 0; ; attempt++) {
      const offset = await offsetOf(a.attachmentId);
      expect(offset).toBeLessThanOrEqual(cut);
      expect(offset === 0 || (offset - ATTACHMENT_HEADER_BYTES) % ATTACHMENT_RECORD_BYTES === 0).toBe(true);
      const rest = cipher.subarray(offset);
      const res = await patch(a.attachmentId, offset, rest, { 'Upload-Checksum': sha256b64(rest) });
      if (res.status === 204) break;
      expect(res.status).toBe(409);
      expect(attempt).toBeLessThan(5);
    }
    const back = await download(a.attachmentId);
    expect(Buffer.compare(await decryptToBuffer(a, back.body), Buffer.from(plain))).toBe(0);
  });

  it('rejects a corrupted chunk by its checksum, and a client rejects corruption the server could not see', async () => {
    const plain = randomBytes(4 * 65536);
    const a = reporterAttachment(plain.length);
    const cipher = await encryptToBuffer(a, plain);
    await create(a).expect(201);
    const first = ATTACHMENT_HEADER_BYTES + 2 * ATTACHMENT_RECORD_BYTES;
    await patch(a.attachmentId, 0, cipher.subarray(0, first), { 'Upload-Checksum': sha256b64(cipher.subarray(0, first)) }).expect(204);
    const chunk = Buffer.from(cipher.subarray(first));
    const checksum = sha256b64(chunk);
    chunk[1000] ^= 0x01;
    const bad = await patch(a.attachmentId, first, chunk, { 'Upload-Checksum': checksum }).expect(460);
    expect(bad.body).toEqual({ error: 'checksum_mismatch', message: expect.any(String) });
    expect(await offsetOf(a.attachmentId)).toBe(first);
    expect(storedFiles(a.attachmentId)).toHaveLength(1);
    await patch(a.attachmentId, first, cipher.subarray(first), { 'Upload-Checksum': checksum }).expect(204);
    expect(Buffer.compare(await decryptToBuffer(a, (await download(a.attachmentId)).body), Buffer.from(plain))).toBe(0);

    // Without a checksum the server stores what it gets; the reader's AEAD refuses it.
    const b = reporterAttachment(plain.length);
    const tampered = await encryptToBuffer(b, plain);
    tampered[ATTACHMENT_HEADER_BYTES + ATTACHMENT_RECORD_BYTES + 5] ^= 0x80;
    await create(b).expect(201);
    await put(b.attachmentId, tampered).expect(204);
    const err = await decryptToBuffer(b, (await download(b.attachmentId)).body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CryptoError);
    expect((err as CryptoError).code).toBe(CryptoErrorCode.StreamBadRecord);
  });

  it('lets a handler with access send a file to the reporter and read the reporter’s files', async () => {
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200);
    const grant = (view.body.grants as (WireGrant & { keyKind: string })[]).find((g) => g.keyKind === 'shared')!;
    const sharedKey = openBoxGrant(grant, caseId, { publicKey: handler.boxPublicKey, secretKey: handler.bundle.boxSecretKey });
    const plain = randomBytes(70_000);
    const a = prepareAttachment({ caseId, sharedKey, signSecretKey: handler.bundle.signSecretKey, trueSize: plain.length, name: 'answer.pdf' });
    const cipher = await encryptToBuffer(a, plain);
    const staffBase = `/api/staff/cases/${caseId}/attachments`;

    // Items signed with another key than the handler's own are refused.
    const forged = prepareAttachment({ caseId, sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: plain.length });
    expect((await t.http.post(staffBase).set(handler.headers).send(forged.create).expect(400)).body.error).toBe('bad_item_signature');

    await t.http.post(staffBase).set(handler.headers).send(a.create).expect(201);
    await t.http.head(`${staffBase}/${a.attachmentId}/content`).set(handler.headers).expect(200).expect('Upload-Offset', '0');
    // The reporter does not see an unfinished handler upload.
    await t.http.head(`/api/public/case/attachments/${a.attachmentId}/content`).set('Authorization', bearer).expect(404);
    await t.http.put(`${staffBase}/${a.attachmentId}/content`).set(handler.headers).set('Content-Type', 'application/octet-stream').send(cipher).expect(204);

    const reporterView = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    const listed = reporterView.body.attachments.find((x: { attachmentId: string }) => x.attachmentId === a.attachmentId);
    expect(listed).toMatchObject({ authorKind: 'handler', complete: true, meta: { signerPublicKey: toB64(handler.signPublicKey) } });
    const opened = openListedAttachment(listed, caseId, built.sharedKey);
    expect(opened.name).toBe('answer.pdf');
    const back = await download(a.attachmentId);
    expect(Buffer.compare(await decryptToBuffer({ ...a, fileKey: opened.fileKey }, back.body), Buffer.from(plain))).toBe(0);

    // The handler reads the reporter's complete files too, with ranges.
    const staffList = await t.http.get(staffBase).set(handler.headers).expect(200);
    const fromReporter = staffList.body.attachments.find((x: { authorKind: string; complete: boolean }) => x.authorKind === 'reporter' && x.complete);
    const range = await rawRequest(`${base}${staffBase}/${fromReporter.attachmentId}/content`, 'GET', { Cookie: handler.cookie, Range: 'bytes=0-23' });
    expect((range as RawResponse).status).toBe(206);
    expect((range as RawResponse).body).toHaveLength(24);
    // Nobody deletes the other side's evidence.
    expect((await t.http.delete(`${staffBase}/${fromReporter.attachmentId}`).set(handler.headers).expect(403)).body.error).toBe('not_author');
    await t.http.delete(`/api/public/case/attachments/${a.attachmentId}`).set('Authorization', bearer).expect(403);
  });

  it("lets a handler remove a reporter's file as irrelevant personal data, only when confirmed, and logs that without saying what", async () => {
    const a = reporterAttachment(5_000);
    await create(a).expect(201);
    await put(a.attachmentId, await encryptToBuffer(a, randomBytes(5_000))).expect(204);
    expect(storedFiles(a.attachmentId).length).toBeGreaterThan(0);
    const remove = (body: object, who = handler) => t.http.post(`/api/staff/cases/${caseId}/attachments/${a.attachmentId}/remove`).set(who.headers).send(body);

    // Not without the confirmation, and not by someone without the case: nothing changes.
    expect((await remove({}).expect(400)).body.message).toContain('confirm must be true');
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    expect((await remove({ confirm: true }, await loginStaff(t, other.handlers[0])).expect(404)).body.error).toBe('case_not_found');
    expect(storedFiles(a.attachmentId).length).toBeGreaterThan(0);

    const reporterView = async () => JSON.stringify((await t.http.get('/api/public/case').set('Authorization', bearer).expect(200)).body);
    expect(await reporterView()).toContain(a.attachmentId);

    await remove({ confirm: true }).expect(204);
    expect(storedFiles(a.attachmentId)).toEqual([]);
    expect(await t.db.query('SELECT id FROM attachments WHERE id = $1', [a.attachmentId])).toEqual([]);
    // The reporter's view no longer has it either.
    expect(await reporterView()).not.toContain(a.attachmentId);
    const [event] = (await t.db.query(
      "SELECT actor_id, details FROM audit_events WHERE case_id = $1 AND action = 'case.personal_data_removed' ORDER BY seq DESC LIMIT 1",
      [caseId],
    )) as { actor_id: string; details: object }[];
    expect(event).toEqual({ actor_id: handler.userId, details: { kind: 'attachment', attachmentId: a.attachmentId } });
    // Gone is gone: a second removal finds nothing.
    expect((await remove({ confirm: true }).expect(404)).body.error).toBe('attachment_not_found');
  });

  it('answers 404 to staff without access and refuses other roles', async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const stranger = await loginStaff(t, other.handlers[0]);
    const res = await t.http.get(`/api/staff/cases/${caseId}/attachments`).set(stranger.headers).expect(404);
    expect(res.body.error).toBe('case_not_found');
    await t.http.get(`/api/staff/cases/${caseId}/attachments`).expect(401);
    const admin = await loginStaff(t, org.admins[0]);
    await t.http.get(`/api/staff/cases/${caseId}/attachments`).set(admin.headers).expect(403);
  });

  it('deletes an attachment, the attachments of a case, and stale incomplete uploads, with their stored objects', async () => {
    const plain = randomBytes(65536);
    const a = reporterAttachment(plain.length);
    await create(a).expect(201);
    await put(a.attachmentId, await encryptToBuffer(a, plain)).expect(204);
    expect(storedFiles(a.attachmentId)).toHaveLength(1);
    await t.http.delete(`/api/public/case/attachments/${a.attachmentId}`).set('Authorization', bearer).expect(204);
    expect(storedFiles(a.attachmentId)).toEqual([]);
    await t.http.head(`/api/public/case/attachments/${a.attachmentId}/content`).set('Authorization', bearer).expect(404);

    const service = t.app.get(AttachmentsService);
    // A stale upload (half stored, idle) goes; a fresh one stays.
    const stale = reporterAttachment(3 * 65536);
    const fresh = reporterAttachment(3 * 65536);
    for (const x of [stale, fresh]) {
      await create(x).expect(201);
      const cipher = await encryptToBuffer(x, new Uint8Array(x.trueSize));
      await patch(x.attachmentId, 0, cipher.subarray(0, 24 + ATTACHMENT_RECORD_BYTES)).expect(204);
    }
    await t.db.query("UPDATE attachments SET updated_at = now() - interval '2 days' WHERE id = $1", [stale.attachmentId]);
    expect(await service.removeStaleUploads(new Date(Date.now() - 24 * 3600_000))).toBe(1);
    expect(storedFiles(stale.attachmentId)).toEqual([]);
    expect(storedFiles(fresh.attachmentId)).toHaveLength(1);
    expect(await t.db.query('SELECT id FROM attachments WHERE id = $1', [stale.attachmentId])).toEqual([]);

    const before = (await t.db.query('SELECT count(*)::int AS n FROM attachments WHERE case_id = $1', [caseId]))[0].n;
    expect(await service.deleteCaseAttachments(caseId)).toBe(before);
    expect(existsSync(path.join(t.config.dataDir, 'attachments', 'cases', caseId))).toBe(false);
    const view = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    expect(view.body.attachments).toEqual([]);
  });

  it('is described in the OpenAPI document, resume routes included', async () => {
    const doc = await t.http.get('/api/docs').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/public/case/attachments/{id}/content']).sort()).toEqual(['get', 'head', 'patch', 'put']);
    expect(Object.keys(paths['/api/staff/cases/{caseId}/attachments/{id}/content']).sort()).toEqual(['get', 'head', 'patch', 'put']);
  });
});
