import 'reflect-metadata';
import { ConfigError, JsonLogger, loadConfig, loadOrCreateServerSecret, MailService, outboxDir } from '@kanava/common';
import { createDataSource, migrate, startEmbeddedPostgres } from '@kanava/database';
import { BackgroundJobs, startHeartbeat } from '@kanava/jobs';

/**
 * A worker: Kanava's background jobs without the HTTP API, for deployments that run
 * the API with KANAVA_JOBS=off (docker/compose.yaml, several nodes). Any number may
 * run; each job runs once per period across all of them and the APIs that run jobs.
 */
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
    const pg = await startEmbeddedPostgres(config.dataDir, { onWaiting: (message) => logger.log({ msg: message }, 'Database') });
    url = pg.url;
    stopDatabase = pg.stop;
  }
  const db = await createDataSource(url).initialize();
  await migrate(db);
  const serverSecret = (config.serverSecret ??= await loadOrCreateServerSecret(config.dataDir));
  const mail = new MailService(config).mode;
  if (mail === 'off') logger.warn({ msg: 'No KANAVA_SMTP_URL: deadline reminders and activity digests are not mailed. Set KANAVA_SMTP_URL.' }, 'Mail');

  const jobs = await BackgroundJobs.start({ db, databaseUrl: url, config: { ...config, serverSecret }, logger, applicationName: 'kanava-worker' });
  const stopHeartbeat = startHeartbeat(db);
  logger.log(
    {
      msg: `Kanava worker started; jobs: ${jobs.names.join(', ')}`,
      mail: mail === 'outbox' ? outboxDir(config) : mail,
      storage: config.storageDriver,
    },
    'Worker',
  );

  stop = async () => {
    stopHeartbeat();
    await jobs.stop();
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
