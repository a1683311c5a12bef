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

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** For tests only: pretend time has passed. Refused outside tests, so no code path can skew deadlines or second factors. */
  advance(ms: number): void {
    if (process.env.NODE_ENV !== 'test') throw new Error('Clock.advance is for tests only');
    this.offsetMs += ms;
  }
}
