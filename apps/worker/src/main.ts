import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { startUploadCleanup } from '@kanava/attachments';
import { ConfigError, JsonLogger, loadConfig } from '@kanava/common';
import { WorkerModule } from './worker.module';

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
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  const stopUploadCleanup = await startUploadCleanup(config, logger);
  logger.log({ msg: 'Kanava worker started; jobs: incomplete-upload cleanup' }, 'Worker');
  // Keep the process alive until it is told to stop.
  const idle = setInterval(() => undefined, 60_000);
  const stop = async () => {
    clearInterval(idle);
    await stopUploadCleanup();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main();
