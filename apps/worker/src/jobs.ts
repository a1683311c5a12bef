import type { LoggerService } from '@nestjs/common';

/**
 * Runs named jobs on fixed intervals: once at start, then every interval, never
 * two runs of one job at a time. A failed run is logged (its error name only)
 * and the job tries again at the next tick.
 */
export class JobRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly logger: LoggerService) {}

  every(name: string, intervalMs: number, job: () => Promise<number>): void {
    const run = () => {
      if (this.running.has(name)) return;
      const started = Date.now();
      const p = job()
        .then((count) => {
          if (count > 0) this.logger.log({ msg: 'job done', job: name, count, ms: Date.now() - started }, 'Worker');
        })
        .catch((e: unknown) => this.logger.error({ msg: 'job failed', job: name, error: e instanceof Error ? e.name : 'unknown' }, undefined, 'Worker'))
        .finally(() => this.running.delete(name));
      this.running.set(name, p);
    };
    run();
    this.timers.push(setInterval(run, intervalMs));
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.all(this.running.values());
  }
}
