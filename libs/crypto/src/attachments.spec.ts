import { createHash } from 'node:crypto';
import {
  ATTACHMENT_CHUNK,
  ATTACHMENT_HEADER_BYTES,
  ATTACHMENT_RECORD_BYTES,
  attachmentCiphertextSize,
  AttachmentDecryptor,
  AttachmentEncryptor,
  concatBytes,
  CryptoError,
  CryptoErrorCode,
  decryptAttachmentStream,
  encryptAttachmentStream,
  generateKey,
  itemAad,
  paddedAttachmentSize,
  ready,
} from './index';
import { sodium } from './sodium';

function expectCode(fn: () => unknown, code: CryptoErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe(code);
}

const CASE = '0b6f3c4e-5a7d-4e21-9c3b-2f1a8d6e7c90';
const OTHER_CASE = '7d2e9a10-3b4c-4f5e-8a6b-1c2d3e4f5a6b';
const ATTACHMENT = 'a3b4c5d6-e7f8-4091-a2b3-c4d5e6f70819';
const OTHER_ATTACHMENT = 'b4c5d6e7-f809-41a2-b3c4-d5e6f708192a';
const KIB = 1024;
const MIB = 1024 * KIB;

/** Deterministic xorshift PRNG so that split patterns are reproducible. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function content(size: number, seed = size): Uint8Array {
  const next = prng(seed + 1);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = next() & 0xff;
  return out;
}

/** Cuts `data` into pieces of random length (0 to ~1.5 records), including empty pieces. */
function split(data: Uint8Array, seed: number): Uint8Array[] {
  const next = prng(seed);
  const pieces: Uint8Array[] = [];
  let offset = 0;
  while (offset < data.length) {
    const choice = next() % 4;
    const length = choice === 0 ? 0 : choice === 1 ? (next() % 64) + 1 : next() % (ATTACHMENT_RECORD_BYTES + 32768);
    pieces.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return pieces;
}

function encryptAll(plain: Uint8Array, fileKey: Uint8Array, seed = 1): Uint8Array {
  const encryptor = new AttachmentEncryptor(fileKey, CASE, ATTACHMENT, plain.length);
  const parts = [encryptor.header];
  for (const piece of split(plain, seed)) parts.push(...encryptor.push(piece));
  parts.push(...encryptor.finish());
  return concatBytes(...parts);
}

function decryptAll(cipher: Uint8Array, fileKey: Uint8Array, trueSize: number, seed = 2, ids = { caseId: CASE, attachmentId: ATTACHMENT }): Uint8Array {
  const decryptor = new AttachmentDecryptor(fileKey, ids.caseId, ids.attachmentId, trueSize);
  const parts: Uint8Array[] = [];
  for (const piece of split(cipher, seed)) parts.push(...decryptor.push(piece));
  decryptor.finish();
  return concatBytes(...parts);
}

function records(cipher: Uint8Array): { header: Uint8Array; records: Uint8Array[] } {
  const out: Uint8Array[] = [];
  for (let offset = ATTACHMENT_HEADER_BYTES; offset < cipher.length; offset += ATTACHMENT_RECORD_BYTES) {
    out.push(cipher.subarray(offset, offset + ATTACHMENT_RECORD_BYTES));
  }
  return { header: cipher.subarray(0, ATTACHMENT_HEADER_BYTES), records: out };
}

async function* iterate(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return concatBytes(...parts);
}

beforeAll(ready);

describe('paddedAttachmentSize', () => {
  it.each([
    [0, 65536],
    [1, 65536],
    [65535, 65536],
    [65536, 65536],
    [65537, 131072],
    [1000000, 1048576],
    [1048575, 1048576],
    [1048576, 1048576],
    [1048577, 1179648],
    [1179648, 1179648],
    [1179649, 1310720],
    [2097152, 2097152],
    [2097153, 2359296],
    [3 * MIB + 5, 3407872],
    [4 * MIB, 4 * MIB],
    [10 * MIB, 10 * MIB],
    [10 * MIB + 1, 10 * MIB + MIB],
    [100 * MIB + 1, 104 * MIB],
  ])('%i → %i', (trueSize, padded) => {
    expect(paddedAttachmentSize(trueSize)).toBe(padded);
  });

  it('is always a whole number of chunks, at least the true size, at most ~1/8 more above 1 MiB', () => {
    const next = prng(99);
    for (let i = 0; i < 2000; i++) {
      const size = next() % (64 * MIB);
      const padded = paddedAttachmentSize(size);
      expect(padded % ATTACHMENT_CHUNK).toBe(0);
      expect(padded).toBeGreaterThanOrEqual(Math.max(size, ATTACHMENT_CHUNK));
      if (size > MIB) expect(padded - size).toBeLessThan(padded / 8);
    }
  });

  it('rejects sizes that are not non-negative integers', () => {
    expectCode(() => paddedAttachmentSize(-1), CryptoErrorCode.BadShape);
    expectCode(() => paddedAttachmentSize(1.5), CryptoErrorCode.BadShape);
    expectCode(() => paddedAttachmentSize(NaN), CryptoErrorCode.BadShape);
  });

  it('gives the exact ciphertext size', () => {
    expect(attachmentCiphertextSize(0)).toBe(24 + 65553);
    expect(attachmentCiphertextSize(65537)).toBe(24 + 2 * 65553);
    expect(attachmentCiphertextSize(1048577)).toBe(24 + 18 * 65553);
  });
});

describe('attachment round trips', () => {
  it.each([0, 1, 65535, 65536, 65537, MIB, MIB + 1, 3 * MIB + 5])('%i bytes with arbitrary splits', (size) => {
    const fileKey = generateKey();
    const plain = content(size);
    const cipher = encryptAll(plain, fileKey, size + 3);
    expect(cipher.length).toBe(attachmentCiphertextSize(size));
    // Every record is full size; only the last is FINAL.
    expect((cipher.length - ATTACHMENT_HEADER_BYTES) % ATTACHMENT_RECORD_BYTES).toBe(0);
    const decrypted = decryptAll(cipher, fileKey, size, size + 7);
    expect(decrypted.length).toBe(size);
    expect(createHash('sha256').update(decrypted).digest('hex')).toBe(createHash('sha256').update(plain).digest('hex'));
  });

  it('accepts the whole ciphertext in one piece, and one byte at a time', () => {
    const fileKey = generateKey();
    const plain = content(70000);
    const cipher = encryptAll(plain, fileKey);
    const whole = new AttachmentDecryptor(fileKey, CASE, ATTACHMENT, plain.length);
    const out = whole.push(cipher);
    whole.finish();
    expect(concatBytes(...out)).toEqual(plain);

    const small = encryptAll(content(3), fileKey);
    const bytewise = new AttachmentDecryptor(fileKey, CASE, ATTACHMENT, 3);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < small.length; i++) parts.push(...bytewise.push(small.subarray(i, i + 1)));
    bytewise.finish();
    expect(concatBytes(...parts)).toEqual(content(3));
  });

  it('emits each record as soon as it is complete', () => {
    const encryptor = new AttachmentEncryptor(generateKey(), CASE, ATTACHMENT, 3 * ATTACHMENT_CHUNK);
    expect(encryptor.header).toHaveLength(24);
    expect(encryptor.push(new Uint8Array(ATTACHMENT_CHUNK - 1))).toHaveLength(0);
    expect(encryptor.push(new Uint8Array(1))).toHaveLength(1);
    expect(encryptor.push(new Uint8Array(2 * ATTACHMENT_CHUNK))).toHaveLength(1); // the last waits to be FINAL
    const rest = encryptor.finish();
    expect(rest).toHaveLength(1);
    expect(rest[0]).toHaveLength(ATTACHMENT_RECORD_BYTES);
  });

  it('works through the async generators', async () => {
    const fileKey = generateKey();
    const plain = content(200000);
    const args = { fileKey, caseId: CASE, attachmentId: ATTACHMENT, trueSize: plain.length };
    const cipher = await collect(encryptAttachmentStream(iterate(split(plain, 5)), args));
    expect(cipher.length).toBe(attachmentCiphertextSize(plain.length));
    const decrypted = await collect(decryptAttachmentStream(iterate(split(cipher, 6)), args));
    expect(decrypted).toEqual(plain);
  });

  it('uses a fresh header each time', () => {
    const fileKey = generateKey();
    expect(encryptAll(content(10), fileKey)).not.toEqual(encryptAll(content(10), fileKey));
  });
});

