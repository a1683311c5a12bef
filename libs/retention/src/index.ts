export { RetentionModule } from './retention.module';
export { RetentionService } from './retention.service';
export { CasePurger } from './purge';
export type { PurgeOptions, PurgeResult } from './purge';
export { RetentionErrorCode } from './errors';
export { removeExpiredChallengesAndSessions } from './housekeeping';
