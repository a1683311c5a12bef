import { apiJson, ApiError } from '../shared/api';

export { ApiError } from '../shared/api';

/**
 * JSON requests of a signed-in staff member. The session cookie (HttpOnly, path
 * /api, SameSite=Strict) travels by itself on this origin; every state-changing
 * request also carries the session's CSRF token, which lives only in memory.
 */
export class StaffApi {
  constructor(private readonly csrfToken: string | null) {}

  json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    return apiJson<T>(method, path, { body, headers, credentials: 'same-origin' });
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.json<T>('DELETE', path);
  }

  /** Bytes (an attachment's or an export's ciphertext) with the session cookie. */
  async bytes(path: string): Promise<Uint8Array> {
    const res = await fetch(path, { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' });
    if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, '');
    return new Uint8Array(await res.arrayBuffer());
  }
}

/** A query string from the defined values only. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
