import { createCipheriv, createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type supertest from 'supertest';
import {
  attachmentCiphertextSize,
  decryptAttachmentStream,
  encryptAttachmentStream,
  encryptItem,
  generateKey,
  openItem,
  toB64,
  fromB64,
  WireItem,
} from '@kanava/crypto';
import { BuiltSubmission, buildSubmission, fetchOrganisation, fetchRecipients, solveChallenge } from './clients';

type Http = ReturnType<typeof supertest>;

/** A case submitted the way the portal does it, and the reporter's bearer header. */
export async function submitCase(http: Http, org: { slug: string; channelId: string }): Promise<{ built: BuiltSubmission; bearer: string; caseId: string }> {
  const info = await fetchOrganisation(http, org.slug);
  const recipients = await fetchRecipients(http, org.channelId);
  const built = buildSubmission({ org: info, channelId: org.channelId, recipients, content: { title: 'Evidence', body: 'See the files.' } });
  await http
    .post('/api/public/reports')
    .send({ ...built.body, proof: await solveChallenge(http) })
    .expect(201);
  return { built, bearer: `Bearer ${toB64(built.reporter.lookupToken)}`, caseId: built.body.caseId };
}

export interface PreparedAttachment {
  attachmentId: string;
  caseId: string;
  fileKey: Uint8Array;
  trueSize: number;
  /** Padded ciphertext bytes. */
  size: number;
  /** The POST body of API.md. */
  create: { attachmentId: string; size: number; meta: WireItem; fileKey: WireItem };
}

/** What the uploading browser does before sending bytes: a file key, and the meta and key items under the shared case key. */
export function prepareAttachment(args: {
  caseId: string;
  sharedKey: Uint8Array;
  signSecretKey: Uint8Array;
  trueSize: number;
  name?: string;
  type?: string;
}): PreparedAttachment {
  const attachmentId = randomUUID();
  const fileKey = generateKey();
  const common = { caseId: args.caseId, itemId: attachmentId, key: args.sharedKey, signSecretKey: args.signSecretKey };
  const meta = encryptItem({
    ...common,
    kind: 'attachment-meta',
    value: { name: args.name ?? 'evidence.bin', type: args.type ?? 'application/octet-stream', size: args.trueSize },
  });
  const key = encryptItem({ ...common, kind: 'attachment-key', value: { key: toB64(fileKey) } });
  const size = attachmentCiphertextSize(args.trueSize);
  return { attachmentId, caseId: args.caseId, fileKey, trueSize: args.trueSize, size, create: { attachmentId, size, meta, fileKey: key } };
}

/** The reporter attaches a file, as the portal does: announced, then its ciphertext uploaded. */
export async function reporterAttaches(
  http: Http,
  built: BuiltSubmission,
  file: { bytes: Uint8Array; name: string; type: string },
): Promise<PreparedAttachment> {
  const caseId = built.body.caseId;
  const a = prepareAttachment({
    caseId,
    sharedKey: built.sharedKey,
    signSecretKey: built.reporter.sign.secretKey,
    trueSize: file.bytes.length,
    name: file.name,
    type: file.type,
  });
  const bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
  await http.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create).expect(201);
  await http
    .put(`/api/public/case/attachments/${a.attachmentId}/content`)
    .set('Authorization', bearer)
    .set('Content-Type', 'application/octet-stream')
    .send(await encryptToBuffer(a, file.bytes))
    .expect(204);
  return a;
}

/** Opens an attachment listed by the server: verifies both items' signatures, returns the file key and true size. */
export function openListedAttachment(
  listed: { attachmentId: string; meta: WireItem & { signerPublicKey: string }; fileKey: WireItem & { signerPublicKey: string } },
  caseId: string,
  sharedKey: Uint8Array,
): { fileKey: Uint8Array; trueSize: number; name: string } {
  const meta = openItem<{ name: string; size: number }>(listed.meta, caseId, sharedKey, fromB64(listed.meta.signerPublicKey, 32));
  const key = openItem<{ key: string }>(listed.fileKey, caseId, sharedKey, fromB64(listed.fileKey.signerPublicKey, 32));
  return { fileKey: fromB64(key.key, 32), trueSize: meta.size, name: meta.name };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of source) parts.push(Buffer.from(p));
  return Buffer.concat(parts);
}

/** The whole ciphertext of a small attachment. */
export async function encryptToBuffer(a: PreparedAttachment, plain: Uint8Array): Promise<Buffer> {
  return collect(encryptAttachmentStream(once(plain), { fileKey: a.fileKey, caseId: a.caseId, attachmentId: a.attachmentId, trueSize: a.trueSize }));
}

export async function decryptToBuffer(a: { fileKey: Uint8Array; caseId: string; attachmentId: string; trueSize: number }, cipher: Uint8Array): Promise<Buffer> {
  return collect(decryptAttachmentStream(once(cipher), a));
}

/**
 * Deterministic pseudo-random plaintext (an AES-CTR keystream from `seed`),
 * streamed in 1 MiB pieces, never held whole, with its SHA-256 filled in at the end.
 */
export function plaintextStream(bytes: number, seed: number): { stream: AsyncGenerator<Uint8Array>; sha256: () => string } {
  const hash = createHash('sha256');
  let digest = '';
  async function* gen() {
    const key = createHash('sha256').update(`kanava-test-${seed}`).digest().subarray(0, 16);
    const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
    const zeros = Buffer.alloc(1 << 20);
    let left = bytes;
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      const piece = cipher.update(zeros.subarray(0, n));
      hash.update(piece);
      left -= n;
      yield piece;
    }
    digest = hash.digest('hex');
  }
  return { stream: gen(), sha256: () => digest };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * An HTTP request whose body is streamed from `body`. With `cutAfter`, the
 * connection is destroyed after that many body bytes, as when a network drops.
 */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: AsyncIterable<Uint8Array> | Uint8Array,
  cutAfter?: number,
): Promise<RawResponse | 'cut'> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers });
    let cut = false;
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', (e) => (cut ? resolve('cut') : reject(e)));
    });
    req.on('error', (e) => (cut ? resolve('cut') : reject(e)));
    void (async () => {
      try {
        if (body === undefined) return void req.end();
        const source = body instanceof Uint8Array ? [body] : body;
        let sent = 0;
        for await (const piece of source) {
          let p = piece;
          if (cutAfter !== undefined && sent + p.length >= cutAfter) {
            p = p.subarray(0, cutAfter - sent);
            await new Promise<void>((r) => req.write(p, () => r()));
            // Give the bytes a moment to reach the server, then drop the connection.
            await new Promise((r) => setTimeout(r, 100));
            cut = true;
            req.destroy();
            return resolve('cut');
          }
          sent += p.length;
          if (!req.write(p)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      } catch (e) {
        req.destroy();
        reject(e as Error);
      }
    })();
  });
}
