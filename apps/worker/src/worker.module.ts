import { Module } from '@nestjs/common';
import { AuditModule } from '@kanava/audit';
import { RetentionModule } from '@kanava/retention';

/**
 * Background jobs (retention purge, deadline reminders, mail). The jobs arrive
 * with the case-lifecycle work; today the worker starts, checks its
 * configuration and waits, so deployments can already run it.
 */
@Module({ imports: [AuditModule, RetentionModule] })
export class WorkerModule {}
