import { fromB64, leadingZeroBits, proofHash, toB64 } from '@kanava/crypto';
import { apiJson } from './api';

export interface SolvedProof {
  challengeId: string;
  nonce: string;
}

const ATTEMPTS_PER_SLICE = 4096;

/** The next little-endian counter value (the nonce order of the protocol's reference solver). */
function increment(counter: Uint8Array): void {
  for (let i = 0; i < counter.length; i++) {
    counter[i] = (counter[i] + 1) & 0xff;
    if (counter[i] !== 0) return;
  }
}

/**
 * Asks for a challenge and solves it (CRYPTO.md "Anti-spam"). The search runs in
 * short slices that give the page back between them, so the progress bar moves and
 * the page stays responsive without a worker (a worker would be a script without
 * Subresource Integrity). `onProgress` gets the expected share done, 0–1.
 */
export async function solveChallenge(onProgress: (share: number) => void): Promise<SolvedProof> {
  const challenge = await apiJson<{ id: string; salt: string; difficulty: number }>('POST', '/api/public/challenges');
  const salt = fromB64(challenge.salt, 16);
  const expected = 2 ** challenge.difficulty;
  const nonce = new Uint8Array(8);
  for (let attempts = 0; ;) {
    for (let i = 0; i < ATTEMPTS_PER_SLICE; i++, attempts++) {
      if (leadingZeroBits(proofHash(salt, nonce)) >= challenge.difficulty) {
        onProgress(1);
        return { challengeId: challenge.id, nonce: toB64(nonce) };
      }
      increment(nonce);
    }
    // Expected work, not a promise: past it the bar waits near the end instead of going back.
    onProgress(Math.min(0.95, attempts / expected));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
