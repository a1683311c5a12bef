import { Injectable } from '@nestjs/common';

/**
 * Kanava's one notion of "now" for date logic: legal deadlines, reminders,
 * retention and legal-hold reviews, grants that expire, TOTP steps. Code asks this
 * clock and passes its time into SQL as a parameter instead of calling the
 * database's now(), so tests can move time forward and watch a deadline fall due
 * or a case reach its deletion date.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozenAtMs: number | null = null;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAtMs ?? Date.now() + this.offsetMs;
  }

  /** For tests only: pretend time has passed. Refused outside tests, so no code path can skew deadlines or second factors. */
  advance(ms: number): void {
    Clock.assertTest();
    if (this.frozenAtMs !== null) this.frozenAtMs += ms;
    else this.offsetMs += ms;
  }

  /** For tests only: stop time at `at`, so a test can stand exactly on a deadline; advance() moves it on. */
  freeze(at: Date): void {
    Clock.assertTest();
    this.frozenAtMs = at.getTime();
  }

  /** For tests only: back to real time. */
  reset(): void {
    Clock.assertTest();
    this.offsetMs = 0;
    this.frozenAtMs = null;
  }

  private static assertTest(): void {
    if (process.env.NODE_ENV !== 'test') throw new Error('moving the clock is for tests only');
  }
}
