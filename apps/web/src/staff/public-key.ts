import { fromB64 } from '@kanava/crypto';

/** A base64url public key of 32 bytes as pasted from the CLI's output (white space ignored), or null. */
export function parsePublicKey(text: string): Uint8Array | null {
  const trimmed = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9_-]{43}$/.test(trimmed)) return null;
  try {
    return fromB64(trimmed, 32);
  } catch {
    return null;
  }
}
