import {
  DEFAULT_STAFF_KDF,
  KdfParams,
  deriveStaffKeys,
  generateRecoveryKey,
  generateStaffKeys,
  randomBytes,
  recoverySubkeys,
  wrapKeyBundle,
} from '@kanava/crypto';
import { createHash } from 'node:crypto';

/** Everything the server stores for a staff account: public keys, hashes and wrapped bundles. */
export interface StaffAccountMaterial {
  boxPublicKey: Uint8Array;
  signPublicKey: Uint8Array;
  kdf: KdfParams;
  salt: Uint8Array;
  authKeyHash: Uint8Array;
  keyBundle: Uint8Array;
  recoveryKeyBundle: Uint8Array;
  recoveryAuthHash: Uint8Array;
}

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/**
 * Generates a staff member's key pairs and wraps them under their password and a
 * fresh recovery key (CRYPTO.md "Keys"). Runs where the password is typed (CLI,
 * later the activation page); only public keys, hashes and ciphertext leave it.
 * The recovery key is returned once, to be shown to its owner.
 */
export function createStaffAccountMaterial(password: string, kdf: KdfParams = DEFAULT_STAFF_KDF): { material: StaffAccountMaterial; recoveryKey: Uint8Array } {
  const keys = generateStaffKeys();
  const salt = randomBytes(16);
  const { kek, authKey } = deriveStaffKeys(password, salt, kdf);
  const bundle = { boxSecretKey: keys.box.secretKey, signSecretKey: keys.sign.secretKey, trust: {} };
  const recoveryKey = generateRecoveryKey();
  const { wrapKey, resetKey } = recoverySubkeys(recoveryKey);
  return {
    recoveryKey,
    material: {
      boxPublicKey: keys.box.publicKey,
      signPublicKey: keys.sign.publicKey,
      kdf,
      salt,
      authKeyHash: sha256(authKey),
      keyBundle: wrapKeyBundle(bundle, kek),
      recoveryKeyBundle: wrapKeyBundle(bundle, wrapKey),
      recoveryAuthHash: sha256(resetKey),
    },
  };
}
