// `npm run bench -- upload`: encrypted attachment upload and download through the
// built API (embedded PostgreSQL in a temporary data directory, local storage
// driver), against a plain loopback HTTP copy of the same bytes into the same
// storage directory, measured in the same run. Prints, one per line:
//   upload_mb_per_s           1 GiB attachment, PUT through the API (MB = 10^6 bytes)
//   download_mb_per_s         the same attachment, GET through the API
//   upload_ratio_vs_copy      API upload throughput / plain copy throughput
//   upload_rss_growth_mb      server peak RSS growth during the 1 GiB upload
//   concurrent_rss_growth_mb  server peak RSS growth during 8 concurrent 128 MiB uploads
// The ciphertext is produced (really encrypted) before the clock starts, so the
// figures are the server's, not the client's WASM encryption speed.
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { freePort, startChild } from './bench-util.mjs';

const GIB = 1024 * 1024 * 1024;
const MB = 1e6;

function memory(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)[1]) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Runs `fn` and returns how far the process' peak RSS rose above its RSS before it. */
async function rssGrowth(pid, fn) {
  const baseline = memory(pid).rss;
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  let sampled = baseline;
  const timer = setInterval(() => (sampled = Math.max(sampled, memory(pid).rss)), 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const peak = Math.max(sampled, reset ? memory(pid).peak : 0);
  return peak - baseline;
}

function request(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (typeof body.pipe === 'function') pipeline(body, req).catch(reject);
    else req.end(body);
  });
}

