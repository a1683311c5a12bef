import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createAttachmentStorage } from '@kanava/attachments';
import { AuditSink, ConfigError, JsonLogger, loadConfig, loadOrCreateServerSecret, MailService, outboxDir } from '@kanava/common';
import { startEmbeddedPostgres } from '@kanava/database';
import { BackgroundJobs, JobStatusService, watchJobs } from '@kanava/jobs';
import { DEMO_SLUG, describeDemo, KeyDirectoryService, seedDemo, SetupService } from '@kanava/staff';
import { createKanavaApp } from './app';

/** How often the API looks at the jobs' records to warn about an overdue purge. */
const WATCH_JOBS_MS = 5 * 60_000;

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
  const serverSecret = (config.serverSecret ??= await loadOrCreateServerSecret(config.dataDir));

  let databaseUrl = config.databaseUrl;
  let stopDatabase = async () => undefined as void;
  if (!databaseUrl) {
    const started = Date.now();
    const pg = await startEmbeddedPostgres(config.dataDir, {
      onLog: (line) => logger.debug({ msg: line }, 'postgres'),
      onWaiting: (message) => logger.log({ msg: message }, 'Database'),
    });
    databaseUrl = pg.url;
    stopDatabase = pg.stop;
    logger.log({ msg: 'embedded PostgreSQL ready', dir: path.join(config.dataDir, 'postgres'), ms: Date.now() - started, shared: pg.shared }, 'Database');
  }

  const app = await createKanavaApp({ ...config, databaseUrl }, logger);
  const db = app.get(DataSource);
  if (config.demo) {
    // Logged as Kanava's own doing: the organisation's log starts with its creation.
    const demo = await seedDemo(db, config, app.get(KeyDirectoryService), { actor: { kind: 'system' }, audit: app.get(AuditSink) });
    process.stdout.write(`\n${describeDemo(demo, config.publicUrl)}\n\n`);
  } else {
    // An empty database without the demo: the first-run set-up, opened by a token that only this output shows.
    const token = await app.get(SetupService).issueToken();
    if (token) {
      process.stdout.write(
        `\nKanava has no organisation yet. Set it up at ${config.publicUrl}/staff/setup with this one-time set-up token:\n\n  ${token}\n\n` +
          '(It works until the set-up is done or Kanava restarts; the operator CLI can set up instead: npm run cli -- help.)\n\n',
      );
    }
  }
  const mail = app.get(MailService);
  if (mail.mode === 'off') {
    logger.warn(
      {
        msg: 'No KANAVA_SMTP_URL: no mail is sent (no invitations, deadline reminders or activity digests). Set KANAVA_SMTP_URL to an smtp:// or smtps:// server.',
      },
      'Mail',
    );
  }

  // The deployment's attachment store must be this process's: readiness says when it is not.
  const status = app.get(JobStatusService);
  if (!(await status.checkStore(createAttachmentStorage(config)))) {
    logger.error(
      {
        msg: "This API's attachment store is not the one the deployment's other processes use. Give the API and every worker the same KANAVA_DATA_DIR volume (local storage) or the same S3 bucket.",
      },
      undefined,
      'Storage',
    );
  }
  const jobs =
    config.jobs === 'inline'
      ? await BackgroundJobs.start({ db, databaseUrl, config: { ...config, serverSecret }, logger, applicationName: 'kanava-api' })
      : null;
  const stopWatching = watchJobs(() => status.assess(), logger, WATCH_JOBS_MS);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    stopWatching();
    await jobs?.stop().catch(() => undefined);
    await app.close();
    await stopDatabase();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await app.listen(config.port);
  process.stdout.write(`\n${banner(config, mail.mode)}\n\n`);
  logger.log({ msg: 'Kanava is listening', url: config.publicUrl, port: config.port, jobs: config.jobs, mail: mail.mode }, 'Bootstrap');
}

/** What a newcomer needs after `npm start`: where to click, whether jobs run, where mail goes. */
function banner(config: ReturnType<typeof loadConfig>, mail: MailService['mode']): string {
  const url = config.publicUrl.replace(/\/$/, '');
  const lines = ['Kanava is running.'];
  if (config.demo) lines.push(`  Reporter portal:  ${url}/r/${DEMO_SLUG}`);
  else lines.push(`  Reporter portal:  ${url}/r/<organisation slug>`);
  lines.push(`  Staff console:    ${url}/staff`);
  lines.push(
    config.jobs === 'inline'
      ? `  Background jobs:  running in this process (retention purge every ${config.purgeIntervalSeconds} s, deadline reminders, activity digest, audit checkpoints)`
      : '  Background jobs:  off here (KANAVA_JOBS=off); run `npm run start:worker` against the same database, or nothing is ever purged',
  );
  lines.push(
    mail === 'smtp'
      ? '  Mail:             sent through KANAVA_SMTP_URL'
      : mail === 'outbox'
        ? `  Mail:             no KANAVA_SMTP_URL, so mail is written to ${outboxDir(config)} (one .eml file per mail)`
        : '  Mail:             off (no KANAVA_SMTP_URL): no invitations, reminders or digests are sent',
  );
  lines.push(`  Health:           ${url}/api/health/ready    API description: ${url}/api/docs`);
  return lines.join('\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`Kanava could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
