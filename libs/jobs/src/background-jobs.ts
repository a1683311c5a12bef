import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  assertSharedStore,
  AttachmentStorage,
  createAttachmentStorage,
  removeStaleUploads,
  StoreNotSharedError,
  VoiceRecordingsService,
} from '@kanava/attachments';
import { AuditChainer, AuditCheckpoints, AuditRecorder } from '@kanava/audit';
import { removeExpiredGrants } from '@kanava/cases';
import { Clock, KanavaConfig, MailService } from '@kanava/common';
import { sendActivityDigest, sendDeadlineReminders } from '@kanava/notifications';
import { CasePurger, removeExpiredChallengesAndSessions } from '@kanava/retention';
import type { JobName } from './catalogue';
import { JobQueue, QueuedJob } from './job-queue';
import { failureCode, JobRecorder } from './job-recorder';

const MINUTE = 60;

export interface BackgroundJobsOptions {
  db: DataSource;
  /** The database URL (pg-boss keeps its own small pool). */
  databaseUrl: string;
  config: KanavaConfig & { serverSecret: string };
  logger: LoggerService;
  clock?: Clock;
  /** For pg_stat_activity: `kanava-api` or `kanava-worker`. */
  applicationName: string;
}

/** The job list: name, period and what a run does (a count for the log and the status views). */
export function jobDefinitions(
  db: DataSource,
  config: KanavaConfig & { serverSecret: string },
  clock: Clock,
  storage: AttachmentStorage,
  logger: LoggerService,
) {
  const audit = new AuditRecorder(db, new AuditChainer(db, config));
  const checkpoints = new AuditCheckpoints(db, config);
  const purger = new CasePurger(db, storage, audit, clock, logger);
  const mail = new MailService(config);
  const recordings = new VoiceRecordingsService(db, storage, audit, clock);
  const jobs: (QueuedJob & { name: JobName })[] = [
    {
      name: 'retention-purge',
      everySeconds: config.purgeIntervalSeconds,
      run: async () => {
        // Invariant: no purge where the store is not the deployment's: rows would go and files stay.
        await assertSharedStore(db, storage);
        return (await purger.run({ batchSize: config.purgeBatchSize })).purged;
      },
    },
    { name: 'deadline-reminders', everySeconds: 10 * MINUTE, run: () => sendDeadlineReminders(db, mail, clock, config) },
    { name: 'activity-digest', everySeconds: 5 * MINUTE, run: () => sendActivityDigest(db, mail, clock, config) },
    { name: 'audit-checkpoints', everySeconds: config.auditCheckpointMinutes * MINUTE, run: () => checkpoints.checkpointAndPrune(config.auditRetentionDays) },
    { name: 'incomplete-uploads', everySeconds: 15 * MINUTE, run: () => removeStaleUploads(db, config) },
    { name: 'expired-expert-grants', everySeconds: 5 * MINUTE, run: () => removeExpiredGrants(db, audit, clock) },
    { name: 'expired-challenges-sessions', everySeconds: 15 * MINUTE, run: () => removeExpiredChallengesAndSessions(db, clock) },
    {
      name: 'voice-recordings',
      everySeconds: 5 * MINUTE,
      run: async () => {
        // As for the purge: rows must not go where the files would stay.
        await assertSharedStore(db, storage);
        return recordings.destroyDue((error) =>
          logger.warn({ msg: 'could not remove the stored objects of a destroyed recording; the purge sweeps them later', error }, 'Attachments'),
        );
      },
    },
  ];
  return jobs;
}

/**
 * Kanava's background jobs in this process: the retention purge, deadline and
 * hold-review reminders, the activity digest, audit checkpoints and the sweeps.
 * Started by the API (KANAVA_JOBS=inline, the default) and by every worker; each
 * job runs once per period across all of them, and every run is recorded in
 * job_runs for readiness, the console and `npm run cli -- status`.
 */
export class BackgroundJobs {
  private constructor(
    private readonly queue: JobQueue,
    readonly names: JobName[],
  ) {}

  static async start(options: BackgroundJobsOptions): Promise<BackgroundJobs> {
    const { db, config, logger } = options;
    const clock = options.clock ?? new Clock();
    const storage = createAttachmentStorage(config);
    // Said at once, not only at the first purge: a worker with a volume of its own is a set-up error.
    await assertSharedStore(db, storage).catch((e: unknown) => {
      if (!(e instanceof StoreNotSharedError)) throw e;
      logger.error({ msg: e.message, error: e.code }, undefined, 'Jobs');
    });
    const recorder = new JobRecorder(db, clock);
    const jobs = jobDefinitions(db, config, clock, storage, logger);
    const queue = new JobQueue(options.databaseUrl, logger, options.applicationName);
    await queue.start(db, jobs, async (job) => {
      const started = Date.now();
      try {
        const count = await recorder.track(job.name, job.run);
        if (count > 0) logger.log({ msg: 'job done', job: job.name, count, ms: Date.now() - started }, 'Jobs');
      } catch (e) {
        // Codes and names only: messages may quote SQL parameters such as case ids.
        logger.error({ msg: 'job failed', job: job.name, error: failureCode(e) }, undefined, 'Jobs');
        throw e;
      }
    });
    return new BackgroundJobs(
      queue,
      jobs.map((j) => j.name),
    );
  }

  /** Stops offering jobs and waits (up to 30 s) for runs in progress. */
  stop(): Promise<void> {
    return this.queue.stop();
  }
}
