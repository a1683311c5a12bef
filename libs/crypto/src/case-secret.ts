import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, bytesEqual, fromB64, LENGTHS, utf8 } from './encoding';
import { sodium } from './sodium';
import { assertUuid, SignKeyPair } from './types';

/** 32 symbols: digits and upper-case letters without I, L, O, U (5 bits each). */
export const CASE_SECRET_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Symbols in a case secret: 20 × 5 bits = 100 bits. */
export const CASE_SECRET_SYMBOLS = 20;

/** Reporter KDF parameters are fixed by the protocol version: they are needed before the case is found. */
export const REPORTER_KDF = Object.freeze({ alg: 'argon2id13', ops: 2, mem: 67108864 } as const);

/** Keys a reporter derives from the case secret. */
export interface ReporterKeys {
  /** Bearer credential; the server stores only its SHA-256. */
  lookupToken: Uint8Array;
  /** Opens the reporter's grants. */
  wrapKey: Uint8Array;
  /** Signs the reporter's items and grants. */
  sign: SignKeyPair;
}

/** A fresh case secret, formatted `XXXX-XXXX-XXXX-XXXX-XXXX`. */
export function generateCaseSecret(): string {
  let symbols = '';
  for (let i = 0; i < CASE_SECRET_SYMBOLS; i++) {
    // randombytes_uniform avoids modulo bias (trivially here: 32 divides 2^32).
    symbols += CASE_SECRET_ALPHABET[sodium.randombytes_uniform(CASE_SECRET_ALPHABET.length)];
  }
  return formatCaseSecret(symbols);
}

/**
 * Canonical form of a typed case secret: ASCII upper-case, whitespace and `-`
 * removed, O→0, I→1, L→1. Throws BadCaseSecret unless exactly 20 alphabet
 * symbols remain.
 */
export function normaliseCaseSecret(input: string): string {
  if (typeof input !== 'string') {
    throw new CryptoError(CryptoErrorCode.BadCaseSecret, 'case secret must be a string');
  }
  const normalised = input
    // ASCII only: a locale-aware toUpperCase would map e.g. 'ı' or 'ſ' into the alphabet.
    .replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32))
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (normalised.length !== CASE_SECRET_SYMBOLS) {
    throw new CryptoError(CryptoErrorCode.BadCaseSecret, `a case secret has ${CASE_SECRET_SYMBOLS} symbols`);
  }
  for (const c of normalised) {
    if (!CASE_SECRET_ALPHABET.includes(c)) {
      throw new CryptoError(CryptoErrorCode.BadCaseSecret, 'case secret contains a character outside the alphabet');
    }
  }
  return normalised;
}

/** Groups a normalised case secret as `XXXX-XXXX-XXXX-XXXX-XXXX` (normalising first). */
export function formatCaseSecret(normalised: string): string {
  const symbols = normaliseCaseSecret(normalised);
  return (symbols.match(/.{4}/g) as string[]).join('-');
}

/** `orgSalt = generichash(16, utf8("kanava:case-secret:v1:" + organisationId))`, unkeyed. */
export function caseSecretSalt(organisationId: string): Uint8Array {
  assertUuid(organisationId, 'organisationId');
  return sodium.crypto_generichash(LENGTHS.salt, utf8(`kanava:case-secret:v1:${organisationId}`), null);
}

/**
 * Refuses a server-supplied `caseSecretSalt` that is not the one the client
 * computes itself (SaltMismatch, also for a malformed value): a server that
 * picks salts could make reporters' lookup tokens linkable or precomputable.
 */
export function assertCaseSecretSalt(organisationId: string, serverSaltB64: string): void {
  const expected = caseSecretSalt(organisationId);
  let actual: Uint8Array;
  try {
    actual = fromB64(serverSaltB64, LENGTHS.salt);
  } catch {
    throw new CryptoError(CryptoErrorCode.SaltMismatch, 'server case-secret salt is malformed');
  }
  if (!bytesEqual(expected, actual)) {
    throw new CryptoError(CryptoErrorCode.SaltMismatch, 'server case-secret salt differs from the computed one');
  }
}

/**
 * Derives the reporter's keys: `Argon2id(96, ascii(normalised secret), orgSalt,
 * ops 2, mem 64 MiB)` split into lookup token, wrap key and Ed25519 seed.
 * Slow on purpose (~0.2 s natively, more in a browser).
 */
export function deriveReporterKeys(caseSecret: string, organisationId: string): ReporterKeys {
  const normalised = normaliseCaseSecret(caseSecret);
  const salt = caseSecretSalt(organisationId);
  const out = sodium.crypto_pwhash(96, utf8(normalised), salt, REPORTER_KDF.ops, REPORTER_KDF.mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
  const seed = out.slice(64, 96);
  const pair = sodium.crypto_sign_seed_keypair(seed);
  const keys: ReporterKeys = {
    lookupToken: out.slice(0, 32),
    wrapKey: out.slice(32, 64),
    sign: { publicKey: pair.publicKey, secretKey: pair.privateKey },
  };
  sodium.memzero(seed);
  sodium.memzero(out);
  return keys;
}

/** SHA-256 of the lookup token: all the server stores to find a case. */
export function lookupTokenHash(lookupToken: Uint8Array): Uint8Array {
  assertLength(lookupToken, LENGTHS.lookupToken, 'lookup token');
  return sodium.crypto_hash_sha256(lookupToken);
}
