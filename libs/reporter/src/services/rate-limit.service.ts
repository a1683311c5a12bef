import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMMIT_WITHOUT_FLUSH, queryPrepared, Sql, sql } from '@kanava/database';
import { Clock, KanavaConfig, RateLimitedError } from '@kanava/common';

export type RateBucket = 'submissions' | `submissions:${string}` | 'follow-up-failures';

/** Units taken from budgets, to give back when the work they paid for fails. */
export interface TakenUnits {
  start: Date;
  buckets: RateBucket[];
}

/**
 * Takes one unit from each bucket $1 (text[]) in the window starting at $2 and returns
 * every bucket's new count. Usable as a CTE, so a caller can take units in the same
 * statement as other work; `RateLimitService.settle` then judges the counts.
 * It commits without waiting for the disk (`COMMIT_WITHOUT_FLUSH`: the counter rows are
 * every submission's, and must not stay locked for a flush), so it is for statements
 * that run on their own, never inside a transaction.
 */
export const TAKE_UNITS_SQL = `INSERT INTO rate_limit_windows (bucket, window_start, count) SELECT unnest($1::text[]), $2, 1 FROM ${COMMIT_WITHOUT_FLUSH}
  ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
  RETURNING bucket, count`;

/**
 * The budget of wrong case secrets: one for everybody, because a wrong secret names
 * no organisation and no client is identified.
 */
export function followUpFailureBudget(config: KanavaConfig): { bucket: RateBucket; limit: number }[] {
  return [{ bucket: 'follow-up-failures', limit: config.failedFollowUpsPerWindow }];
}

/**
 * Fixed-window budgets shared by every client and every API instance (table
 * rate_limit_windows). Invariant: nothing about the client (address, user agent,
 * cookie) is read or stored; a bucket is "everybody" or "one organisation".
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly clock: Clock,
  ) {}

  /** The current fixed window, by Kanava's clock (so tests step through windows instead of waiting for them). */
  private window(): { start: Date; retryAfter: number } {
    const ms = this.config.rateWindowSeconds * 1000;
    const now = this.clock.nowMs();
    const start = Math.floor(now / ms) * ms;
    return { start: new Date(start), retryAfter: Math.max(1, Math.ceil((start + ms - now) / 1000)) };
  }

  private refuse(retryAfter: number): never {
    throw new RateLimitedError('Too many requests from everybody right now; try again after Retry-After seconds.', retryAfter);
  }

  /**
   * `check` of one budget, split so its read can ride in another statement: `countRead`
   * is an expression for the bucket's count in this window (a fragment for the statement
   * builder), and `checkCount` judges what it gave.
   */
  countRead(bucket: RateBucket): Sql {
    return sql`(SELECT count FROM rate_limit_windows WHERE bucket = ${bucket} AND window_start = ${this.window().start})::int`;
  }

  /** `TAKE_UNITS_SQL` as a fragment for the statement builder, with `buckets` (text[]) shared with the caller's statement. */
  takeUnits(taken: TakenUnits, buckets: unknown = taken.buckets): Sql {
    return Sql.numbered(TAKE_UNITS_SQL, [buckets, taken.start]);
  }

  /** 429 when a count `countRead` gave has reached the budget's limit. */
  checkCount(budget: { limit: number }, count: number | null): void {
    if ((count ?? 0) >= budget.limit) this.refuse(this.window().retryAfter);
  }

  /** The larger count of this window and the previous one: the recent rate, without a dip at each window's start. */
  async recentCount(bucket: RateBucket): Promise<number> {
    const rows = await queryPrepared<{ count: number }[]>(
      this.db,
      'SELECT coalesce(max(count), 0)::int AS count FROM rate_limit_windows WHERE bucket = $1 AND window_start >= $2',
      [bucket, this.recentSince()],
    );
    return rows[0]?.count ?? 0;
  }

  /** The start of the previous window: windows from here on tell the recent rate (see `recentCount`). */
  recentSince(): Date {
    return new Date(this.window().start.getTime() - this.config.rateWindowSeconds * 1000);
  }

  /** 429 when this budget is spent in this window. Writes nothing. */
  async check(budget: { bucket: RateBucket; limit: number }): Promise<void> {
    const [row] = await queryPrepared<{ count: number | null }[]>(this.db, sql`SELECT ${this.countRead(budget.bucket)} AS count`);
    this.checkCount(budget, row.count);
  }

  /**
   * Takes one unit from every bucket in one statement, or answers 429 and takes none.
   * Runs on its own (autocommit), not in the caller's transaction: the counter rows are
   * shared by every request of every instance, and a row updated in a transaction stays
   * locked until that transaction ends, which would serialise all of them. Here a row is
   * locked for one statement only. A caller whose work then fails gives the units back
   * with `refund`; a crash in between loses a unit, which errs on the safe side.
   * Invariant: a unit is kept only when its count stays within the limit, so concurrent
   * requests and instances never overspend a budget.
   */
  async consume(buckets: { bucket: RateBucket; limit: number }[]): Promise<TakenUnits> {
    const taken = this.units(buckets);
    const rows = await queryPrepared<{ bucket: string; count: number }[]>(this.db, TAKE_UNITS_SQL, [taken.buckets, taken.start]);
    await this.settle(buckets, taken, rows);
    return taken;
  }

  /** The units `TAKE_UNITS_SQL` takes from these buckets now: its parameters $1 and $2. */
  units(buckets: { bucket: RateBucket }[]): TakenUnits {
    return { start: this.window().start, buckets: buckets.map((b) => b.bucket) };
  }

  /**
   * After `TAKE_UNITS_SQL` ran (alone or inside a larger statement): when a budget is
   * overspent, gives the units back and answers 429. At a window's first unit, removes
   * the windows before the previous one (the previous one still tells the recent rate).
   */
  async settle(buckets: { bucket: RateBucket; limit: number }[], taken: TakenUnits, rows: { bucket: string; count: number }[]): Promise<void> {
    if (buckets.some(({ bucket, limit }) => (rows.find((r) => r.bucket === bucket)?.count ?? Infinity) > limit)) {
      await this.refund(taken);
      this.refuse(this.window().retryAfter);
    }
    const fresh = rows.filter((r) => r.count === 1).map((r) => r.bucket);
    if (fresh.length > 0) {
      await this.db.query('DELETE FROM rate_limit_windows WHERE bucket = ANY($1) AND window_start < $2', [
        fresh,
        new Date(taken.start.getTime() - this.config.rateWindowSeconds * 1000),
      ]);
    }
  }

  /** Gives back units taken by `consume` (in the window they were taken from), without waiting for the disk, as they were taken. */
  async refund(taken: TakenUnits): Promise<void> {
    await queryPrepared(
      this.db,
      `UPDATE rate_limit_windows SET count = count - 1 FROM ${COMMIT_WITHOUT_FLUSH} WHERE bucket = ANY($1) AND window_start = $2 AND count > 0`,
      [taken.buckets, taken.start],
    );
  }
}
