import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LeaveController } from './controllers/leave.controller';
import { OrganisationsController } from './controllers/organisations.controller';
import { ReportsController } from './controllers/reports.controller';
import { FollowUpProofGuard } from './guards/follow-up-proof.guard';
import { ChallengeService } from './services/challenge.service';
import { DirectoryService } from './services/directory.service';
import { FollowUpService } from './services/follow-up.service';
import { RateLimitService } from './services/rate-limit.service';
import { SignatureChecker } from './services/signature-checker';
import { SubmissionService } from './services/submission.service';

/** The public reporter protocol of API.md (and its extensions, docs/reporter-protocol-extensions.md). */
@Module({
  controllers: [OrganisationsController, ReportsController, LeaveController],
  providers: [
    DirectoryService,
    ChallengeService,
    SubmissionService,
    FollowUpService,
    RateLimitService,
    SignatureChecker,
    // Global: the follow-up routes of the attachments lib need the same proof.
    { provide: APP_GUARD, useClass: FollowUpProofGuard },
  ],
  // FollowUpService: the reporter attachment routes authenticate (and rate-limit) the same way;
  // SubmissionService: handlers register reports received another way under the same rules.
  exports: [DirectoryService, FollowUpService, SubmissionService],
})
export class ReporterModule {}
