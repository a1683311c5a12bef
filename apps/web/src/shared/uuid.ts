import { randomBytes, toHex } from '@kanava/crypto';

/**
 * A random (v4) UUID, lower-case as the protocol requires. Not crypto.randomUUID:
 * browsers offer it only on https or localhost, and an onion or intranet address may be neither.
 */
export function uuid4(): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
