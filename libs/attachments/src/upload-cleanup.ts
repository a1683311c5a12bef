import type { DataSource } from 'typeorm';
import type { KanavaConfig } from '@kanava/common';
import { AttachmentsService } from './services/attachments.service';
import { createAttachmentStorage } from './storage/create-storage';

/**
 * Removes incomplete uploads idle for longer than KANAVA_INCOMPLETE_UPLOAD_MAX_AGE_HOURS,
 * rows and stored segments alike. The worker runs it on an interval; returns how many.
 */
export function removeStaleUploads(db: DataSource, config: KanavaConfig): Promise<number> {
  const service = new AttachmentsService(db, config, createAttachmentStorage(config));
  return service.removeStaleUploads(new Date(Date.now() - config.incompleteUploadMaxAgeHours * 3600_000));
}
