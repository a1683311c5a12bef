import 'reflect-metadata';
import { createAttachmentStorage, removeStaleUploads } from '@kanava/attachments';
import { AuditService } from '@kanava/audit';
import { removeExpiredGrants } from '@kanava/cases';
import { Clock, ConfigError, JsonLogger, loadConfig, loadOrCreateServerSecret, MailService } from '@kanava/common';
import { createDataSource, migrate, startEmbeddedPostgres } from '@kanava/database';
import { sendActivityDigest, sendDeadlineReminders } from '@kanava/notifications';
import { CasePurger, removeExpiredChallengesAndSessions } from '@kanava/retention';
import { JobRunner } from './jobs';
import { JobQueue } from './queue';

const MINUTE = 60_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = new JsonLogger(config.logLevel);
  // Listen for stop signals from the very start, so one that arrives during start-up is not lost.
  let stop: () => Promise<void> = async () => process.exit(0);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    void stop().catch(() => process.exit(1));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // DATABASE_URL, or the embedded PostgreSQL of KANAVA_DATA_DIR (joined if the API runs it).
  let url = config.databaseUrl;
  let stopDatabase = async () => undefined as void;
  if (!url) {
    const pg = await startEmbeddedPostgres(config.dataDir);
    url = pg.url;
    stopDatabase = pg.stop;
  }
  const db = await createDataSource(url).initialize();
  await migrate(db);

  const clock = new Clock();
  const jobs = new JobRunner(logger);
  jobs.every('incomplete-upload cleanup', 15 * MINUTE, () => removeStaleUploads(db, config));
  if (!config.serverSecret) config.serverSecret = await loadOrCreateServerSecret(config.dataDir);
  const audit = new AuditService(db, config);
  jobs.every('expired expert grants', 5 * MINUTE, () => removeExpiredGrants(db, audit, clock));
  jobs.every('audit checkpoints and retention', config.auditCheckpointMinutes * MINUTE, () => audit.checkpointAndPrune(config.auditRetentionDays));
  jobs.every('expired challenges and sessions', 15 * MINUTE, () => removeExpiredChallengesAndSessions(db, clock));

  const purger = new CasePurger(db, createAttachmentStorage(config), audit, clock, logger);
  const mail = new MailService(config);
  const queue = new JobQueue(url, logger);
  await queue.start(db, [
    { name: 'retention-purge', cron: '*/5 * * * *', run: async () => (await purger.run({ batchSize: config.purgeBatchSize })).purged },
    { name: 'deadline-reminders', cron: '*/10 * * * *', run: () => sendDeadlineReminders(db, mail, clock, config) },
    { name: 'activity-digest', cron: '*/5 * * * *', run: () => sendActivityDigest(db, mail, clock, config) },
  ]);
  logger.log(
    {
      msg: 'Kanava worker started; jobs: incomplete-upload cleanup, expired expert grants, audit checkpoints and retention, expired challenges and sessions, retention purge, deadline reminders, activity digest',
    },
    'Worker',
  );

  stop = async () => {
    await jobs.stop();
    await queue.stop();
    await db.destroy();
    await stopDatabase();
    process.exit(0);
  };
  if (stopping) await stop();
}

main().catch((e: unknown) => {
  process.stderr.write(`Kanava worker could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
