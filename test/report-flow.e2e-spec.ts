import {
  CryptoError,
  decryptItem,
  encryptItem,
  fromB64,
  keyId,
  openBoxGrant,
  openReporterGrant,
  deriveReporterKeys,
  signPublicKeyFromSecret,
  toB64,
  verifyGrant,
  verifyItem,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { freePort } from '@kanava/database';
import { startApiProcess } from './helpers/api-process';
import { startTestApp, TestApp } from './helpers/app';
import { decryptToBuffer, encryptToBuffer, prepareAttachment } from './helpers/attachments';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, solveChallenge } from './helpers/clients';
import { dumpDatabase } from './helpers/db-dump';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { buildOnce } from './helpers/processes';

const MARK = {
  title: 'MARKER-TITLE-7f3a Hallituksen kassa',
  body: 'MARKER-BODY-19c2 rahat siirrettiin ✈️ tilille, sanoi Åsa',
  subject1: 'MARKER-SUBJECT-ONE-b4d1',
  subject2: 'MARKER-SUBJECT-TWO-88e0',
  reply: 'MARKER-REPLY-c0de Kiitos ilmoituksesta',
  followUp: 'MARKER-FOLLOWUP-5e11',
};
const AGENT = 'KanavaProbeAgent/9.9 (distinctive-ua-41d7)';
const FORWARDED = '203.0.113.77';

