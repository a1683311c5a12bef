import type { LoggerService } from '@nestjs/common';
import type { KanavaConfig } from '@kanava/common';
import { createDataSource } from '@kanava/database';
import { AttachmentsService } from './services/attachments.service';
import { createAttachmentStorage } from './storage/create-storage';

/** How often the worker looks for stale uploads. */
const CLEANUP_INTERVAL_MS = 15 * 60_000;

/**
 * The worker's removal of incomplete uploads idle for longer than
 * KANAVA_INCOMPLETE_UPLOAD_MAX_AGE_HOURS: once at start, then on an interval.
 * Needs DATABASE_URL (the embedded PostgreSQL belongs to the API process).
 * Resolves with a function that stops it.
 */
export async function startUploadCleanup(config: KanavaConfig, logger: LoggerService): Promise<() => Promise<void>> {
  if (!config.databaseUrl) {
    logger.warn?.({ msg: 'incomplete-upload cleanup needs DATABASE_URL; not scheduled' }, 'Worker');
    return async () => undefined;
  }
  const db = await createDataSource(config.databaseUrl).initialize();
  const service = new AttachmentsService(db, config, createAttachmentStorage(config));
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = service
      .removeStaleUploads(new Date(Date.now() - config.incompleteUploadMaxAgeHours * 3600_000))
      .then((removed) => {
        if (removed > 0) logger.log({ msg: 'removed stale incomplete uploads', count: removed }, 'Worker');
      })
      .catch((e: unknown) => logger.error({ msg: 'incomplete-upload cleanup failed', error: e instanceof Error ? e.name : 'unknown' }, undefined, 'Worker'));
  };
  run();
  const timer = setInterval(run, CLEANUP_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await running;
    await db.destroy();
  };
}
