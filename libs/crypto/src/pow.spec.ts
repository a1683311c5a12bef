import { CryptoError, CryptoErrorCode, leadingZeroBits, PROOF_PROGRESS_INTERVAL, proofHash, ready, solveProof, verifyProof } from './index';
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

function hash(...bytes: number[]): Uint8Array {
  const out = new Uint8Array(32).fill(0xff);
  out.set(bytes);
  return out;
}

function counter(nonce: Uint8Array): number {
  let value = 0;
  for (let i = nonce.length - 1; i >= 0; i--) value = value * 256 + nonce[i];
  return value;
}

function nonceOf(value: number): Uint8Array {
  const nonce = new Uint8Array(8);
  for (let i = 0; i < 8; i++) {
    nonce[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return nonce;
}

beforeAll(ready);

describe('leadingZeroBits', () => {
  it.each([
    [[0x80], 0],
    [[0xff], 0],
    [[0x40], 1],
    [[0x3f], 2],
    [[0x01], 7],
    [[0x00, 0xff], 8],
    [[0x00, 0x80], 8],
    [[0x00, 0x7f], 9],
    [[0x00, 0x00, 0x10], 19],
    [[0x00, 0x00, 0x0f], 20],
    [[0x00, 0x00, 0x00, 0x01], 31],
  ])('%j… → %i', (prefix, expected) => {
    expect(leadingZeroBits(hash(...prefix))).toBe(expected);
  });

  it('counts every bit of an all-zero hash', () => {
    expect(leadingZeroBits(new Uint8Array(32))).toBe(256);
    expect(leadingZeroBits(new Uint8Array(0))).toBe(0);
  });
});

describe('proof of work', () => {
  const salt = new Uint8Array(16).map((_, i) => i * 7 + 1);

  it('hashes salt ‖ nonce with unkeyed BLAKE2b-256', () => {
    const nonce = nonceOf(12345);
    const message = new Uint8Array(24);
    message.set(salt);
    message.set(nonce, 16);
    expect(proofHash(salt, nonce)).toEqual(sodium.crypto_generichash(32, message, null));
    expectCode(() => proofHash(new Uint8Array(15), nonce), CryptoErrorCode.BadLength);
    expectCode(() => proofHash(salt, new Uint8Array(9)), CryptoErrorCode.BadLength);
  });

  it('solves difficulty 8 with the first little-endian counter that works', () => {
    const nonce = solveProof(salt, 8);
    expect(nonce).toHaveLength(8);
    expect(verifyProof(salt, nonce, 8)).toBe(true);
    expect(leadingZeroBits(proofHash(salt, nonce))).toBeGreaterThanOrEqual(8);
    const found = counter(nonce);
    for (let i = 0; i < found; i++) expect(verifyProof(salt, nonceOf(i), 8)).toBe(false);
  });

  it('rejects a solution at a much higher difficulty, and another salt', () => {
    const nonce = solveProof(salt, 8);
    const bits = leadingZeroBits(proofHash(salt, nonce));
    expect(verifyProof(salt, nonce, bits)).toBe(true);
    expect(verifyProof(salt, nonce, bits + 1)).toBe(false);
    expect(verifyProof(salt, nonce, 8 + 40)).toBe(false);
    const otherSalt = salt.slice();
    otherSalt[0] ^= 1;
    // Fixed inputs, so deterministic; a random pass would have odds of 2^-20.
    expect(verifyProof(otherSalt, nonce, 20)).toBe(false);
  });

  it('difficulty 0 accepts the zero counter', () => {
    expect(solveProof(salt, 0)).toEqual(new Uint8Array(8));
    expect(verifyProof(salt, new Uint8Array(8), 0)).toBe(true);
  });

  it('returns false, not an error, for malformed input', () => {
    const nonce = solveProof(salt, 4);
    expect(verifyProof(new Uint8Array(15), nonce, 4)).toBe(false);
    expect(verifyProof(salt, new Uint8Array(7), 4)).toBe(false);
    expect(verifyProof(salt, new Uint8Array(9), 4)).toBe(false);
    expect(verifyProof(salt, nonce, NaN)).toBe(false);
    expect(verifyProof(salt, nonce, -1)).toBe(false);
    expect(verifyProof(salt, nonce, 4.5)).toBe(false);
    expect(verifyProof(salt, nonce, 257)).toBe(false);
    expect(verifyProof('salt' as unknown as Uint8Array, nonce, 4)).toBe(false);
  });

  it('reports progress while solving', () => {
    const calls: number[] = [];
    const nonce = solveProof(salt, 16, (attempts) => calls.push(attempts));
    expect(verifyProof(salt, nonce, 16)).toBe(true);
    expect(calls.length).toBe(Math.floor(counter(nonce) / PROOF_PROGRESS_INTERVAL));
    calls.forEach((attempts, i) => expect(attempts).toBe((i + 1) * PROOF_PROGRESS_INTERVAL));
  });

  it('refuses impossible difficulties', () => {
    expectCode(() => solveProof(salt, 65), CryptoErrorCode.BadShape);
    expectCode(() => solveProof(salt, -1), CryptoErrorCode.BadShape);
    expectCode(() => solveProof(new Uint8Array(8), 1), CryptoErrorCode.BadLength);
  });
});
