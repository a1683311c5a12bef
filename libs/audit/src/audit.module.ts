import { Global, Module } from '@nestjs/common';
import { CasesModule } from '@kanava/cases';
import { AuditSink } from '@kanava/common';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

/** The hash-chained access log; every lib records through the global AuditSink it provides. */
@Global()
@Module({
  // For case references: the log records case ids, auditors and handlers speak of references.
  imports: [CasesModule],
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, { provide: AuditSink, useExisting: AuditService }],
  exports: [AuditService, AuditSink],
})
export class AuditModule {}
