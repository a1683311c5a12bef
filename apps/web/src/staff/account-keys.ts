import {
  assertKdfParams,
  DEFAULT_STAFF_KDF,
  deriveStaffKeys,
  fromB64,
  generateRecoveryKey,
  generateStaffKeys,
  KeyBundle,
  randomBytes,
  recoverySubkeys,
  toB64,
  unwrapKeyBundle,
  wrapKeyBundle,
} from '@kanava/crypto';
import { ApiError, StaffApi } from './staff-api';
import { StaffSession } from './session';

/** What the server stores for a password (CRYPTO.md "Staff login"): all made here; neither the password nor the KEK leaves. */
export interface PasswordMaterial {
  salt: string;
  kdf: { alg: 'argon2id13'; ops: number; mem: number };
  authKey: string;
  keyBundle: string;
}

/** Lets the page paint its "working" state before Argon2id holds the thread. */
const yieldToPaint = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * A fresh salt, Argon2id with the server's parameters (the server accepts no
 * others, so accounts do not stand out from prelogin's decoys), and the bundle
 * wrapped under the new KEK. The KEK and authKey are zeroed here.
 */
export function passwordMaterial(password: string, bundle: KeyBundle): PasswordMaterial {
  const { material, kek } = passwordMaterialWithKek(password, bundle);
  kek.fill(0);
  return material;
}

/** As passwordMaterial, also answering the new KEK, for a signed-in tab that keeps re-wrapping its trust list. */
function passwordMaterialWithKek(password: string, bundle: KeyBundle): { material: PasswordMaterial; kek: Uint8Array } {
  const salt = randomBytes(16);
  const { kek, authKey } = deriveStaffKeys(password, salt, DEFAULT_STAFF_KDF);
  try {
    return { material: { salt: toB64(salt), kdf: { ...DEFAULT_STAFF_KDF }, authKey: toB64(authKey), keyBundle: toB64(wrapKeyBundle(bundle, kek)) }, kek };
  } finally {
    authKey.fill(0);
  }
}

/** Everything POST /api/auth/invitations/:token/activate takes, except the TOTP code. */
export type ActivationMaterial = PasswordMaterial & {
  boxPublicKey: string;
  signPublicKey: string;
  recoveryKeyBundle: string;
  recoveryResetKey: string;
};

/**
 * Activation (issue 9, test/invitations.e2e-spec.ts): new key pairs, the bundle
 * wrapped under the password's KEK and under subkey 1 of a new recovery key;
 * subkey 2 goes to the server, which keeps its hash to authorise a reset. The
 * recovery key itself is returned to be shown once and is never sent.
 */
export async function makeActivationMaterial(password: string): Promise<{ material: ActivationMaterial; recoveryKey: string }> {
  await yieldToPaint();
  const keys = generateStaffKeys();
  const bundle: KeyBundle = { boxSecretKey: keys.box.secretKey, signSecretKey: keys.sign.secretKey, trust: {} };
  const recovery = generateRecoveryKey();
  const { wrapKey, resetKey } = recoverySubkeys(recovery);
  try {
    const material: ActivationMaterial = {
      ...passwordMaterial(password, bundle),
      boxPublicKey: toB64(keys.box.publicKey),
      signPublicKey: toB64(keys.sign.publicKey),
      recoveryKeyBundle: toB64(wrapKeyBundle(bundle, wrapKey)),
      recoveryResetKey: toB64(resetKey),
    };
    return { material, recoveryKey: toB64(recovery) };
  } finally {
    for (const secret of [keys.box.secretKey, keys.sign.secretKey, recovery, wrapKey, resetKey]) secret.fill(0);
  }
}

/**
 * Password change: the current password's authKey (from the account's own salt),
 * a second factor, and the same key bundle re-wrapped under a new salt and KEK.
 * The server ends every other session of the account.
 */
