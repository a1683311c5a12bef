import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, JsonLogger, loadConfig, loadOrCreateServerSecret } from '@kanava/common';
import { startEmbeddedPostgres } from '@kanava/database';
import { describeDemo, seedDemo } from '@kanava/staff';
import { createKanavaApp } from './app';

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
  config.serverSecret ??= await loadOrCreateServerSecret(config.dataDir);

  let databaseUrl = config.databaseUrl;
  let stopDatabase = async () => undefined as void;
  if (!databaseUrl) {
    const started = Date.now();
    const pg = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug({ msg: line }, 'postgres'));
    databaseUrl = pg.url;
    stopDatabase = pg.stop;
    logger.log({ msg: 'embedded PostgreSQL ready', dir: path.join(config.dataDir, 'postgres'), ms: Date.now() - started, shared: pg.shared }, 'Database');
  }

  const app = await createKanavaApp({ ...config, databaseUrl }, logger);
  if (config.demo) {
    const demo = await seedDemo(app.get(DataSource), config);
    process.stdout.write(`\n${describeDemo(demo, config.publicUrl)}\n\n`);
  }
  const shutdown = async () => {
    await app.close();
    await stopDatabase();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await app.listen(config.port);
  logger.log({ msg: 'Kanava is listening', url: config.publicUrl, port: config.port }, 'Bootstrap');
}

main().catch((e: unknown) => {
  process.stderr.write(`Kanava could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
