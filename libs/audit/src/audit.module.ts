import { Global, Module } from '@nestjs/common';
import { CasesModule } from '@kanava/cases';
import { AuditSink } from '@kanava/common';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditChainer } from './audit-chainer';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditRecorder } from './audit-recorder';
import { AuditVerifier } from './audit-verifier';

/** The hash-chained access log; every lib records through the global AuditSink it provides (the recorder). */
@Global()
@Module({
  // For case references: the log records case ids, auditors and handlers speak of references.
  imports: [CasesModule],
  controllers: [AuditController],
  providers: [AuditRecorder, AuditChainer, AuditVerifier, AuditCheckpoints, AuditQueryService, { provide: AuditSink, useExisting: AuditRecorder }],
  exports: [AuditRecorder, AuditChainer, AuditVerifier, AuditCheckpoints, AuditSink],
})
export class AuditModule {}