describe('attachment tampering', () => {
  const size = 3 * ATTACHMENT_CHUNK + 100; // 4 records
  let fileKey: Uint8Array;
  let plain: Uint8Array;
  let cipher: Uint8Array;

  beforeAll(() => {
    fileKey = generateKey();
    plain = content(size);
    cipher = encryptAll(plain, fileKey);
  });

  it('the dropped last record → StreamTruncated', () => {
    const { header, records: rs } = records(cipher);
    expectCode(() => decryptAll(concatBytes(header, ...rs.slice(0, -1)), fileKey, size), CryptoErrorCode.StreamTruncated);
  });

  it('a cut inside the last record, only a header, or nothing → StreamTruncated', () => {
    expectCode(() => decryptAll(cipher.subarray(0, cipher.length - 1), fileKey, size), CryptoErrorCode.StreamTruncated);
    expectCode(() => decryptAll(cipher.subarray(0, 24), fileKey, size), CryptoErrorCode.StreamTruncated);
    expectCode(() => decryptAll(cipher.subarray(0, 10), fileKey, size), CryptoErrorCode.StreamTruncated);
    expectCode(() => decryptAll(new Uint8Array(0), fileKey, size), CryptoErrorCode.StreamTruncated);
  });

  it('bytes after FINAL → StreamTrailingData', () => {
    expectCode(() => decryptAll(concatBytes(cipher, new Uint8Array([0])), fileKey, size), CryptoErrorCode.StreamTrailingData);
    const { records: rs } = records(cipher);
    expectCode(() => decryptAll(concatBytes(cipher, rs[0]), fileKey, size), CryptoErrorCode.StreamTrailingData);
  });

  it('a flipped bit in a record or the header → StreamBadRecord', () => {
    for (const index of [0, 23, 24, 24 + 5, 24 + ATTACHMENT_RECORD_BYTES + 1000, cipher.length - 1]) {
      const tampered = cipher.slice();
      tampered[index] ^= 0x01;
      expectCode(() => decryptAll(tampered, fileKey, size), CryptoErrorCode.StreamBadRecord);
    }
  });

  it('reordered, duplicated or skipped records → StreamBadRecord', () => {
    const { header, records: rs } = records(cipher);
    expectCode(() => decryptAll(concatBytes(header, rs[1], rs[0], rs[2], rs[3]), fileKey, size), CryptoErrorCode.StreamBadRecord);
    expectCode(() => decryptAll(concatBytes(header, rs[0], rs[0], rs[2], rs[3]), fileKey, size), CryptoErrorCode.StreamBadRecord);
    expectCode(() => decryptAll(concatBytes(header, rs[0], rs[2], rs[3]), fileKey, size), CryptoErrorCode.StreamBadRecord);
    expectCode(() => decryptAll(concatBytes(header, rs[3]), fileKey, size), CryptoErrorCode.StreamBadRecord);
  });

  it('a record spliced in from another attachment under the same key → StreamBadRecord', () => {
    const other = records(encryptAll(content(size, 7), fileKey));
    const { header, records: rs } = records(cipher);
    expectCode(() => decryptAll(concatBytes(header, rs[0], other.records[1], rs[2], rs[3]), fileKey, size), CryptoErrorCode.StreamBadRecord);
  });

  it('a wrong key, case or attachment id → StreamBadRecord', () => {
    expectCode(() => decryptAll(cipher, generateKey(), size), CryptoErrorCode.StreamBadRecord);
    expectCode(() => decryptAll(cipher, fileKey, size, 2, { caseId: OTHER_CASE, attachmentId: ATTACHMENT }), CryptoErrorCode.StreamBadRecord);
    expectCode(() => decryptAll(cipher, fileKey, size, 2, { caseId: CASE, attachmentId: OTHER_ATTACHMENT }), CryptoErrorCode.StreamBadRecord);
  });

  it('a true size that disagrees with the content', () => {
    // Smaller, same record count: real content lands where padding must be zero.
    expectCode(() => decryptAll(cipher, fileKey, size - 1), CryptoErrorCode.BadPadding);
    // Larger: FINAL comes before the size is reached.
    expectCode(() => decryptAll(cipher, fileKey, 4 * ATTACHMENT_CHUNK + 1), CryptoErrorCode.StreamTruncated);
    // Much smaller: the stream goes on past its last permitted record.
    expectCode(() => decryptAll(cipher, fileKey, 2 * ATTACHMENT_CHUNK), CryptoErrorCode.StreamBadRecord);
  });

  it('an authentic stream with non-zero padding → BadPadding', () => {
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const aad = itemAad(CASE, 'attachment-meta', ATTACHMENT);
    const chunk = new Uint8Array(ATTACHMENT_CHUNK);
    chunk[ATTACHMENT_CHUNK - 1] = 1;
    const record = sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, aad, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    expectCode(() => decryptAll(concatBytes(header, record), fileKey, 10), CryptoErrorCode.BadPadding);
  });

  it('an authentic stream with an early FINAL → StreamTruncated; a shorter-than-chunk FINAL → StreamTruncated', () => {
    const aad = itemAad(CASE, 'attachment-meta', ATTACHMENT);
    const early = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const one = sodium.crypto_secretstream_xchacha20poly1305_push(
      early.state,
      new Uint8Array(ATTACHMENT_CHUNK),
      aad,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    );
    expectCode(() => decryptAll(concatBytes(early.header, one), fileKey, 2 * ATTACHMENT_CHUNK), CryptoErrorCode.StreamTruncated);
    const short = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const record = sodium.crypto_secretstream_xchacha20poly1305_push(
      short.state,
      new Uint8Array(10),
      aad,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    );
    expectCode(() => decryptAll(concatBytes(short.header, record), fileKey, 10), CryptoErrorCode.StreamTruncated);
  });

  it('an authentic stream with another tag → StreamBadRecord', () => {
    const aad = itemAad(CASE, 'attachment-meta', ATTACHMENT);
    const stream = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const record = sodium.crypto_secretstream_xchacha20poly1305_push(
      stream.state,
      new Uint8Array(ATTACHMENT_CHUNK),
      aad,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_REKEY,
    );
    expectCode(() => decryptAll(concatBytes(stream.header, record), fileKey, 10), CryptoErrorCode.StreamBadRecord);
  });

  it('the async decryptor throws at the end of a truncated stream', async () => {
    const { header, records: rs } = records(cipher);
    const args = { fileKey, caseId: CASE, attachmentId: ATTACHMENT, trueSize: size };
    await expect(collect(decryptAttachmentStream(iterate([header, ...rs.slice(0, -1)]), args))).rejects.toMatchObject({
      code: CryptoErrorCode.StreamTruncated,
    });
  });
});

