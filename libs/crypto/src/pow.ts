import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, LENGTHS } from './encoding';
import { sodium } from './sodium';

/** How often {@link solveProof} reports progress, in attempts. */
export const PROOF_PROGRESS_INTERVAL = 1 << 14;

/** Unkeyed BLAKE2b-256 of `salt16 ‖ nonce8`. */
export function proofHash(salt: Uint8Array, nonce: Uint8Array): Uint8Array {
  assertLength(salt, LENGTHS.salt, 'proof salt');
  assertLength(nonce, LENGTHS.proofNonce, 'proof nonce');
  const message = new Uint8Array(LENGTHS.salt + LENGTHS.proofNonce);
  message.set(salt);
  message.set(nonce, LENGTHS.salt);
  return sodium.crypto_generichash(32, message, null);
}

/** Number of leading zero bits, from the most significant bit of byte 0. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

function validDifficulty(difficulty: number): boolean {
  return Number.isSafeInteger(difficulty) && difficulty >= 0 && difficulty <= 256;
}

/** True when `nonce` solves the challenge; false (never a throw) for wrong lengths or types. */
export function verifyProof(salt: Uint8Array, nonce: Uint8Array, difficulty: number): boolean {
  if (
    !(salt instanceof Uint8Array) ||
    !(nonce instanceof Uint8Array) ||
    salt.length !== LENGTHS.salt ||
    nonce.length !== LENGTHS.proofNonce ||
    !validDifficulty(difficulty)
  ) {
    return false;
  }
  return leadingZeroBits(proofHash(salt, nonce)) >= difficulty;
}

/**
 * Finds an 8-byte nonce (a little-endian counter) whose proof hash has
 * `difficulty` leading zero bits. Synchronous: run it in a Web Worker.
 * `onProgress` is called every {@link PROOF_PROGRESS_INTERVAL} attempts.
 */
export function solveProof(salt: Uint8Array, difficulty: number, onProgress?: (attempts: number) => void): Uint8Array {
  assertLength(salt, LENGTHS.salt, 'proof salt');
  // 64 bits of counter cannot find more than ~64 zero bits; anything near that is unsolvable anyway.
  if (!Number.isSafeInteger(difficulty) || difficulty < 0 || difficulty > 64) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'difficulty must be an integer between 0 and 64');
  }
  const message = new Uint8Array(LENGTHS.salt + LENGTHS.proofNonce);
  message.set(salt);
  const counter = message.subarray(LENGTHS.salt);
  for (let attempts = 1; ; attempts++) {
    if (leadingZeroBits(sodium.crypto_generichash(32, message, null)) >= difficulty) {
      return counter.slice();
    }
    sodium.increment(counter);
    if (onProgress !== undefined && attempts % PROOF_PROGRESS_INTERVAL === 0) onProgress(attempts);
  }
}