/** Every file under `dir` (recursively) that contains any of `needles`, as "file: needle". */
function filesContaining(dir: string, needles: string[]): { hits: string[]; files: number } {
  const hits: string[] = [];
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files++;
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${path.relative(dir, file)}: ${needle}`);
  }
  return { hits, files };
}

describe('an encrypted report, end to end over HTTP', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
  });
  afterAll(() => t.close());

  it('goes from reporter to handler and back, and the server holds only ciphertext', async () => {
    const orgInfo = await fetchOrganisation(t.http, org.slug);
    const recipients = await fetchRecipients(t.http, org.channelId);
    expect(recipients.handlers.map((h) => h.userId).sort()).toEqual(org.handlers.map((h) => h.id).sort());

    // Reporter: encrypt and submit, with a distinctive user agent and forwarded address on every request.
    const built = buildSubmission({
      org: orgInfo,
      channelId: org.channelId,
      categoryId: org.categoryIds[0],
      recipients,
      content: {
        title: MARK.title,
        body: MARK.body,
        subjects: [
          { name: MARK.subject1, role: 'CFO', details: 'signed the transfers' },
          { name: MARK.subject2, role: 'Controller', details: 'knew about it' },
        ],
      },
    });
    const proof = await solveChallenge(t.http);
    const submitted = await t.http
      .post('/api/public/reports')
      .set('User-Agent', AGENT)
      .set('X-Forwarded-For', FORWARDED)
      .send({ ...built.body, proof })
      .expect(201);
    expect(submitted.body).toEqual({
      caseId: built.body.caseId,
      reference: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      receivedAt: expect.any(String),
    });
    expect(submitted.headers['set-cookie']).toBeUndefined();
    const caseId = built.body.caseId;

    // Handler: log in, find the case in the inbox, open it and decrypt in "the browser".
    const staff = await loginStaff(t, org.handlers[0]);
    const inbox = await t.http.get('/api/staff/cases').set(staff.headers).expect(200);
    expect(inbox.body.cases.map((c: { id: string }) => c.id)).toContain(caseId);
    expect(JSON.stringify(inbox.body)).not.toContain('ciphertext');

    const opened = await t.http.get(`/api/staff/cases/${caseId}`).set(staff.headers).expect(200);
    const reporterKey = fromB64(opened.body.reporterSignPublicKey, 32);
    const grant = (opened.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared' && g.grantee === `user:${staff.userId}`);
    expect(grant).toBeDefined();
    verifyGrant(grant!, caseId, reporterKey);
    const box = { publicKey: staff.boxPublicKey, secretKey: staff.bundle.boxSecretKey };
    const sharedKey = openBoxGrant(grant!, caseId, box, opened.body.sharedKeyId);
    const items = opened.body.items as WireItem[];
    for (const item of items) verifyItem(item, caseId, reporterKey);
    const report = decryptItem<{ title: string; body: string; handlerSignKeys: string[] }>(
      items.find((i) => i.kind === 'report')!,
      caseId,
      sharedKey,
    );
    expect(report.title).toBe(MARK.title);
    expect(report.body).toBe(MARK.body);
    const subjects = items.filter((i) => i.kind === 'subject').map((i) => decryptItem<{ name: string }>(i, caseId, sharedKey).name);
    expect(subjects.sort()).toEqual([MARK.subject1, MARK.subject2].sort());

    // Handler replies with a signed item under the shared key.
    const reply = encryptItem({
      caseId,
      kind: 'message-handler',
      itemId: randomUUID(),
      key: sharedKey,
      value: { text: MARK.reply },
      signSecretKey: staff.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/cases/${caseId}/messages`).set(staff.headers).send(reply).expect(201);

    // Reporter: only the case secret; derive everything again and read the reply.
    const again = deriveReporterKeys(built.caseSecret, orgInfo.id);
    const bearer = `Bearer ${toB64(again.lookupToken)}`;
    const view = await t.http.get('/api/public/case').set('Authorization', bearer).set('User-Agent', AGENT).set('X-Forwarded-For', FORWARDED).expect(200);
    expect(view.body.status).toBe('received');
    expect(view.body.acknowledgedAt).not.toBeNull();
    const mine = (view.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared' && g.grantee === 'reporter')!;
    verifyGrant(mine, caseId, again.sign.publicKey);
    const key = openReporterGrant(mine, caseId, again.wrapKey);
    const seen = view.body.items as (WireItem & { signerPublicKey: string; authorKind: string })[];
    const myReport = decryptItem<{ title: string; handlerSignKeys: string[] }>(
      seen.find((i) => i.kind === 'report')!,
      caseId,
      key,
    );
    expect(myReport.title).toBe(MARK.title);
    const answer = seen.find((i) => i.kind === 'message-handler')!;
    expect(myReport.handlerSignKeys).toContain(answer.signerPublicKey);
    verifyItem(answer, caseId, fromB64(answer.signerPublicKey, 32));
    expect(decryptItem<{ text: string }>(answer, caseId, key).text).toBe(MARK.reply);
    expect(toB64(signPublicKeyFromSecret(staff.bundle.signSecretKey))).toBe(answer.signerPublicKey);

    // Reporter follows up.
    const follow = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key,
      value: { text: MARK.followUp },
      signSecretKey: again.sign.secretKey,
    });
    await t.http
      .post('/api/public/case/messages')
      .set('Authorization', bearer)
      .set('User-Agent', AGENT)
      .set('X-Forwarded-For', FORWARDED)
      .send(follow)
      .expect(201);

    // Nothing readable on the server: no plaintext marker in any table or log line.
    const dump = await dumpDatabase(t.db);
    const logs = t.logs.join('\n');
    for (const marker of Object.values(MARK)) {
      for (const fragment of [marker, marker.slice(0, 18)]) {
        expect(dump).not.toContain(fragment);
        expect(logs).not.toContain(fragment);
      }
    }
    expect(dump).toContain(caseId); // the dump does see the case, so the search is meaningful
    // No reporter fingerprint anywhere: database, logs, data folder.
    for (const probe of [AGENT, 'distinctive-ua-41d7', FORWARDED]) {
      expect(dump).not.toContain(probe);
      expect(logs).not.toContain(probe);
    }
    expect(filesContaining(t.config.dataDir, [AGENT, 'distinctive-ua-41d7', FORWARDED]).hits).toEqual([]);
  });

  it('a client refuses grants and items the server altered', async () => {
    const orgInfo = await fetchOrganisation(t.http, org.slug);
    const recipients = await fetchRecipients(t.http, org.channelId);
    const built = buildSubmission({ org: orgInfo, channelId: org.channelId, recipients, content: { title: 't', body: 'b' } });
    await t.http
      .post('/api/public/reports')
      .send({ ...built.body, proof: await solveChallenge(t.http) })
      .expect(201);
    const caseId = built.body.caseId;
    const staff = await loginStaff(t, org.handlers[1]);
    const opened = await t.http.get(`/api/staff/cases/${caseId}`).set(staff.headers).expect(200);
    const reporterKey = fromB64(opened.body.reporterSignPublicKey, 32);
    const grant = (opened.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    const box = { publicKey: staff.boxPublicKey, secretKey: staff.bundle.boxSecretKey };
    const report = (opened.body.items as WireItem[]).find((i) => i.kind === 'report')!;

    // Swapped sealed key: another handler's sealed grant, re-labelled for this user.
    const otherSealed = built.body.grants.find((g) => g.grantee === `user:${org.handlers[0].id}`)!.sealed;
    const refusals: [string, () => unknown][] = [
      ['swapped sealed key', () => verifyGrant({ ...grant, sealed: otherSealed }, caseId, reporterKey)],
      ['changed keyId', () => verifyGrant({ ...grant, keyId: toB64(keyId(new Uint8Array(32))) }, caseId, reporterKey)],
      ['relabelled key kind', () => verifyGrant({ ...grant, keyKind: 'identity' }, caseId, reporterKey)],
      ['grant moved to another case', () => verifyGrant(grant, randomUUID(), reporterKey)],
      ['relabelled item kind', () => verifyItem({ ...report, kind: 'subject' }, caseId, reporterKey)],
      ['item signed by someone else', () => verifyItem(report, caseId, staff.signPublicKey)],
      ['grant opened against the wrong keyId', () => openBoxGrant(grant, caseId, box, toB64(keyId(new Uint8Array(32))))],
    ];
    for (const [label, attempt] of refusals) {
      expect({
        label,
        error: (() => {
          try {
            attempt();
            return null;
          } catch (e) {
            return e instanceof CryptoError;
          }
        })(),
      }).toEqual({ label, error: true });
    }
    // The untouched originals verify, so the refusals above are about the changes.
    expect(() => verifyGrant(grant, caseId, reporterKey)).not.toThrow();
    expect(() => verifyItem(report, caseId, reporterKey)).not.toThrow();
  });
});

