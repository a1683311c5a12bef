import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobStatusService } from './job-status.service';

/** The status of the background jobs (the jobs themselves start in main.ts or the worker: BackgroundJobs). */
@Module({
  controllers: [JobsController],
  providers: [JobStatusService],
  exports: [JobStatusService],
})
export class JobsModule {}
