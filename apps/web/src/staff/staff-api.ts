import { apiJson, ApiError } from '../shared/api';

export { ApiError } from '../shared/api';

/**
 * JSON requests of a signed-in staff member. The session cookie (HttpOnly, path
 * /api, SameSite=Strict) travels by itself on this origin; every state-changing
 * request also carries the session's CSRF token, which lives only in memory.
 */
export class StaffApi {
  /**
   * `onSessionEnded`: called when the server no longer knows the session (it expired,
   * was ended from another device, or the account was deactivated), so the page can go
   * back to sign-in instead of showing one error after another.
   */
  constructor(
    private readonly csrfToken: string | null,
    private readonly onSessionEnded?: () => void,
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    try {
      return await apiJson<T>(method, path, { body, headers, credentials: 'same-origin' });
    } catch (e) {
      this.noticeEndedSession(e);
      throw e;
    }
  }

  /** Only "not signed in" means the session is gone: a wrong current password on a signed-in form is a 401 too. */
  private noticeEndedSession(e: unknown): void {
    if (this.onSessionEnded && e instanceof ApiError && e.status === 401 && (e.code === 'not_authenticated' || e.code === 'http_401')) this.onSessionEnded();
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
    const res = await this.fetchBytes(path);
    return new Uint8Array(await res.arrayBuffer());
  }

  /**
   * Bytes as they arrive, for progress and for decrypting on the way:
   * `onChunk(chunk, received, total)`, where total is the Content-Length (null when the server sent none).
   */
  async stream(path: string, onChunk: (chunk: Uint8Array, received: number, total: number | null) => void): Promise<void> {
    const res = await this.fetchBytes(path);
    const length = Number(res.headers.get('Content-Length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer());
      onChunk(all, all.length, total);
      return;
    }
    const reader = res.body.getReader();
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += value.length;
        onChunk(value, received, total);
      }
    } catch (e) {
      // A chunk that does not decrypt ends the download: stop fetching the rest.
      await reader.cancel().catch(() => undefined);
      throw e;
    }
  }

  private async fetchBytes(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(path, { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
    if (!res.ok) {
      const error = new ApiError(res.status, 'http_' + res.status, '');
      this.noticeEndedSession(error);
      throw error;
    }
    return res;
  }
}

/** A query string from the defined values only. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
