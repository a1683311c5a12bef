/** An API answer other than 2xx: the `{error, message}` body of API.md, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's other fields (e.g. `casesDueNow`), for the client's own words. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * `omit` (the default) for reporter requests: a staff session cookie in the same
   * browser must never travel with them. The staff console passes `same-origin`.
   */
  credentials?: 'omit' | 'same-origin';
}

/** A JSON request to the API on this origin: no cache, no referrer, credentials only when asked for. */
export async function apiJson<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: options.credentials ?? 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const { error, message, ...fields } = (parsed && typeof parsed === 'object' ? parsed : {}) as { error?: unknown; message?: unknown };
    throw new ApiError(res.status, typeof error === 'string' ? error : 'http_' + res.status, typeof message === 'string' ? message : '', fields);
  }
  return parsed as T;
}

/**
 * Sends bytes with upload progress (XMLHttpRequest: fetch cannot report upload
 * progress, and streamed fetch bodies need HTTP/2). Resolves with the status.
 */
export function uploadBytes(
  method: string,
  path: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (sent: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = false;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || body.size);
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted.'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let code = 'http_' + xhr.status;
      try {
        const parsed = JSON.parse(xhr.responseText) as { error?: unknown };
        if (typeof parsed.error === 'string') code = parsed.error;
      } catch {
        // Not JSON: keep the status code.
      }
      reject(new ApiError(xhr.status, code, ''));
    };
    xhr.send(body);
  });
}

/** Fetches bytes (an attachment's ciphertext) without credentials or caching. */
export async function fetchBytes(path: string, headers: Record<string, string>): Promise<Uint8Array> {
  const res = await fetch(path, { headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, '');
  return new Uint8Array(await res.arrayBuffer());
}