describe('attachment misuse', () => {
  it('the encryptor takes exactly the declared size', () => {
    const over = new AttachmentEncryptor(generateKey(), CASE, ATTACHMENT, 10);
    expectCode(() => over.push(new Uint8Array(11)), CryptoErrorCode.BadShape);
    const under = new AttachmentEncryptor(generateKey(), CASE, ATTACHMENT, 10);
    under.push(new Uint8Array(9));
    expectCode(() => under.finish(), CryptoErrorCode.BadShape);
    const done = new AttachmentEncryptor(generateKey(), CASE, ATTACHMENT, 0);
    done.finish();
    expectCode(() => done.finish(), CryptoErrorCode.BadShape);
    expectCode(() => done.push(new Uint8Array(0)), CryptoErrorCode.BadShape);
  });

  it('the async encryptor rejects a source longer than declared', async () => {
    const args = { fileKey: generateKey(), caseId: CASE, attachmentId: ATTACHMENT, trueSize: 5 };
    await expect(collect(encryptAttachmentStream(iterate([new Uint8Array(6)]), args))).rejects.toMatchObject({ code: CryptoErrorCode.BadShape });
  });

  it('validates keys and ids', () => {
    expectCode(() => new AttachmentEncryptor(new Uint8Array(16), CASE, ATTACHMENT, 1), CryptoErrorCode.BadLength);
    expectCode(() => new AttachmentEncryptor(generateKey(), CASE, ATTACHMENT.toUpperCase(), 1), CryptoErrorCode.BadShape);
    expectCode(() => new AttachmentDecryptor(generateKey(), 'x', ATTACHMENT, 1), CryptoErrorCode.BadShape);
    expectCode(() => new AttachmentDecryptor(generateKey(), CASE, ATTACHMENT, -1), CryptoErrorCode.BadShape);
  });
});
