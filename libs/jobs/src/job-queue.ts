import type { LoggerService } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';
import type { JobName } from './catalogue';
import { failureCode } from './job-recorder';

/** Advisory lock key held while a process sets up pg-boss's queues (see start()). */
const SETUP_LOCK = 7173;

/**
 * A run that outlives this is taken as lost (its process died), and the queue lets
 * the next run start: a killed process must not hold the purge back for long. A
 * slow run that is merely taken as lost overlaps the next, which the jobs tolerate.
 */
const EXPIRE_SECONDS = 15 * 60;

export interface QueuedJob {
  name: JobName;
  /** How often the job runs, once across every process that runs jobs. */
  everySeconds: number;
  run(): Promise<number>;
}

/**
 * Runs each job once per period across every process that runs jobs (the API with
 * KANAVA_JOBS=inline, workers), on pg-boss in Kanava's PostgreSQL (schema
 * `pgboss`). Every process offers each job once per period with a throttled send
 * (one job per period's time slot, however many offer it), and the `singleton`
 * queue policy lets only one run of a job be active at a time. The jobs
 * themselves stay correct if two runs overlap anyway (SKIP LOCKED, unique rows).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    connectionString: string,
    private readonly logger: LoggerService,
    applicationName: string,
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, application_name: applicationName, schedule: false });
    this.boss.on('error', (e: unknown) => this.logger.error({ msg: 'job queue error', error: failureCode(e) }, undefined, 'Jobs'));
  }

  /**
   * Sets up the queues, works them, and offers each job now and once per period.
   * The setup runs under a PostgreSQL advisory lock: pg-boss 10's createQueue
   * deadlocks when several processes create the same queue at once (seen with three
   * workers starting together).
   */
  async start(db: DataSource, jobs: QueuedJob[], handle: (job: QueuedJob) => Promise<void>): Promise<void> {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
      await this.boss.start();
      const options = { policy: 'singleton' as const, retryLimit: 0, expireInSeconds: EXPIRE_SECONDS };
      for (const job of jobs) {
        if (await this.boss.getQueue(job.name)) await this.boss.updateQueue(job.name, { name: job.name, ...options });
        else await this.boss.createQueue(job.name, { name: job.name, ...options });
      }
      // Earlier versions scheduled some jobs by pg-boss cron; the periods below replace that.
      for (const s of await this.boss.getSchedules()) await this.boss.unschedule(s.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]).catch(() => undefined);
      await runner.release();
    }
    for (const job of jobs) {
      // Offered before the first poll, so a process that starts runs each job at once.
      await this.offer(job);
      // Poll often enough to start a run soon after its offer, without a query a second for hourly jobs.
      const pollingIntervalSeconds = Math.min(10, Math.max(1, Math.floor(job.everySeconds / 10)));
      await this.boss.work(job.name, { pollingIntervalSeconds }, () => handle(job));
      const timer = setInterval(() => void this.offer(job), job.everySeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Asks for a run of `job` in the current period; a no-op when some process asked already. */
  private async offer(job: QueuedJob): Promise<void> {
    try {
      await this.boss.sendThrottled(job.name, {}, {}, job.everySeconds);
    } catch (e) {
      this.logger.warn({ msg: 'could not queue a job run', job: job.name, error: failureCode(e) }, 'Jobs');
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
