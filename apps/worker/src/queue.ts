import type { LoggerService } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';

/** Advisory lock key held while a worker sets up pg-boss's queues and schedules (see start()). */
const SETUP_LOCK = 7173;

export interface ScheduledJob {
  name: string;
  /** Cron, in UTC. */
  cron: string;
  run(): Promise<number>;
}

/**
 * Jobs that must run once across all workers (the purge, reminder and digest
 * mails), on pg-boss in Kanava's PostgreSQL (schema `pgboss`): its cron puts one
 * job per tick however many workers run, and the `singleton` queue policy lets
 * only one be active at a time. Each job also runs once at start-up. The jobs
 * themselves stay correct if two runs overlap anyway (SKIP LOCKED, unique rows).
 */
export class JobQueue {
  private readonly boss: PgBoss;

  constructor(
    connectionString: string,
    private readonly logger: LoggerService,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, application_name: 'kanava-worker' });
    this.boss.on('error', (e: unknown) => this.logger.error({ msg: 'job queue error', error: e instanceof Error ? e.name : 'unknown' }, undefined, 'Worker'));
  }

  /**
   * Sets up the queues and schedules, then works them. The setup runs under a
   * PostgreSQL advisory lock: pg-boss 10's createQueue deadlocks when several
   * workers create the same queue at once (seen with three workers starting together).
   */
  async start(db: DataSource, jobs: ScheduledJob[]): Promise<void> {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
      await this.boss.start();
      for (const job of jobs) {
        if (!(await this.boss.getQueue(job.name)))
          await this.boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 0, expireInMinutes: 60 });
        await this.boss.schedule(job.name, job.cron, undefined, { tz: 'UTC' });
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]).catch(() => undefined);
      await runner.release();
    }
    for (const job of jobs) {
      await this.boss.work(job.name, { pollingIntervalSeconds: 2 }, async () => {
        const started = Date.now();
        try {
          const count = await job.run();
          if (count > 0) this.logger.log({ msg: 'job done', job: job.name, count, ms: Date.now() - started }, 'Worker');
        } catch (e) {
          // Error names only: messages may quote SQL parameters such as case ids.
          this.logger.error({ msg: 'job failed', job: job.name, error: e instanceof Error ? e.name : 'unknown' }, undefined, 'Worker');
          throw e;
        }
      });
      await this.boss.send(job.name, {});
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