/**
 * The same search where everything lives in the data folder: the API as a process with
 * its own KANAVA_DATA_DIR (embedded PostgreSQL cluster and WAL, generated server
 * secret, attachment store), after a reporter flow with an attachment, and the
 * process's whole log output.
 */
describe('no reporter fingerprint in the data folder', () => {
  const REFERRER = 'https://referrer-probe.example/page-6b0e';
  const probes = [AGENT, 'distinctive-ua-41d7', FORWARDED, '198.51.100.23', 'referrer-probe.example'];
  const fingerprint = { 'User-Agent': AGENT, 'X-Forwarded-For': FORWARDED, Forwarded: 'for=198.51.100.23', Referer: REFERRER };
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kanava-fingerprint-data-'));
    buildOnce();
  });
  afterAll(() => dataDir && rmSync(dataDir, { recursive: true, force: true }));

  it('finds neither the address nor the user agent in any file under KANAVA_DATA_DIR, nor in the logs', async () => {
    const api = await startApiProcess(
      { PORT: String(await freePort()), KANAVA_DATA_DIR: dataDir, KANAVA_DEMO: 'true', KANAVA_POW_DIFFICULTY: '4', KANAVA_LOG_LEVEL: 'verbose' },
      60_000,
    );
    let reference = '';
    try {
      const http = supertest(api.url);
      const org = await fetchOrganisation(http, 'demo');
      const channelId = org.channels[0].id;
      const built = buildSubmission({ org, channelId, recipients: await fetchRecipients(http, channelId), content: { title: 'T', body: 'B' } });
      const proof = await solveChallenge(http);
      const submitted = await http
        .post('/api/public/reports')
        .set(fingerprint)
        .send({ ...built.body, proof })
        .expect(201);
      reference = submitted.body.reference as string;
      const caseId = built.body.caseId;
      const bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
      await http.get('/api/public/case').set(fingerprint).set('Authorization', bearer).expect(200);
      const message = encryptItem({
        caseId,
        kind: 'message-reporter',
        itemId: randomUUID(),
        key: built.sharedKey,
        value: { text: 'more' },
        signSecretKey: built.reporter.sign.secretKey,
      });
      await http.post('/api/public/case/messages').set(fingerprint).set('Authorization', bearer).send(message).expect(201);
      // An attachment, so the attachment store holds a file too.
      const plain = randomBytes(20_000);
      const a = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: plain.length });
      await http.post('/api/public/case/attachments').set(fingerprint).set('Authorization', bearer).send(a.create).expect(201);
      await http
        .put(`/api/public/case/attachments/${a.attachmentId}/content`)
        .set(fingerprint)
        .set('Authorization', bearer)
        .set('Content-Type', 'application/octet-stream')
        .send(await encryptToBuffer(a, plain))
        .expect(204);
      const download = await http
        .get(`/api/public/case/attachments/${a.attachmentId}/content`)
        .set(fingerprint)
        .set('Authorization', bearer)
        .buffer(true)
        .parse((res, done) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => done(null, Buffer.concat(parts)));
        })
        .expect(200);
      expect((await decryptToBuffer(a, download.body as Buffer)).equals(plain)).toBe(true);
      // A wrong secret and the quick exit: failures and leaving keep nothing either.
      await http
        .get('/api/public/case')
        .set(fingerprint)
        .set('Authorization', `Bearer ${'Q'.repeat(43)}`)
        .expect(401);
      await http.post('/api/public/leave').set(fingerprint).expect(204);
    } finally {
      // A clean stop: PostgreSQL writes its buffers out, so the files hold everything stored.
      await api.stop();
    }

    const { hits, files } = filesContaining(dataDir, [...probes, reference]);
    // The search is meaningful: the cluster, the WAL and the attachment store are there, and the
    // case's reference (stored as text) is found in them.
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['postgres', 'attachments']));
    expect(files).toBeGreaterThan(100);
    expect(hits.filter((h) => h.endsWith(`: ${reference}`)).length).toBeGreaterThan(0);
    expect(hits.filter((h) => !h.endsWith(`: ${reference}`))).toEqual([]);
    const output = api.output();
    expect(output).toContain('Kanava is listening');
    for (const probe of probes) expect(output).not.toContain(probe);
  }, 120_000);
});
