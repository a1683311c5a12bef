export { AuditModule } from './audit.module';
export { AuditRecorder } from './audit-recorder';
export { AuditChainer } from './audit-chainer';
export { AuditVerifier } from './audit-verifier';
export type { VerifyResult } from './audit-verifier';
export { AuditCheckpoints } from './audit-checkpoints';
export { eventHash, canonicalJson, checkpointMessage, GENESIS_HASH } from './chain';