export async function changePassword(session: StaffSession, current: string, next: string, factor: { totp?: string; backupCode?: string }): Promise<void> {
  await yieldToPaint();
  const anonymous = new StaffApi(null);
  const pre = await anonymous.post<{ salt: string; kdf: unknown }>('/api/auth/prelogin', { email: session.user.email });
  const { kek, authKey } = deriveStaffKeys(current, fromB64(pre.salt, 16), assertKdfParams(pre.kdf));
  kek.fill(0);
  const { material, kek: nextKek } = passwordMaterialWithKek(next, session.bundle);
  try {
    await session.api.post('/api/auth/password', { currentAuthKey: toB64(authKey), ...factor, next: material });
  } catch (err) {
    nextKek.fill(0);
    throw err;
  } finally {
    authKey.fill(0);
  }
  // The bundle is stored under the new KEK now: later trust-list updates wrap under it and replace this one.
  session.kek.fill(0);
  session.kek = nextKek;
  session.storedBundle = material.keyBundle;
}

/** The second factor as typed: six digits are a TOTP code, anything else a backup code. */
export function secondFactor(code: string): { totp: string } | { backupCode: string } {
  const trimmed = code.replace(/\s/g, '');
  return /^[0-9]{6}$/.test(trimmed) ? { totp: trimmed } : { backupCode: trimmed };
}

/** Why a recovery step failed, in terms the page can word: the key is malformed, or the server refused (key, code or address). */
export class RecoveryError extends Error {
  constructor(readonly code: 'format' | 'refused' | 'busy' | 'keys') {
    super(code);
  }
}

/** The personal recovery key as printed at activation (base64url of 32 bytes); spaces and line breaks from a printout are ignored. */
export function parseRecoveryKey(text: string): Uint8Array {
  try {
    return fromB64(text.replace(/\s/g, ''), 32);
  } catch {
    throw new RecoveryError('format');
  }
}

/** Keys opened with the personal recovery key, kept by the recovery page until the new password wraps them. */
export interface RecoveredKeys {
  email: string;
  resetKey: string;
  bundle: KeyBundle;
}

const recoveryFailure = (err: unknown): never => {
  if (err instanceof RecoveryError) throw err;
  if (err instanceof ApiError && err.status === 429) throw new RecoveryError('busy');
  if (err instanceof ApiError && err.status > 0 && err.status < 500) throw new RecoveryError('refused');
  throw err;
};

/**
 * Recovery, step 1 (CRYPTO.md "Keys", test/auth.e2e-spec.ts): subkey 2 of the
 * recovery key and a second factor fetch the bundle wrapped under subkey 1, which
 * is opened here. Subkey 1 and the recovery key itself never leave the browser.
 */
export async function openRecoveryBundle(email: string, recoveryKeyText: string, factor: { totp: string } | { backupCode: string }): Promise<RecoveredKeys> {
  const recoveryKey = parseRecoveryKey(recoveryKeyText);
  const { wrapKey, resetKey } = recoverySubkeys(recoveryKey);
  recoveryKey.fill(0);
  try {
    const answer = await new StaffApi(null).post<{ recoveryKeyBundle: string }>('/api/auth/recovery/bundle', { email, resetKey: toB64(resetKey), ...factor });
    let bundle: KeyBundle;
    try {
      bundle = unwrapKeyBundle(fromB64(answer.recoveryKeyBundle), wrapKey);
    } catch {
      throw new RecoveryError('keys');
    }
    return { email, resetKey: toB64(resetKey), bundle };
  } catch (err) {
    return recoveryFailure(err);
  } finally {
    wrapKey.fill(0);
    resetKey.fill(0);
  }
}

/**
 * Recovery, step 2: the same key bundle wrapped under a new password (fresh salt),
 * with a fresh second factor (the server takes each TOTP code once). The server
 * ends every session of the account.
 */
export async function resetWithRecovery(keys: RecoveredKeys, password: string, factor: { totp: string } | { backupCode: string }): Promise<void> {
  await yieldToPaint();
  try {
    await new StaffApi(null).post('/api/auth/recovery/reset', {
      email: keys.email,
      resetKey: keys.resetKey,
      ...factor,
      next: passwordMaterial(password, keys.bundle),
    });
  } catch (err) {
    recoveryFailure(err);
  }
}

/** Zeroes the secret keys a recovery opened, once they are wrapped again or the page gives up. */
export function forgetRecoveredKeys(keys: RecoveredKeys): void {
  keys.bundle.boxSecretKey.fill(0);
  keys.bundle.signSecretKey.fill(0);
}
