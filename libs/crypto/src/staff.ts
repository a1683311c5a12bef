import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, bytesEqual, concatBytes, fromB64, fromUtf8Strict, LENGTHS, randomBytes, SIGN_SECRET_KEY_LENGTH, toB64, utf8 } from './encoding';
import { sodium } from './sodium';
import { assertExactKeys, BoxKeyPair, isPlainObject, SignKeyPair } from './types';

/** Staff password-KDF parameters as stored per user. */
export interface KdfParams {
  alg: 'argon2id13';
  ops: number;
  mem: number;
}

/** The weakest parameters a client accepts (and the default for new users). */
export const DEFAULT_STAFF_KDF: KdfParams = Object.freeze({ alg: 'argon2id13', ops: 3, mem: 67108864 });

/** Upper bounds so a hostile server cannot make a browser hash for minutes or exhaust memory. */
export const MAX_STAFF_KDF = Object.freeze({ ops: 32, mem: 1073741824 } as const);

/** A staff member's long-term key pairs. */
export interface StaffKeys {
  box: BoxKeyPair;
  sign: SignKeyPair;
}

/** What the encrypted key bundle holds. `trust` maps userId (or `recovery`) to a pinned fingerprint. */
export interface KeyBundle {
  boxSecretKey: Uint8Array;
  signSecretKey: Uint8Array;
  trust: Record<string, string>;
}

/**
 * Validates stored KDF parameters: BadShape unless exactly
 * `{alg:'argon2id13', ops, mem}` with integers within sane bounds,
 * WeakKdfParams when ops < 3 or mem < 64 MiB.
 */
export function assertKdfParams(kdf: unknown): KdfParams {
  assertExactKeys(kdf, ['alg', 'ops', 'mem'], 'kdf');
  const { alg, ops, mem } = kdf;
  if (alg !== 'argon2id13' || !Number.isSafeInteger(ops) || !Number.isSafeInteger(mem)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'kdf must be {alg:"argon2id13", ops:int, mem:int}');
  }
  const opsN = ops as number;
  const memN = mem as number;
  if (opsN < DEFAULT_STAFF_KDF.ops || memN < DEFAULT_STAFF_KDF.mem) {
    throw new CryptoError(CryptoErrorCode.WeakKdfParams, 'kdf parameters are below the minimum');
  }
  if (opsN > MAX_STAFF_KDF.ops || memN > MAX_STAFF_KDF.mem) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'kdf parameters exceed the supported maximum');
  }
  return { alg: 'argon2id13', ops: opsN, mem: memN };
}

/** Fresh X25519 and Ed25519 key pairs (made in the browser at activation). */
export function generateStaffKeys(): StaffKeys {
  const box = sodium.crypto_box_keypair();
  const sign = sodium.crypto_sign_keypair();
  return {
    box: { publicKey: box.publicKey, secretKey: box.privateKey },
    sign: { publicKey: sign.publicKey, secretKey: sign.privateKey },
  };
}

/**
 * `Argon2id(64, NFC(password), salt16, kdf)`: bytes 0–31 are the KEK (never
 * leaves the browser), 32–63 the authKey (sent instead of the password).
 */
