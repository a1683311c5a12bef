import { Module } from '@nestjs/common';
import { CaseAccessService } from './case-access.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** The restricted handler side of cases. */
@Module({
  controllers: [CasesController],
  providers: [CasesService, CaseAccessService],
  exports: [CaseAccessService],
})
export class CasesModule {}
