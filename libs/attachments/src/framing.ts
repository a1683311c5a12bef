import { createHash, timingSafeEqual } from 'node:crypto';
import { ATTACHMENT_CHUNK, ATTACHMENT_HEADER_BYTES, ATTACHMENT_RECORD_BYTES, attachmentCiphertextSize } from '@kanava/crypto';
import { AttachmentErrorCode, attachmentError } from './errors';

/**
 * True when `size` is the ciphertext size of some attachment: the 24-byte header
 * and n ≥ 1 full records whose plaintext n·64 KiB is a size the padding rule of
 * CRYPTO.md produces. The server cannot decrypt, but it can hold clients to this.
 */
export function isValidCiphertextSize(size: number): boolean {
  if (!Number.isSafeInteger(size) || size < ATTACHMENT_HEADER_BYTES + ATTACHMENT_RECORD_BYTES) return false;
  if ((size - ATTACHMENT_HEADER_BYTES) % ATTACHMENT_RECORD_BYTES !== 0) return false;
  const padded = ((size - ATTACHMENT_HEADER_BYTES) / ATTACHMENT_RECORD_BYTES) * ATTACHMENT_CHUNK;
  return attachmentCiphertextSize(padded) === size;
}

/** The last record boundary at or before `position` (0, 24, 24 + 65553, …). */
export function boundaryAtOrBefore(position: number): number {
  if (position < ATTACHMENT_HEADER_BYTES) return 0;
  return ATTACHMENT_HEADER_BYTES + Math.floor((position - ATTACHMENT_HEADER_BYTES) / ATTACHMENT_RECORD_BYTES) * ATTACHMENT_RECORD_BYTES;
}

export function isBoundary(position: number): boolean {
  return boundaryAtOrBefore(position) === position;
}

/** `Upload-Checksum: sha256 <base64 digest>` (tus checksum extension), parsed; BadRequest when malformed. */
export function parseUploadChecksum(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const match = /^sha256 ([A-Za-z0-9+/]{43}=)$/.exec(header.trim());
  if (!match) throw attachmentError(AttachmentErrorCode.InvalidChecksum);
  return Buffer.from(match[1], 'base64');
}

export interface FramingOptions {
  /** Bytes of the attachment stored before this request (a record boundary). */
  offset: number;
  /** The declared ciphertext size. */
  size: number;
  /** PUT: the body must run to the end of the attachment. */
  mustComplete: boolean;
  /** SHA-256 the body must have (Upload-Checksum). */
  checksum?: Buffer;
}

/**
 * Checks one upload request's body as it streams and passes it on in whole
 * records only, holding back at most one partial record:
 * - a body that would run past the declared size fails at once (413);
 * - a body that ends normally must end on a record boundary, and for PUT at the end;
 * - with a checksum, the body's SHA-256 must match before the stream ends, so the
 *   storage driver (which commits only a stream that ends) keeps none of a bad body;
 * - a body cut off by the client (connection lost) ends the stream quietly at the
 *   last whole record, so the upload resumes from there; with a checksum, nothing
 *   of it can be verified, so it is dropped.
 */
export class UploadFraming {
  /** Bytes read from the client. */
  received = 0;
  /** Bytes passed on (whole records). */
  passed = 0;
  /** The client went away before the body ended. */
  aborted = false;

  constructor(private readonly options: FramingOptions) {}

  async *frame(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
    const { offset, size, checksum } = this.options;
    const hash = checksum ? createHash('sha256') : null;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer | Uint8Array>;
      try {
        next = await iterator.next();
      } catch {
        this.aborted = true;
        break;
      }
      if (next.done) break;
      const piece = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (offset + this.received + piece.length > size) throw attachmentError(AttachmentErrorCode.UploadExceedsSize);
      this.received += piece.length;
      hash?.update(piece);
      pending.push(piece);
      pendingBytes += piece.length;
      // Invariant: only whole records leave this function, so what is stored always ends on a boundary.
      let release = boundaryAtOrBefore(offset + this.received) - (offset + this.passed);
      if (release <= 0) continue;
      const keep: Buffer[] = [];
      for (const buffer of pending) {
        if (release >= buffer.length) {
          release -= buffer.length;
          this.passed += buffer.length;
          pendingBytes -= buffer.length;
          yield buffer;
        } else if (release > 0) {
          this.passed += release;
          pendingBytes -= release;
          yield buffer.subarray(0, release);
          keep.push(buffer.subarray(release));
          release = 0;
        } else {
          keep.push(buffer);
        }
      }
      pending = keep;
    }
    if (this.aborted) {
      if (checksum) throw attachmentError(AttachmentErrorCode.UploadAborted);
      return;
    }
    if (pendingBytes > 0) throw attachmentError(AttachmentErrorCode.PartialRecord);
    if (this.options.mustComplete && offset + this.received !== size) throw attachmentError(AttachmentErrorCode.IncompleteContent);
    if (checksum && hash && !timingSafeEqual(hash.digest(), checksum)) throw attachmentError(AttachmentErrorCode.ChecksumMismatch);
  }
}
