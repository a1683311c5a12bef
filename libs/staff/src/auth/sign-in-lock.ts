/**
 * The sign-in lock of an address, as pure functions of its throttle row, so the rules
 * read in one place (AuthService.verify applies them in the row's transaction).
 */

/** The sign-in throttle row of an address (login_throttle). */
export interface ThrottleRow {
  failures: number;
  locked_until: Date | null;
  locked_at: Date | null;
  strikes: number;
}

/**
 * Where an address stands: `open` (no lock), `backing_off` (a lock's first seconds:
 * nothing is looked at), `owner_may_enter` (locked against guessing, but the right
 * secret and a valid code sign in), `closed` (locked for everyone: too many failures
 * with the right secret).
 */
export type LockState = 'open' | 'backing_off' | 'owner_may_enter' | 'closed';

export function lockState(t: ThrottleRow, now: Date, backoffSeconds: number, max: number): LockState {
  if (!t.locked_until || t.locked_until <= now) return 'open';
  if (t.strikes >= max) return 'closed';
  const began = t.locked_at ?? new Date(0);
  return now.getTime() < began.getTime() + backoffSeconds * 1000 ? 'backing_off' : 'owner_may_enter';
}

/** The throttle row after a failed attempt. */
export function afterFailure(
  t: ThrottleRow,
  state: LockState,
  secretOk: boolean,
  now: Date,
  max: number,
  lockMinutes: number,
): { failures: number; strikes: number; lockedUntil: Date | null; lockedAt: Date | null } {
  // Nothing is looked at while backing off or closed; a lock never grows.
  if (state === 'backing_off' || state === 'closed') return { failures: t.failures, strikes: t.strikes, lockedUntil: t.locked_until, lockedAt: t.locked_at };
  if (state === 'owner_may_enter') return { failures: t.failures, strikes: t.strikes + (secretOk ? 1 : 0), lockedUntil: t.locked_until, lockedAt: t.locked_at };
  // Open: a lock that ended left its counts behind; this failure starts afresh after it.
  const ended = t.locked_until !== null;
  const failures = (ended ? 0 : t.failures) + 1;
  const strikes = (ended ? 0 : t.strikes) + (secretOk ? 1 : 0);
  if (failures < max && strikes < max) return { failures, strikes, lockedUntil: null, lockedAt: null };
  return { failures: 0, strikes, lockedUntil: new Date(now.getTime() + lockMinutes * 60_000), lockedAt: now };
}
