export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { VerifyResult } from './audit.service';
export { eventHash, canonicalJson, checkpointMessage, GENESIS_HASH } from './chain';
