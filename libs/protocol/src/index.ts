export { ItemDto, GrantDto } from './wire.dto';
export { ProtocolErrorCode, protocolError } from './errors';
export { itemSignatureJob, checkItem, itemEntity, grantSignatureJobs, checkGrantSeals, grantEntity } from './items';
export { SignatureChecker, firstInvalidHere } from './signature-checker';
export type { SignatureJob } from './signature-checker';
export { SubmitReportDto, ForwardedReportDto, AddIdentityDto, ProofDto, SUBMISSION_LIMITS } from './submission.dto';
export { ReporterSessions, ForwardedReportIntake } from './ports';
export { directoryListedSql, listedInDirectory } from './key-directory-listing';
