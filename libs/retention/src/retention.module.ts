import { Module } from '@nestjs/common';
import { CasesModule } from '@kanava/cases';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** Retention policies, legal holds and the view of upcoming deletions; the purge job itself runs in apps/worker (CasePurger). */
@Module({
  imports: [CasesModule],
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}
