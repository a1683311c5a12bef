import { Module } from '@nestjs/common';
import { PrivacyAdminController, PublicPrivacyNoticeController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** Privacy notices per channel (GDPR 13–14) and the record of processing activities (GDPR 30). */
@Module({
  controllers: [PublicPrivacyNoticeController, PrivacyAdminController],
  providers: [PrivacyService],
})
export class PrivacyModule {}
