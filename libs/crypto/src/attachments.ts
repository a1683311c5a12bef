import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, LENGTHS } from './encoding';
import { itemAad } from './items';
import { sodium } from './sodium';

/** Plaintext bytes per secretstream record. */
export const ATTACHMENT_CHUNK = 65536;
/** secretstream header bytes at the start of every attachment. */
export const ATTACHMENT_HEADER_BYTES = 24;
/** Bytes per encrypted record: a full chunk plus the 17-byte secretstream overhead. */
export const ATTACHMENT_RECORD_BYTES = ATTACHMENT_CHUNK + 17;

const ONE_MIB = 1 << 20;
// Literals, not the sodium constants: those are only defined after ready().
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

type StreamState = ReturnType<typeof sodium.crypto_secretstream_xchacha20poly1305_init_pull>;
type PullResult = { message: Uint8Array; tag: number } | false;

function assertTrueSize(trueSize: number): void {
  if (typeof trueSize !== 'number' || !Number.isSafeInteger(trueSize) || trueSize < 0) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'attachment size must be a non-negative integer');
  }
}

/**
 * Plaintext size after zero padding: a multiple of 64 KiB (at least one chunk)
 * up to 1 MiB; above that a multiple of 1/16 of the smallest power of two ≥ the
 * size. Always a whole number of chunks, so every record is full size.
 */
export function paddedAttachmentSize(trueSize: number): number {
  assertTrueSize(trueSize);
  if (trueSize <= ONE_MIB) {
    return Math.max(1, Math.ceil(trueSize / ATTACHMENT_CHUNK)) * ATTACHMENT_CHUNK;
  }
  let power = ONE_MIB;
  while (power < trueSize) power *= 2;
  const step = power / 16;
  return Math.ceil(trueSize / step) * step;
}

/** Exact encrypted size (header plus records) of an attachment of `trueSize` bytes. */
export function attachmentCiphertextSize(trueSize: number): number {
  return ATTACHMENT_HEADER_BYTES + (paddedAttachmentSize(trueSize) / ATTACHMENT_CHUNK) * ATTACHMENT_RECORD_BYTES;
}

function streamAad(caseId: string, attachmentId: string): Uint8Array {
  return itemAad(caseId, 'attachment-meta', attachmentId);
}

function assertChunk(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'attachment data must be Uint8Array chunks');
  }
}

/**
 * Incremental attachment encryption: `header`, then the records returned by
 * `push` and `finish`, concatenated, are the attachment's content. Exactly
 * `trueSize` bytes must be pushed; `finish` appends the zero padding.
 */
export class AttachmentEncryptor {
  /** The 24-byte secretstream header; send it before the first record. */
  readonly header: Uint8Array;
  private readonly state: StreamState;
  private readonly aad: Uint8Array;
  private readonly totalRecords: number;
  private readonly chunk = new Uint8Array(ATTACHMENT_CHUNK);
  private fill = 0;
  private pushed = 0;
  private emitted = 0;
  private finished = false;

  constructor(
    fileKey: Uint8Array,
    caseId: string,
    attachmentId: string,
    private readonly trueSize: number,
  ) {
    assertLength(fileKey, LENGTHS.key, 'file key');
    this.aad = streamAad(caseId, attachmentId);
    this.totalRecords = paddedAttachmentSize(trueSize) / ATTACHMENT_CHUNK;
    const init = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    this.state = init.state;
    this.header = init.header;
  }

  /** Encrypts the next plaintext bytes; returns the records completed by them (possibly none). */
  push(plain: Uint8Array): Uint8Array[] {
    if (this.finished) throw new CryptoError(CryptoErrorCode.BadShape, 'encryptor already finished');
    assertChunk(plain);
    if (this.pushed + plain.length > this.trueSize) {
      throw new CryptoError(CryptoErrorCode.BadShape, 'more attachment bytes than its declared size');
    }
    const records: Uint8Array[] = [];
    let offset = 0;
    while (offset < plain.length) {
      const n = Math.min(ATTACHMENT_CHUNK - this.fill, plain.length - offset);
      this.chunk.set(plain.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      // The last record waits for finish() so that it, and only it, is tagged FINAL.
      if (this.fill === ATTACHMENT_CHUNK && this.emitted < this.totalRecords - 1) {
        records.push(this.record(TAG_MESSAGE));
      }
    }
    this.pushed += plain.length;
    return records;
  }

  /** Pads with zeros and returns the remaining records, the last tagged FINAL. BadShape unless exactly trueSize bytes were pushed. */
  finish(): Uint8Array[] {
    if (this.finished) throw new CryptoError(CryptoErrorCode.BadShape, 'encryptor already finished');
    if (this.pushed !== this.trueSize) {
      throw new CryptoError(CryptoErrorCode.BadShape, 'fewer attachment bytes than its declared size');
    }
    const records: Uint8Array[] = [];
    while (this.emitted < this.totalRecords) {
      this.chunk.fill(0, this.fill);
      records.push(this.record(this.emitted === this.totalRecords - 1 ? TAG_FINAL : TAG_MESSAGE));
    }
    this.finished = true;
    return records;
  }

  private record(tag: number): Uint8Array {
    const record = sodium.crypto_secretstream_xchacha20poly1305_push(this.state, this.chunk, this.aad, tag);
    this.emitted += 1;
    this.fill = 0;
    return record;
  }
}

/**
 * Incremental attachment decryption and verification. Accepts the content in
 * arbitrary pieces; returns only the first `trueSize` plaintext bytes and checks
 * that the padding is zero. Call `finish` at the end of input: the content is
 * authentic and complete only if it returns.
 */
export class AttachmentDecryptor {
  private readonly aad: Uint8Array;
  private readonly fileKey: Uint8Array;
  private readonly totalRecords: number;
  private readonly header = new Uint8Array(ATTACHMENT_HEADER_BYTES);
  private headerFill = 0;
  private state: StreamState | null = null;
  private readonly record = new Uint8Array(ATTACHMENT_RECORD_BYTES);
  private recordFill = 0;
  private records = 0;
  private plainSeen = 0;
  private final = false;
  private trailing = 0;
  private finished = false;

