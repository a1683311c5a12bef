import path from 'node:path';
import type { KanavaConfig } from '@kanava/common';
import { AttachmentStorage } from './attachment-storage';
import { LocalAttachmentStorage } from './local.storage';
import { S3AttachmentStorage } from './s3.storage';

/** The storage driver the configuration names. */
export function createAttachmentStorage(config: KanavaConfig): AttachmentStorage {
  if (config.storageDriver === 's3') {
    return new S3AttachmentStorage({
      bucket: config.s3Bucket!,
      region: config.s3Region,
      endpoint: config.s3Endpoint,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      forcePathStyle: config.s3ForcePathStyle,
    });
  }
  return new LocalAttachmentStorage(path.join(config.dataDir, 'attachments'));
}