async function json(url, method = 'GET', body, headers = {}) {
  const res = await request(url, method, { 'Content-Type': 'application/json', ...headers }, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.body}`);
  return res.body.length ? JSON.parse(res.body.toString()) : null;
}

/** The portal's submission (API.md "Submit"), with the built crypto library. */
async function submitCase(c, base) {
  const org = await json(`${base}/api/public/organisations/demo`);
  const channel = org.channels[0];
  const recipients = await json(`${base}/api/public/channels/${channel.id}/recipients`);
  const secret = c.generateCaseSecret();
  const reporter = c.deriveReporterKeys(secret, org.id);
  const caseId = randomUUID();
  const sharedKey = c.generateKey();
  const sign = reporter.sign.secretKey;
  const items = [
    c.encryptItem({
      caseId,
      kind: 'report',
      itemId: randomUUID(),
      key: sharedKey,
      signSecretKey: sign,
      value: { title: 'Benchmark', body: 'Evidence follows.', handlerSignKeys: recipients.handlers.map((h) => h.signPublicKey) },
    }),
  ];
  const toBox = (grantee, boxPublicKey) =>
    c.sealGrantToBox({ caseId, keyKind: 'shared', key: sharedKey, grantee, boxPublicKey: c.fromB64(boxPublicKey, 32), signSecretKey: sign });
  const grants = [
    c.sealGrantToReporter({ caseId, keyKind: 'shared', key: sharedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }),
    ...recipients.handlers.map((h) => toBox(`user:${h.userId}`, h.boxPublicKey)),
  ];
  if (org.recoveryPublicKey) grants.push(toBox('recovery', org.recoveryPublicKey));
  const challenge = await json(`${base}/api/public/challenges`, 'POST', {});
  const proof = { challengeId: challenge.id, nonce: c.toB64(c.solveProof(c.fromB64(challenge.salt, 16), challenge.difficulty)) };
  await json(`${base}/api/public/reports`, 'POST', {
    proof,
    caseId,
    channelId: channel.id,
    categoryId: null,
    lookupToken: c.toB64(reporter.lookupToken),
    reporterSignPublicKey: c.toB64(reporter.sign.publicKey),
    excludedUserIds: [],
    items,
    grants,
  });
  return { caseId, sharedKey, sign, bearer: `Bearer ${c.toB64(reporter.lookupToken)}` };
}

/** Announces an attachment and encrypts `trueSize` pseudo-random bytes into `file`. */
async function prepare(c, base, kase, trueSize, file) {
  const attachmentId = randomUUID();
  const fileKey = c.generateKey();
  const common = { caseId: kase.caseId, itemId: attachmentId, key: kase.sharedKey, signSecretKey: kase.sign };
  const meta = c.encryptItem({ ...common, kind: 'attachment-meta', value: { name: 'bench.bin', type: 'application/octet-stream', size: trueSize } });
  const key = c.encryptItem({ ...common, kind: 'attachment-key', value: { key: c.toB64(fileKey) } });
  const size = c.attachmentCiphertextSize(trueSize);
  await json(`${base}/api/public/case/attachments`, 'POST', { attachmentId, size, meta, fileKey: key }, { Authorization: kase.bearer });
  async function* plain() {
    // Pseudo-random bytes (an AES-CTR keystream): cheap to make, incompressible.
    const stream = createCipheriv('aes-128-ctr', randomBytes(16), Buffer.alloc(16));
    const zeros = Buffer.alloc(1 << 20);
    for (let left = trueSize; left > 0; left -= zeros.length) yield stream.update(zeros.subarray(0, Math.min(left, zeros.length)));
  }
  await pipeline(c.encryptAttachmentStream(plain(), { fileKey, caseId: kase.caseId, attachmentId, trueSize }), createWriteStream(file));
  return { attachmentId, size, file };
}

function put(base, bearer, a) {
  return request(
    `${base}/api/public/case/attachments/${a.attachmentId}/content`,
    'PUT',
    { Authorization: bearer, 'Content-Type': 'application/octet-stream', 'Content-Length': String(a.size) },
    createReadStream(a.file, { highWaterMark: 1 << 20 }),
  );
}

// A plain loopback copy: the request body piped into a file in the same storage
// directory, fsynced and renamed into place, as the local driver does.
const COPY_SERVER = `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const dir = process.env.COPY_DIR; fs.mkdirSync(dir, { recursive: true });
http.createServer(async (req, res) => {
  const target = path.join(dir, 'copy-' + Date.now()); const temp = target + '.tmp';
  await pipeline(req, fs.createWriteStream(temp, { flush: true }));
  await fs.promises.rename(temp, target);
  const d = await fs.promises.open(dir, 'r'); await d.sync(); await d.close();
  res.statusCode = 204; res.end();
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('copy server listening'));
`;

export async function benchUpload(root) {
  const require = createRequire(import.meta.url);
  const c = require(path.join(root, 'dist/libs/crypto/src/index.js'));
  await c.ready();
  const parent = mkdtempSync(path.join(os.tmpdir(), 'kanava-bench-upload-'));
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const children = [];
  try {
    const port = await freePort();
    const api = await startChild(
      [path.join(root, 'dist/apps/api/src/main.js')],
      { PORT: String(port), KANAVA_DATA_DIR: dataDir, KANAVA_DEMO: 'true', KANAVA_POW_DIFFICULTY: '4', KANAVA_CASE_ATTACHMENTS_MAX_BYTES: String(8 * GIB) },
      'Kanava is listening',
    );
    children.push(api);
    const base = `http://127.0.0.1:${port}`;
    const copyPort = await freePort();
    const copy = await startChild(
      ['-e', COPY_SERVER],
      { PORT: String(copyPort), COPY_DIR: path.join(dataDir, 'attachments', 'bench-copy') },
      'copy server listening',
    );
    children.push(copy);

    const kase = await submitCase(c, base);
    const big = await prepare(c, base, kase, GIB, path.join(parent, 'big.bin'));
    const small = [];
    for (let i = 0; i < 8; i++) small.push(await prepare(c, base, kase, 128 * 1024 * 1024, path.join(parent, `small-${i}.bin`)));
    // Warm the page cache and both servers.
    await pipeline(createReadStream(big.file), async function* (source) {
      for await (const _ of source);
    });

    let copyMs = 0;
    {
      const started = performance.now();
      const res = await request(
        `http://127.0.0.1:${copyPort}/`,
        'PUT',
        { 'Content-Length': String(big.size) },
        createReadStream(big.file, { highWaterMark: 1 << 20 }),
      );
      copyMs = performance.now() - started;
      if (res.status !== 204) throw new Error(`copy failed: ${res.status}`);
    }
    let uploadMs = 0;
    const uploadGrowth = await rssGrowth(api.pid, async () => {
      const started = performance.now();
      const res = await put(base, kase.bearer, big);
      uploadMs = performance.now() - started;
      if (res.status !== 204) throw new Error(`upload failed: ${res.status} ${res.body}`);
    });
    let downloadMs = 0;
    {
      const started = performance.now();
      await new Promise((resolve, reject) => {
        http
          .get(`${base}/api/public/case/attachments/${big.attachmentId}/content`, { headers: { Authorization: kase.bearer } }, (res) => {
            let n = 0;
            res.on('data', (d) => (n += d.length));
            res.on('end', () => (n === big.size ? resolve() : reject(new Error(`downloaded ${n} of ${big.size} bytes`))));
          })
          .on('error', reject);
      });
      downloadMs = performance.now() - started;
    }
    const concurrentGrowth = await rssGrowth(api.pid, async () => {
      const results = await Promise.all(small.map((a) => put(base, kase.bearer, a)));
      const failed = results.find((r) => r.status !== 204);
      if (failed) throw new Error(`concurrent upload failed: ${failed.status} ${failed.body}`);
    });

    const uploadRate = big.size / MB / (uploadMs / 1000);
    const copyRate = big.size / MB / (copyMs / 1000);
    console.log(`upload_mb_per_s: ${uploadRate.toFixed(1)}`);
    console.log(`download_mb_per_s: ${(big.size / MB / (downloadMs / 1000)).toFixed(1)}`);
    console.log(`upload_ratio_vs_copy: ${(uploadRate / copyRate).toFixed(2)}`);
    console.log(`upload_rss_growth_mb: ${(uploadGrowth / MB).toFixed(1)}`);
    console.log(`concurrent_rss_growth_mb: ${(concurrentGrowth / MB).toFixed(1)}`);
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    }
    rmSync(parent, { recursive: true, force: true });
  }
}
