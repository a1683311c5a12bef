import { Module } from '@nestjs/common';

/** Hash-chained access log and auditor API (not built yet: the audit issue). */
@Module({})
export class AuditModule {}
