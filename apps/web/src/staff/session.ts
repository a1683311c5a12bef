import { assertKdfParams, boxPublicKeyFromSecret, bytesEqual, deriveStaffKeys, fromB64, KeyBundle, toB64, unwrapKeyBundle } from '@kanava/crypto';
import { ApiError, StaffApi } from './staff-api';

export type StaffRole = 'admin' | 'handler' | 'custodian' | 'auditor';

export interface StaffProfile {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  boxPublicKey: string;
  signPublicKey: string;
  confidentialityAcceptedAt: string | null;
}

/**
 * A signed-in staff member. The key bundle is unwrapped here and kept in this
 * object only (memory); nothing of it is written to any storage. Signing out
 * zeroes the secret keys and reloads the page, which discards everything else
 * the tab had opened (case keys, decrypted text).
 */
export interface StaffSession {
  user: StaffProfile;
  /** The organisation's recovery public key (b64), when it has one: a grantee of every case key this browser seals. */
  recoveryPublicKey: string | null;
  /** The organisation's slug: its public portal address and public data (`/api/public/organisations/<slug>`). */
  organisationSlug: string;
  api: StaffApi;
  bundle: KeyBundle;
  /**
   * The key-encryption key from the password, kept in memory like the bundle's secret
   * keys so the trust list can be re-wrapped when it changes (trust.ts); zeroed with them.
   */
  kek: Uint8Array;
  /** The wrapped bundle as the server stores it (b64): a trust-list update replaces exactly this one. */
  storedBundle: string;
  box: { publicKey: Uint8Array; secretKey: Uint8Array };
  signPublicKey: Uint8Array;
}

interface LoginAnswer {
  user: StaffProfile;
  organisation: { slug: string; recoveryPublicKey: string | null };
  keyBundle: string;
  csrfToken?: string;
}

export class LoginError extends Error {
  constructor(readonly code: 'credentials' | 'busy' | 'network' | 'keys') {
    super(code);
  }
}

/**
 * CRYPTO.md "Staff login": prelogin for the salt and KDF parameters, Argon2id in
 * this browser (bytes 0–31 the KEK that never leaves it, 32–63 the authKey sent
 * instead of the password), login with the second factor, unwrap the bundle.
 */
export async function login(email: string, password: string, factor: { totp?: string; backupCode?: string }): Promise<StaffSession> {
  const anonymous = new StaffApi(null);
  try {
    const pre = await anonymous.post<{ salt: string; kdf: unknown }>('/api/auth/prelogin', { email });
    const kdf = assertKdfParams(pre.kdf);
    // Let the page show that it is working before the key derivation holds the thread.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { kek, authKey } = deriveStaffKeys(password, fromB64(pre.salt, 16), kdf);
    let answer: LoginAnswer;
    try {
      answer = await anonymous.post<LoginAnswer>('/api/auth/login', { email, authKey: toB64(authKey), ...factor });
    } finally {
      authKey.fill(0);
    }
    let bundle: KeyBundle;
    try {
      bundle = unwrapKeyBundle(fromB64(answer.keyBundle), kek);
    } catch {
      kek.fill(0);
      throw new LoginError('keys');
    }
    const boxPublicKey = boxPublicKeyFromSecret(bundle.boxSecretKey);
    // The bundle must hold the keys the server publishes for this account, or colleagues would seal to keys nobody holds.
    if (!bytesEqual(boxPublicKey, fromB64(answer.user.boxPublicKey, 32))) {
      kek.fill(0);
      throw new LoginError('keys');
    }
    const session: StaffSession = {
      user: answer.user,
      recoveryPublicKey: answer.organisation.recoveryPublicKey,
      organisationSlug: answer.organisation.slug,
      api: new StaffApi(answer.csrfToken ?? null, () => sessionEnded(session)),
      bundle,
      kek,
      storedBundle: answer.keyBundle,
      box: { publicKey: boxPublicKey, secretKey: bundle.boxSecretKey },
      signPublicKey: fromB64(answer.user.signPublicKey, 32),
    };
    return session;
  } catch (err) {
    if (err instanceof LoginError) throw err;
    if (err instanceof ApiError) {
      if (err.status === 429) throw new LoginError('busy');
      if (err.status === 0) throw new LoginError('network');
      throw new LoginError('credentials');
    }
    throw err;
  }
}

/** The query the console returns to sign-in with when the server ended the session (the sign-in page says so). */
export const SESSION_ENDED_QUERY = 'session=ended';

/**
 * The server no longer knows this session: as `logout`, without asking it. The page is
 * replaced by sign-in at the same address, so after signing in again the staff member
 * is back where they were; what the tab had decrypted does not survive.
 */
function sessionEnded(session: StaffSession): void {
  forgetKeys(session);
  window.location.replace(`${window.location.pathname}?${SESSION_ENDED_QUERY}`);
}

/**
 * Signs out: the server ends the session and answers Clear-Site-Data; the secret
 * keys are zeroed; the page is replaced, so nothing decrypted survives in this tab.
 */
export async function logout(session: StaffSession): Promise<void> {
  try {
    await session.api.post('/api/auth/logout');
  } catch {
    // Signing out locally matters more than the server's answer; the session also expires by itself.
  }
  forgetKeys(session);
  window.location.replace('/staff');
}

/**
 * Ends every session of the account, on every device (a lost laptop, a browser
 * left signed in elsewhere), this one included: then as `logout`, locally. Unlike
 * `logout`, a refusal is thrown, so the page can say the other sessions may live on.
 */
export async function logoutEverywhere(session: StaffSession): Promise<void> {
  await session.api.post<{ ended: number }>('/api/auth/logout-all');
  forgetKeys(session);
  window.location.replace('/staff');
}

/** Zeroes every secret the tab holds for the session. */
function forgetKeys(session: StaffSession): void {
  session.bundle.boxSecretKey.fill(0);
  session.bundle.signSecretKey.fill(0);
  session.kek.fill(0);
}

export function hasRole(session: StaffSession, ...roles: StaffRole[]): boolean {
  return roles.some((r) => session.user.roles.includes(r));
}
