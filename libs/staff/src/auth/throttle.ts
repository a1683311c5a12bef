import { createHmac } from 'node:crypto';

/** The sign-in throttle key of an address: an HMAC under the server secret, so the table names nobody. */
export function throttleKey(serverSecret: string, email: string): Buffer {
  return createHmac('sha256', serverSecret).update(`kanava:login-throttle:${email.trim().toLowerCase()}`, 'utf8').digest();
}