export function deriveStaffKeys(password: string, salt: Uint8Array, kdf: KdfParams): { kek: Uint8Array; authKey: Uint8Array } {
  if (typeof password !== 'string') {
    throw new CryptoError(CryptoErrorCode.BadShape, 'password must be a string');
  }
  assertLength(salt, LENGTHS.salt, 'salt');
  const params = assertKdfParams(kdf);
  const out = sodium.crypto_pwhash(64, utf8(password.normalize('NFC')), salt, params.ops, params.mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
  const keys = { kek: out.slice(0, 32), authKey: out.slice(32, 64) };
  sodium.memzero(out);
  return keys;
}

function assertTrust(trust: unknown): Record<string, string> {
  if (!isPlainObject(trust)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'trust must be an object');
  }
  const copy: Record<string, string> = {};
  for (const [id, fp] of Object.entries(trust)) {
    if (typeof fp !== 'string') {
      throw new CryptoError(CryptoErrorCode.BadShape, 'trust values must be fingerprint strings');
    }
    // defineProperty: a "__proto__" entry stays data instead of replacing the prototype.
    Object.defineProperty(copy, id, { value: fp, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function assertConsistentSignKey(signSecretKey: Uint8Array): void {
  // Invariant: the 64-byte Ed25519 secret key carries its public half; a bundle
  // whose halves disagree would sign with one key and advertise another.
  const seed = sodium.crypto_sign_ed25519_sk_to_seed(signSecretKey);
  const derived = sodium.crypto_sign_seed_keypair(seed).publicKey;
  sodium.memzero(seed);
  if (!bytesEqual(derived, signSecretKey.subarray(32))) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'sign secret key is inconsistent');
  }
}

/**
 * Encrypts the key bundle: `nonce24 ‖ secretbox(utf8(JSON{boxSecretKey, signSecretKey, trust}), nonce24, wrapKey)`.
 * `nonce` is for known-answer tests only.
 */
export function wrapKeyBundle(bundle: KeyBundle, wrapKey: Uint8Array, nonce?: Uint8Array): Uint8Array {
  assertLength(wrapKey, LENGTHS.key, 'wrap key');
  if (typeof bundle !== 'object' || bundle === null) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'key bundle must be an object');
  }
  assertLength(bundle.boxSecretKey, LENGTHS.key, 'box secret key');
  assertLength(bundle.signSecretKey, SIGN_SECRET_KEY_LENGTH, 'sign secret key');
  assertConsistentSignKey(bundle.signSecretKey);
  const trust = assertTrust(bundle.trust);
  const n = nonce ?? randomBytes(LENGTHS.nonce);
  assertLength(n, LENGTHS.nonce, 'nonce');
  const plain = utf8(JSON.stringify({ boxSecretKey: toB64(bundle.boxSecretKey), signSecretKey: toB64(bundle.signSecretKey), trust }));
  const boxed = sodium.crypto_secretbox_easy(plain, n, wrapKey);
  sodium.memzero(plain);
  return concatBytes(n, boxed);
}

/** Opens a wrapped key bundle: DecryptFailed for a wrong key or tampering, BadShape/BadJson for bad contents. */
export function unwrapKeyBundle(wrapped: Uint8Array, wrapKey: Uint8Array): KeyBundle {
  assertLength(wrapKey, LENGTHS.key, 'wrap key');
  if (!(wrapped instanceof Uint8Array) || wrapped.length < LENGTHS.nonce + sodium.crypto_secretbox_MACBYTES) {
    throw new CryptoError(CryptoErrorCode.BadLength, 'wrapped key bundle is too short');
  }
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_secretbox_open_easy(wrapped.subarray(LENGTHS.nonce), wrapped.subarray(0, LENGTHS.nonce), wrapKey);
  } catch {
    throw new CryptoError(CryptoErrorCode.DecryptFailed, 'key bundle cannot be opened with this key');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8Strict(plain));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError(CryptoErrorCode.BadJson, 'key bundle is not JSON');
  } finally {
    sodium.memzero(plain);
  }
  assertExactKeys(parsed, ['boxSecretKey', 'signSecretKey', 'trust'], 'key bundle');
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.boxSecretKey !== 'string' || typeof fields.signSecretKey !== 'string') {
    throw new CryptoError(CryptoErrorCode.BadShape, 'key bundle keys must be base64url strings');
  }
  let boxSecretKey: Uint8Array;
  let signSecretKey: Uint8Array;
  try {
    boxSecretKey = fromB64(fields.boxSecretKey, LENGTHS.key);
    signSecretKey = fromB64(fields.signSecretKey, SIGN_SECRET_KEY_LENGTH);
  } catch {
    throw new CryptoError(CryptoErrorCode.BadShape, 'key bundle keys are malformed');
  }
  assertConsistentSignKey(signSecretKey);
  return { boxSecretKey, signSecretKey, trust: assertTrust(fields.trust) };
}

/** 32 random bytes, shown once to the staff member for offline keeping. */
export function generateRecoveryKey(): Uint8Array {
  return randomBytes(LENGTHS.key);
}

const RECOVERY_CONTEXT = 'kanavarc';

/** Recovery subkeys: 1 wraps the key bundle, 2 authorises a reset (`crypto_kdf_derive_from_key`, context "kanavarc"). */
export function recoverySubkeys(recoveryKey: Uint8Array): { wrapKey: Uint8Array; resetKey: Uint8Array } {
  assertLength(recoveryKey, LENGTHS.key, 'recovery key');
  return {
    wrapKey: sodium.crypto_kdf_derive_from_key(32, 1, RECOVERY_CONTEXT, recoveryKey),
    resetKey: sodium.crypto_kdf_derive_from_key(32, 2, RECOVERY_CONTEXT, recoveryKey),
  };
}
