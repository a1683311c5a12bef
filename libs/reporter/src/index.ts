export { ReporterModule } from './reporter.module';
export { RegistrationErrorCode, ReporterErrorCode } from './errors';
export { ForwardedReportDto, SUBMISSION_LIMITS } from './dto/submit-report.dto';
export { ItemDto, GrantDto } from './dto/wire.dto';
export { checkItem, itemEntity, grantEntity, SubmissionService } from './services/submission.service';
export { FollowUpService } from './services/follow-up.service';
