import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { decryptAttachmentStream, encryptAttachmentStream, ready } from '@kanava/crypto';
import { loadConfig } from '@kanava/common';
import { createDataSource, freePort } from '@kanava/database';
import type { TestApp } from './helpers/app';
import { ApiProcess, startApiProcess } from './helpers/api-process';
import { plaintextStream, prepareAttachment, rawRequest, RawResponse, submitCase } from './helpers/attachments';
import { makeOrganisation } from './helpers/factories';
import { buildOnce } from './helpers/processes';

const GIB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;

/**
 * A 1 GiB evidence file through the real server process: encrypted and sent as a
 * stream, stored, read back and decrypted as a stream. The server's peak RSS
 * must grow by less than 100 MB: it never holds the file.
 */
describe('a 1 GiB attachment', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kanava-large-'));
  let api: ApiProcess;
  let db: DataSource;
  const serverSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    buildOnce();
    await ready();
    const env = {
      PORT: String(await freePort()),
      DATABASE_URL: process.env.KANAVA_TEST_DATABASE_URL!,
      KANAVA_DATA_DIR: dataDir,
      KANAVA_DEMO: 'false',
      KANAVA_POW_DIFFICULTY: '4',
      KANAVA_SERVER_SECRET: serverSecret,
    };
    api = await startApiProcess(env);
    db = await createDataSource(process.env.KANAVA_TEST_DATABASE_URL!).initialize();
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await db?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams up and down bit-exact while the server grows by less than 100 MB', async () => {
    const request = supertest(api.url);
    const org = await makeOrganisation({ db, config: loadConfig({ KANAVA_DATA_DIR: dataDir, KANAVA_SERVER_SECRET: serverSecret }) } as TestApp, {
      handlers: 1,
      custodians: 0,
    });
    const { built, bearer, caseId } = await submitCase(request, org);
    const a = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: GIB });
    await request.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create).expect(201);

    // Warm the route once, then measure from here.
    await request.head(`/api/public/case/attachments/${a.attachmentId}/content`).set('Authorization', bearer).expect(200);
    const baseline = api.memory().rss;
    const resetWorked = api.resetPeak();
    let sampled = 0;
    const sampler = setInterval(() => (sampled = Math.max(sampled, api.memory().rss)), 25);

    const plain = plaintextStream(GIB, 1);
    const started = Date.now();
    const put = await rawRequest(
      `${api.url}/api/public/case/attachments/${a.attachmentId}/content`,
      'PUT',
      { Authorization: bearer, 'Content-Type': 'application/octet-stream', 'Content-Length': String(a.size) },
      encryptAttachmentStream(plain.stream, { fileKey: a.fileKey, caseId, attachmentId: a.attachmentId, trueSize: GIB }),
    );
    const uploadMs = Date.now() - started;
    clearInterval(sampler);
    expect((put as RawResponse).status).toBe(204);
    const peak = Math.max(sampled, resetWorked ? api.memory().peak : 0);
    const growth = peak - baseline;
    process.stdout.write(
      `1 GiB upload: ${uploadMs} ms, server RSS ${Math.round(baseline / MB)} MB → peak ${Math.round(peak / MB)} MB (+${Math.round(growth / MB)} MB)\n`,
    );
    expect(growth).toBeLessThan(100 * 1000 * 1000);

    // Read back: stream the response through the decryptor and compare digests.
    const downloaded = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${api.url}/api/public/case/attachments/${a.attachmentId}/content`, { headers: { Authorization: bearer } }, resolve).on('error', reject),
    );
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.headers['content-length']).toBe(String(a.size));
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const piece of decryptAttachmentStream(downloaded, { fileKey: a.fileKey, caseId, attachmentId: a.attachmentId, trueSize: GIB })) {
      hash.update(piece);
      bytes += piece.length;
    }
    expect(bytes).toBe(GIB);
    expect(hash.digest('hex')).toBe(plain.sha256());
  }, 180_000);
});
