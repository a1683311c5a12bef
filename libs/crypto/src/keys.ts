import { assertLength, concatBytes, LENGTHS, SIGN_SECRET_KEY_LENGTH, toHex, utf8 } from './encoding';
import { sodium } from './sodium';

const KEY_ID_LABEL = 'kanava:v1:keyid';
const FINGERPRINT_LABEL = 'kanava:v1:fp';

/** `generichash(16, "kanava:v1:keyid" ‖ key)`: names a case or file key without revealing it. */
export function keyId(key: Uint8Array): Uint8Array {
  assertLength(key, LENGTHS.key, 'key');
  return sodium.crypto_generichash(LENGTHS.keyId, concatBytes(utf8(KEY_ID_LABEL), key), null);
}

/**
 * Human-comparable fingerprint of a staff member's (or recovery's) public keys:
 * the first 16 bytes of `generichash(32, "kanava:v1:fp" ‖ boxPk ‖ signPk)` as
 * eight space-separated groups of four lower-case hex digits.
 */
export function fingerprint(boxPublicKey: Uint8Array, signPublicKey: Uint8Array): string {
  assertLength(boxPublicKey, LENGTHS.publicKey, 'box public key');
  assertLength(signPublicKey, LENGTHS.publicKey, 'sign public key');
  const hash = sodium.crypto_generichash(32, concatBytes(utf8(FINGERPRINT_LABEL), boxPublicKey, signPublicKey), null);
  const hex = toHex(hash.subarray(0, 16));
  return (hex.match(/.{4}/g) as string[]).join(' ');
}

/**
 * Fingerprint of the organisation recovery key, which is a box key only (it signs
 * nothing): `generichash(32, "kanava:v1:fp" ‖ boxPk)`, first 16 bytes, shown like
 * a staff fingerprint. The input is 32 bytes shorter than a staff member's, so the
 * two kinds cannot collide.
 */
export function recoveryFingerprint(boxPublicKey: Uint8Array): string {
  assertLength(boxPublicKey, LENGTHS.publicKey, 'recovery public key');
  const hash = sodium.crypto_generichash(32, concatBytes(utf8(FINGERPRINT_LABEL), boxPublicKey), null);
  return (toHex(hash.subarray(0, 16)).match(/.{4}/g) as string[]).join(' ');
}

/** Ed25519 public key embedded in a 64-byte libsodium secret key. */
export function signPublicKeyFromSecret(signSecretKey: Uint8Array): Uint8Array {
  assertLength(signSecretKey, SIGN_SECRET_KEY_LENGTH, 'sign secret key');
  return sodium.crypto_sign_ed25519_sk_to_pk(signSecretKey);
}

/** X25519 public key for a 32-byte secret key. */
export function boxPublicKeyFromSecret(boxSecretKey: Uint8Array): Uint8Array {
  assertLength(boxSecretKey, LENGTHS.key, 'box secret key');
  return sodium.crypto_scalarmult_base(boxSecretKey);
}

/** Ed25519 detached verification that reports a malformed key or signature as invalid rather than throwing. */
export function signatureValid(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sodium.crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}
