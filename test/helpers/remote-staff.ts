import { assertKdfParams, deriveStaffKeys, fromB64, ready, toB64 } from '@kanava/crypto';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, totpFor } from '@kanava/staff';

/** A signed-in staff session against a running server, for tests of `npm start` and of several processes. */
export interface RemoteStaff {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body: unknown): Promise<T>;
}

/** Signs in to a running demo server as one of its accounts (demo password and TOTP secret), as the console does. */
export function loginDemoStaff(baseUrl: string, email: string): Promise<RemoteStaff> {
  return loginRemoteStaff(baseUrl, email, DEMO_PASSWORD, DEMO_TOTP_SECRET);
}

/**
 * Signs in to a running server (CRYPTO.md "Staff login": prelogin, Argon2id in the
 * client, authKey and a TOTP code of the real clock). The session works on every
 * API instance of the deployment: it lives in PostgreSQL.
 */
export async function loginRemoteStaff(
  baseUrl: string,
  email: string,
  password: string,
  totpSecret: string,
): Promise<RemoteStaff & { headers: Record<string, string> }> {
  await ready();
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(baseUrl + path, init);
    // Parsed here, not by res.json(): fetch's objects come from outside Jest's realm, which the crypto lib's shape checks refuse.
    const body = res.status === 204 ? null : JSON.parse(await res.text());
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return { res, body };
  };
  const json = { 'Content-Type': 'application/json' };
  const pre = (await call('/api/auth/prelogin', { method: 'POST', headers: json, body: JSON.stringify({ email }) })).body;
  const { authKey } = deriveStaffKeys(password, fromB64(pre.salt, 16), assertKdfParams(pre.kdf));
  const login = await call('/api/auth/login', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, authKey: toB64(authKey), totp: totpFor(totpSecret, email).generate() }),
  });
  const cookie = login.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('kanava_session='))!;
  const headers = { ...json, Cookie: cookie, 'X-CSRF-Token': login.body.csrfToken as string };
  return {
    headers,
    get: async (path) => (await call(path, { headers })).body,
    post: async (path, body) => (await call(path, { method: 'POST', headers, body: JSON.stringify(body) })).body,
  };
}
