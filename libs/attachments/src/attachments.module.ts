import { Module } from '@nestjs/common';
import { CasesModule } from '@kanava/cases';
import { KanavaConfig } from '@kanava/common';
import { ReporterAttachmentsController } from './controllers/reporter-attachments.controller';
import { StaffAttachmentsController } from './controllers/staff-attachments.controller';
import { AttachmentsService } from './services/attachments.service';
import { VoiceRecordingsService } from './services/voice-recordings.service';
import { AttachmentStorage } from './storage/attachment-storage';
import { createAttachmentStorage } from './storage/create-storage';

/** Encrypted evidence files for reporters and handlers, stored by the configured driver. */
@Module({
  imports: [CasesModule],
  controllers: [ReporterAttachmentsController, StaffAttachmentsController],
  providers: [
    AttachmentsService,
    VoiceRecordingsService,
    { provide: AttachmentStorage, useFactory: (config: KanavaConfig) => createAttachmentStorage(config), inject: [KanavaConfig] },
  ],
  exports: [AttachmentsService, AttachmentStorage],
})
export class AttachmentsModule {}
