import { Module } from '@nestjs/common';
import { OrganisationsController } from './controllers/organisations.controller';
import { ReportsController } from './controllers/reports.controller';
import { ChallengeService } from './services/challenge.service';
import { DirectoryService } from './services/directory.service';
import { FollowUpService } from './services/follow-up.service';
import { RateLimitService } from './services/rate-limit.service';
import { SubmissionService } from './services/submission.service';

/** The public reporter protocol of API.md. */
@Module({
  controllers: [OrganisationsController, ReportsController],
  providers: [DirectoryService, ChallengeService, SubmissionService, FollowUpService, RateLimitService],
  // FollowUpService: the reporter attachment routes authenticate (and rate-limit) the same way.
  exports: [DirectoryService, FollowUpService],
})
export class ReporterModule {}
