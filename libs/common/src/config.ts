import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import os from 'node:os';
import path from 'node:path';

/** Environment variable → property. The README's configuration table mirrors this list. */
export const CONFIG_VARIABLES = {
  port: 'PORT',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'KANAVA_DATA_DIR',
  publicUrl: 'KANAVA_PUBLIC_URL',
  serverSecret: 'KANAVA_SERVER_SECRET',
  demo: 'KANAVA_DEMO',
  logLevel: 'KANAVA_LOG_LEVEL',
  jobs: 'KANAVA_JOBS',
  jobsStaleMinutes: 'KANAVA_JOBS_STALE_MINUTES',
  purgeIntervalSeconds: 'KANAVA_PURGE_INTERVAL_SECONDS',
  smtpUrl: 'KANAVA_SMTP_URL',
  mailFrom: 'KANAVA_MAIL_FROM',
  jsonBodyLimit: 'KANAVA_JSON_BODY_LIMIT',
  maxItemBytes: 'KANAVA_MAX_ITEM_BYTES',
  verifyThreads: 'KANAVA_VERIFY_THREADS',
  powDifficulty: 'KANAVA_POW_DIFFICULTY',
  challengeTtlSeconds: 'KANAVA_CHALLENGE_TTL_SECONDS',
  sessionIdleMinutes: 'KANAVA_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'KANAVA_SESSION_MAX_HOURS',
  loginMaxFailures: 'KANAVA_LOGIN_MAX_FAILURES',
  loginLockMinutes: 'KANAVA_LOGIN_LOCK_MINUTES',
  loginBackoffSeconds: 'KANAVA_LOGIN_BACKOFF_SECONDS',
  invitationTtlHours: 'KANAVA_INVITATION_TTL_HOURS',
  auditRetentionDays: 'KANAVA_AUDIT_RETENTION_DAYS',
  auditCheckpointMinutes: 'KANAVA_AUDIT_CHECKPOINT_MINUTES',
  purgeBatchSize: 'KANAVA_PURGE_BATCH_SIZE',
  reminderLeadDays: 'KANAVA_REMINDER_LEAD_DAYS',
  digestMinutes: 'KANAVA_DIGEST_MINUTES',
  storageDriver: 'KANAVA_STORAGE_DRIVER',
  s3Endpoint: 'KANAVA_S3_ENDPOINT',
  s3Region: 'KANAVA_S3_REGION',
  s3Bucket: 'KANAVA_S3_BUCKET',
  s3AccessKeyId: 'KANAVA_S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'KANAVA_S3_SECRET_ACCESS_KEY',
  s3ForcePathStyle: 'KANAVA_S3_FORCE_PATH_STYLE',
  attachmentMaxBytes: 'KANAVA_ATTACHMENT_MAX_BYTES',
  caseAttachmentsMaxBytes: 'KANAVA_CASE_ATTACHMENTS_MAX_BYTES',
  caseAttachmentsMaxFiles: 'KANAVA_CASE_ATTACHMENTS_MAX_FILES',
  incompleteUploadMaxAgeHours: 'KANAVA_INCOMPLETE_UPLOAD_MAX_AGE_HOURS',
  rateWindowSeconds: 'KANAVA_RATE_WINDOW_SECONDS',
  submissionsPerWindow: 'KANAVA_SUBMISSIONS_PER_WINDOW',
  orgSubmissionsPerWindow: 'KANAVA_ORG_SUBMISSIONS_PER_WINDOW',
  failedFollowUpsPerWindow: 'KANAVA_FAILED_FOLLOW_UPS_PER_WINDOW',
  followUpProofAfterFailures: 'KANAVA_FOLLOW_UP_PROOF_AFTER_FAILURES',
  powRaiseAtSubmissions: 'KANAVA_POW_RAISE_AT_SUBMISSIONS',
} as const;

