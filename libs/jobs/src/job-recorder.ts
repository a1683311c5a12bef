import type { DataSource } from 'typeorm';
import type { Clock } from '@kanava/common';
import type { JobName } from './catalogue';

/** A failure's code for the record: a coded error's code, else the error's name, never its message. */
export function failureCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[a-z0-9_]{1,64}$/.test(code)) return code;
  return e instanceof Error ? e.name.slice(0, 64) : 'unknown';
}

/**
 * Records each run of a job in job_runs (start, then success or failure), from
 * whichever process runs it, so status views see the whole deployment's jobs.
 * A failure to write the record never fails the job itself.
 */
export class JobRecorder {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async track(name: JobName, run: () => Promise<number>): Promise<number> {
    const started = this.clock.now();
    await this.db
      .query(
        `INSERT INTO job_runs (name, last_started_at) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET last_started_at = EXCLUDED.last_started_at`,
        [name, started],
      )
      .catch(() => undefined);
    try {
      const count = await run();
      const finished = this.clock.now();
      await this.db
        .query(
          `UPDATE job_runs SET last_finished_at = $2, last_succeeded_at = $2, last_count = $3, last_duration_ms = $4, last_error = NULL
            WHERE name = $1`,
          [name, finished, count, finished.getTime() - started.getTime()],
        )
        .catch(() => undefined);
      return count;
    } catch (e) {
      const finished = this.clock.now();
      await this.db
        .query('UPDATE job_runs SET last_finished_at = $2, last_failed_at = $2, last_error = $3, last_duration_ms = $4 WHERE name = $1', [
          name,
          finished,
          failureCode(e),
          finished.getTime() - started.getTime(),
        ])
        .catch(() => undefined);
      throw e;
    }
  }
}