  constructor(
    fileKey: Uint8Array,
    caseId: string,
    attachmentId: string,
    private readonly trueSize: number,
  ) {
    assertLength(fileKey, LENGTHS.key, 'file key');
    this.fileKey = fileKey.slice();
    this.aad = streamAad(caseId, attachmentId);
    this.totalRecords = paddedAttachmentSize(trueSize) / ATTACHMENT_CHUNK;
  }

  /** Consumes ciphertext bytes; returns the plaintext pieces they complete. Throws StreamBadRecord or BadPadding. */
  push(cipher: Uint8Array): Uint8Array[] {
    if (this.finished) throw new CryptoError(CryptoErrorCode.BadShape, 'decryptor already finished');
    assertChunk(cipher);
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < cipher.length) {
      if (this.final) {
        // Counted, not buffered: finish() rejects it, and it must not cost memory meanwhile.
        this.trailing += cipher.length - offset;
        break;
      }
      if (this.state === null) {
        const n = Math.min(ATTACHMENT_HEADER_BYTES - this.headerFill, cipher.length - offset);
        this.header.set(cipher.subarray(offset, offset + n), this.headerFill);
        this.headerFill += n;
        offset += n;
        if (this.headerFill === ATTACHMENT_HEADER_BYTES) {
          this.state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(this.header, this.fileKey);
          sodium.memzero(this.fileKey);
        }
        continue;
      }
      if (this.recordFill === 0 && cipher.length - offset >= ATTACHMENT_RECORD_BYTES) {
        this.open(this.state, cipher.subarray(offset, offset + ATTACHMENT_RECORD_BYTES), out);
        offset += ATTACHMENT_RECORD_BYTES;
        continue;
      }
      const n = Math.min(ATTACHMENT_RECORD_BYTES - this.recordFill, cipher.length - offset);
      this.record.set(cipher.subarray(offset, offset + n), this.recordFill);
      this.recordFill += n;
      offset += n;
      if (this.recordFill === ATTACHMENT_RECORD_BYTES) {
        this.recordFill = 0;
        this.open(this.state, this.record, out);
      }
    }
    return out;
  }

  /** Ends the stream: StreamTruncated without a FINAL record at the expected place, StreamTrailingData for bytes after it. */
  finish(): void {
    if (this.finished) throw new CryptoError(CryptoErrorCode.BadShape, 'decryptor already finished');
    this.finished = true;
    if (!this.final || this.records !== this.totalRecords) {
      throw new CryptoError(CryptoErrorCode.StreamTruncated, 'attachment stream ended before its final record');
    }
    if (this.trailing > 0) {
      throw new CryptoError(CryptoErrorCode.StreamTrailingData, 'attachment stream has bytes after its final record');
    }
  }

  private open(state: StreamState, record: Uint8Array, out: Uint8Array[]): void {
    let result: PullResult;
    try {
      result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, record, this.aad);
    } catch {
      result = false;
    }
    if (result === false || (result.tag !== TAG_MESSAGE && result.tag !== TAG_FINAL)) {
      throw new CryptoError(CryptoErrorCode.StreamBadRecord, 'attachment record failed authentication');
    }
    this.records += 1;
    if (result.tag === TAG_FINAL) {
      // An early FINAL is reported by finish() as truncation.
      this.final = true;
    } else if (this.records >= this.totalRecords) {
      throw new CryptoError(CryptoErrorCode.StreamBadRecord, 'attachment stream is longer than its size allows');
    }
    const message = result.message;
    const keep = Math.max(0, Math.min(message.length, this.trueSize - this.plainSeen));
    if (!sodium.is_zero(message.subarray(keep))) {
      throw new CryptoError(CryptoErrorCode.BadPadding, 'attachment padding is not zero');
    }
    this.plainSeen += message.length;
    if (keep > 0) out.push(keep === message.length ? message : message.slice(0, keep));
  }
}

/** Async form of {@link AttachmentEncryptor}: yields the header, then the records. */
export async function* encryptAttachmentStream(
  source: AsyncIterable<Uint8Array>,
  args: { fileKey: Uint8Array; caseId: string; attachmentId: string; trueSize: number },
): AsyncGenerator<Uint8Array> {
  const encryptor = new AttachmentEncryptor(args.fileKey, args.caseId, args.attachmentId, args.trueSize);
  yield encryptor.header;
  for await (const piece of source) {
    for (const record of encryptor.push(piece)) yield record;
  }
  for (const record of encryptor.finish()) yield record;
}

/** Async form of {@link AttachmentDecryptor}: yields plaintext, and throws at the end unless the stream was complete. */
export async function* decryptAttachmentStream(
  source: AsyncIterable<Uint8Array>,
  args: { fileKey: Uint8Array; caseId: string; attachmentId: string; trueSize: number },
): AsyncGenerator<Uint8Array> {
  const decryptor = new AttachmentDecryptor(args.fileKey, args.caseId, args.attachmentId, args.trueSize);
  for await (const piece of source) {
    for (const plain of decryptor.push(piece)) yield plain;
  }
  decryptor.finish();
}
