import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KanavaConfig, RateLimitedError } from '@kanava/common';

export type RateBucket = 'submissions' | `submissions:${string}` | 'follow-up-failures';

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
  ) {}

  private window(): { start: Date; retryAfter: number } {
    const ms = this.config.rateWindowSeconds * 1000;
    const now = Date.now();
    const start = Math.floor(now / ms) * ms;
    return { start: new Date(start), retryAfter: Math.max(1, Math.ceil((start + ms - now) / 1000)) };
  }

  private refuse(retryAfter: number): never {
    throw new RateLimitedError('Too many requests from everybody right now; try again after Retry-After seconds.', retryAfter);
  }

  /** The larger count of this window and the previous one: the recent rate, without a dip at each window's start. */
  async recentCount(bucket: RateBucket): Promise<number> {
    const { start } = this.window();
    const rows: { count: number }[] = await this.db.query(
      'SELECT coalesce(max(count), 0)::int AS count FROM rate_limit_windows WHERE bucket = $1 AND window_start >= $2',
      [bucket, new Date(start.getTime() - this.config.rateWindowSeconds * 1000)],
    );
    return rows[0]?.count ?? 0;
  }

  /** 429 when any of the buckets has spent its budget in this window. Writes nothing. */
  async check(buckets: { bucket: RateBucket; limit: number }[], em: EntityManager = this.db.manager): Promise<void> {
    const { start, retryAfter } = this.window();
    const rows: { bucket: string; count: number }[] = await em.query(
      'SELECT bucket, count FROM rate_limit_windows WHERE bucket = ANY($1) AND window_start = $2',
      [buckets.map((b) => b.bucket), start],
    );
    for (const { bucket, limit } of buckets) {
      if ((rows.find((r) => r.bucket === bucket)?.count ?? 0) >= limit) this.refuse(retryAfter);
    }
  }

  /**
   * Takes one unit from every bucket, or answers 429 and takes none (run it in the
   * caller's transaction so a later failure gives the units back). The row stays
   * locked until that transaction ends, so concurrent instances never overspend.
   */
  async consume(buckets: { bucket: RateBucket; limit: number }[], em: EntityManager = this.db.manager): Promise<void> {
    const { start, retryAfter } = this.window();
    for (const { bucket, limit } of buckets) {
      const rows: { count: number }[] = await em.query(
        `INSERT INTO rate_limit_windows (bucket, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limit_windows.count + 1 WHERE rate_limit_windows.count < $3
         RETURNING count`,
        [bucket, start, limit],
      );
      if (rows.length === 0) this.refuse(retryAfter);
      // The first unit of a new window: windows before the previous one are useless, remove them
      // (the previous one still tells the recent rate, see recentCount).
      if (rows[0].count === 1) {
        await em.query('DELETE FROM rate_limit_windows WHERE bucket = $1 AND window_start < $2', [
          bucket,
          new Date(start.getTime() - this.config.rateWindowSeconds * 1000),
        ]);
      }
    }
  }
}
