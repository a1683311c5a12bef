import { Module } from '@nestjs/common';

/** Retention policies, legal holds and purge jobs (not built yet: the case-lifecycle issue). */
@Module({})
export class RetentionModule {}
