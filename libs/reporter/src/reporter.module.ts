import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LeaveController } from './controllers/leave.controller';
import { OrganisationsController } from './controllers/organisations.controller';
import { ReportsController } from './controllers/reports.controller';
import { FollowUpProofGuard } from './guards/follow-up-proof.guard';
import { ChallengeService } from './services/challenge.service';
import { DirectoryService } from './services/directory.service';
import { FollowUpService } from './services/follow-up.service';
import { RateLimitService } from './services/rate-limit.service';
import { ForwardedReportIntake, ReporterSessions, SignatureChecker } from '@kanava/protocol';
import { SubmissionService } from './services/submission.service';

/**
 * The public reporter protocol of API.md (and its extensions, docs/reporter-protocol-extensions.md).
 * Global, so the libs above (cases, attachments) get its ports without importing this lib.
 */
@Global()
@Module({
  controllers: [OrganisationsController, ReportsController, LeaveController],
  providers: [
    DirectoryService,
    ChallengeService,
    SubmissionService,
    FollowUpService,
    RateLimitService,
    SignatureChecker,
    { provide: ReporterSessions, useExisting: FollowUpService },
    { provide: ForwardedReportIntake, useExisting: SubmissionService },
    // Global: the follow-up routes of the attachments lib need the same proof.
    { provide: APP_GUARD, useClass: FollowUpProofGuard },
  ],
  // ReporterSessions: the reporter attachment and meeting routes authenticate (and rate-limit) the same way;
  // ForwardedReportIntake: handlers register reports received another way under the same rules.
  exports: [ReporterSessions, ForwardedReportIntake],
})
export class ReporterModule {}