export type ConfigKey = keyof typeof CONFIG_VARIABLES;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The whole runtime configuration, validated once at start-up. */
export class KanavaConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 3000;

  /** Empty: start the embedded PostgreSQL under dataDir. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  databaseUrl?: string;

  @IsString()
  @MinLength(1)
  dataDir = path.resolve('data');

  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  publicUrl = '';

  /** Secret: HMAC key for prelogin decoys. Generated into dataDir when not given. Never logged. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  serverSecret?: string;

  @Transform(toBool)
  @IsBoolean()
  demo = true;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  logLevel: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * Where the background jobs (retention purge, reminders, digest, audit checkpoints, sweeps) run:
   * `inline` in this API process too, `off` where separate workers (`npm run start:worker`) run them.
   */
  @IsIn(['inline', 'off'])
  jobs: 'inline' | 'off' = 'inline';

  /** Readiness reports `degraded`, and the API warns, when no retention purge has succeeded for longer than this. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  jobsStaleMinutes = 60;

  /** How often the retention purge runs (once across all processes that run jobs). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86400)
  purgeIntervalSeconds = 300;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  smtpUrl?: string;

  @IsString()
  mailFrom = 'kanava@localhost';

  /** Largest JSON request body in bytes (a report with 50 persons-concerned entries fits easily). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  jsonBodyLimit = 2 * 1024 * 1024;

  /** Largest ciphertext of one item in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(512)
  @Max(16 * 1024 * 1024)
  maxItemBytes = 512 * 1024;

  /**
   * Worker threads that check a new report's signatures, so the event loop serves other
   * requests meanwhile; 0 checks them on the event loop. Default: one fewer than the CPUs, at least one.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16)
  verifyThreads = Math.min(16, Math.max(1, os.availableParallelism() - 1));

  /** Proof-of-work difficulty in leading zero bits (CRYPTO.md: default 20, at most 22). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(22)
  powDifficulty = 20;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  challengeTtlSeconds = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  sessionIdleMinutes = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  sessionMaxHours = 12;

  /**
   * Failed sign-ins in a row before the address is locked against guessing (per
   * address, never per client); also the failures with the right password that lock
   * it for the owner too.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  loginMaxFailures = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  loginLockMinutes = 15;

  /** How long after a lock begins the owner's right password and second factor open it. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  loginBackoffSeconds = 30;

  /** How long an invitation link stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  invitationTtlHours = 72;

  /** Audit events older than this many days are pruned as a whole prefix (0: keep the log forever). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  auditRetentionDays = 0;

  /** How often the worker signs a checkpoint of each organisation's chain head. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  auditCheckpointMinutes = 60;

  /** Cases the purge job deletes per transaction: bounds how long rows stay locked and the worker's memory. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  purgeBatchSize = 1000;

  /** Days before a deadline (acknowledgement, feedback, GDPR 14, hold review) that handlers get the first reminder. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  reminderLeadDays = 2;

  /** Minutes between mails about new reports and reporter messages; mail time reveals reporter activity only to this granularity. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  digestMinutes = 60;

  /** Where attachment ciphertext is stored: `local` (under dataDir/attachments) or `s3` (S3-compatible object storage). */
  @IsIn(['local', 's3'])
  storageDriver: 'local' | 's3' = 'local';

  /** S3 endpoint URL; empty: the AWS endpoint of s3Region (an EU region by default: data stays in the EU/EEA unless the operator chooses otherwise). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  s3Endpoint?: string;

  @IsString()
  @MinLength(1)
  s3Region = 'eu-north-1';

  @ValidateIf((c: KanavaConfig) => c.storageDriver === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name (required when KANAVA_STORAGE_DRIVER=s3)' })
  s3Bucket?: string;

  /** Empty: the AWS SDK's default credential chain (environment, instance role). */
  @IsOptional()
  @IsString()
  s3AccessKeyId?: string;

  /** Secret: never logged. */
  @IsOptional()
  @IsString()
  s3SecretAccessKey?: string;

  /** Path-style bucket addressing (most self-hosted S3-compatible servers need it). */
  @Transform(toBool)
  @IsBoolean()
  s3ForcePathStyle = true;

  /** Largest padded ciphertext of one attachment in bytes (413 above it). */
  @Transform(toInt)
  @IsInt()
  @Min(24 + 65553)
  @Max(Number.MAX_SAFE_INTEGER)
  attachmentMaxBytes = 2 * 1024 * 1024 * 1024;

  /** Largest total padded ciphertext of all attachments of one case in bytes (413 above it). */
  @Transform(toInt)
  @IsInt()
  @Min(24 + 65553)
  @Max(Number.MAX_SAFE_INTEGER)
  caseAttachmentsMaxBytes = 10 * 1024 * 1024 * 1024;

  /** Most attachments one case can hold. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  caseAttachmentsMaxFiles = 100;

  /** Incomplete uploads idle for longer than this are removed by the worker. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  incompleteUploadMaxAgeHours = 24;

  /** Length of the fixed windows the rate budgets below are counted in (shared by every API instance, kept in PostgreSQL). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  rateWindowSeconds = 600;

  /** Reports accepted per window from everybody, all organisations together (429 rate_limited above it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  submissionsPerWindow = 5000;

  /** Reports accepted per window for one organisation. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  orgSubmissionsPerWindow = 1000;

  /** Follow-up attempts with a wrong case secret per window, from everybody (the secret names no organisation). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  failedFollowUpsPerWindow = 10000;

  /**
   * Wrong case secrets per rate window (this one or the previous), from everybody, from which every
   * follow-up request must carry a solved proof of work (docs/reporter-protocol-extensions.md).
   * Below it the follow-up routes are exactly API.md's.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  followUpProofAfterFailures = 1000;

  /** Reports per rate window (this one or the previous) from which new challenges ask 2 more bits of proof of work, at most 22. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  powRaiseAtSubmissions = 500;
}

export class ConfigError extends Error {}

/** Builds and validates the config; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): KanavaConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(CONFIG_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(KanavaConfig, raw, { exposeDefaultValues: true });
  if (!raw.publicUrl) config.publicUrl = `http://localhost:${config.port}`;
  config.dataDir = path.resolve(config.dataDir);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const variable = CONFIG_VARIABLES[e.property as ConfigKey];
      // Secrets, and URLs that may carry a password, are never echoed.
      const secret = ['serverSecret', 's3SecretAccessKey', 'smtpUrl', 'databaseUrl'].includes(e.property);
      const shown = secret ? '(hidden)' : JSON.stringify(raw[e.property]);
      return `${variable}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
