import { CryptoError, CryptoErrorCode } from './errors';
import { sodium } from './sodium';

/** Exact byte lengths of every binary field in protocol v1. */
export const LENGTHS = Object.freeze({
  key: 32,
  nonce: 24,
  sealedBox: 80,
  reporterGrant: 72,
  signature: 64,
  keyId: 16,
  lookupToken: 32,
  salt: 16,
  proofNonce: 8,
  publicKey: 32,
} as const);

/** Ed25519 secret keys as libsodium stores them (seed ‖ public key). */
export const SIGN_SECRET_KEY_LENGTH = 64;

const encoder = new TextEncoder();
// fatal: invalid UTF-8 inside an authenticated plaintext must fail, not turn into U+FFFD.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Node's Buffer when running on Node (the server, the CLI, tests), absent in a browser.
 * Why: libsodium's WebAssembly base64 costs 115 µs for an 8 KB item against 7 µs for
 * Node's native codec, and the server decodes every field of every request. Both paths
 * accept exactly the same strings (checked against each other in encoding.spec.ts).
 */
interface NodeBufferLike extends Uint8Array {
  toString(encoding?: string): string;
}
interface NodeBufferCodec {
  from(data: ArrayBufferLike | string, offsetOrEncoding?: number | string, length?: number): NodeBufferLike;
}
// Feature detection through globalThis: undefined in a browser, where libsodium's codec is used.
const NodeBuffer = (globalThis as Partial<Record<'Buffer', NodeBufferCodec>>).Buffer;

/** Base64url without padding, as every binary field travels in JSON. */
export function toB64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
}

function decodeB64(text: string): Uint8Array {
  if (!NodeBuffer) return sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  // Node's decoder skips characters it does not know (and takes `+`, `/` and padding), so
  // it is lenient; `fromB64`'s canonical check makes it strict, since a canonical spelling
  // holds only the alphabet. No alphabet check here: it cost as much as the decoding.
  const decoded = NodeBuffer.from(text, 'base64url');
  // A copy: a small Buffer is a view of a shared pool, and callers may keep or hand on `.buffer`.
  return new Uint8Array(decoded);
}

/**
 * Strictly decodes base64url without padding. Rejects padding, `+`, `/`,
 * whitespace and non-canonical trailing bits (BadEncoding), and a decoded
 * length other than `expectedLength` when given (BadLength).
 */
export function fromB64(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string') {
    throw new CryptoError(CryptoErrorCode.BadEncoding, 'expected a base64url string');
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeB64(text);
  } catch {
    throw new CryptoError(CryptoErrorCode.BadEncoding, 'invalid base64url');
  }
  // Invariant: one byte string has exactly one accepted spelling, so signed or
  // hashed base64 can never be re-spelled by a relay.
  if (toB64(bytes) !== text) {
    throw new CryptoError(CryptoErrorCode.BadEncoding, 'non-canonical base64url');
  }
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new CryptoError(CryptoErrorCode.BadLength, `expected ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** True when `text` is strict base64url (and decodes to `expectedLength` bytes when given). */
export function isB64(text: unknown, expectedLength?: number): boolean {
  if (typeof text !== 'string') return false;
  try {
    fromB64(text, expectedLength);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, throwing BadJson on malformed input (used only for plaintexts that hold JSON). */
export function fromUtf8Strict(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new CryptoError(CryptoErrorCode.BadJson, 'plaintext is not valid UTF-8');
  }
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return sodium.to_hex(bytes);
}

/** Decodes lower- or upper-case hex (test vectors, CLI). */
export function fromHex(text: string): Uint8Array {
  if (typeof text !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(text)) {
    throw new CryptoError(CryptoErrorCode.BadEncoding, 'invalid hex');
  }
  return sodium.from_hex(text);
}

/** `n` bytes from the system CSPRNG. */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CryptoError(CryptoErrorCode.BadLength, 'invalid byte count');
  }
  return sodium.randombytes_buf(n);
}

/** A fresh 32-byte symmetric key (case keys, file keys). */
export function generateKey(): Uint8Array {
  return randomBytes(LENGTHS.key);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant-time equality (for equal lengths; different lengths are simply unequal). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium.memcmp(a, b);
}

/** Throws BadLength unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new CryptoError(CryptoErrorCode.BadLength, `${what} must be a Uint8Array`);
  }
  if (bytes.length !== length) {
    throw new CryptoError(CryptoErrorCode.BadLength, `${what} must be ${length} bytes, got ${bytes.length}`);
  }
}
