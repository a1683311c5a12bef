export { ReporterModule } from './reporter.module';
export { RegistrationErrorCode, ReporterErrorCode } from './errors';
export { SubmissionService } from './services/submission.service';
export { FollowUpService } from './services/follow-up.service';
export { removeExpiredChallenges } from './services/challenge-sweep';
