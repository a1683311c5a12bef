/** Reads one cookie from a Cookie header (no dependency needed for one opaque token). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const SESSION_COOKIE = 'kanava_session';

/**
 * Sent with every sign-out: the browser drops the session cookie, anything cached
 * from case pages and whatever the staff UI kept in storage (the unwrapped key
 * bundle must not outlive the session on a shared computer).
 */
export const STAFF_CLEAR_SITE_DATA = '"cache", "cookies", "storage"';
