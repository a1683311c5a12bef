import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last run of each background job, whichever process ran it: what readiness, the
 * admin console and `npm run cli -- status` show, so a deployment whose purge never
 * runs is seen rather than silently keeping cases past their deletion date.
 */
@Entity('job_runs')
export class JobRun {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'last_started_at', type: 'timestamptz' })
  lastStartedAt: Date;

  @Column({ name: 'last_finished_at', type: 'timestamptz', nullable: true })
  lastFinishedAt: Date | null;

  @Column({ name: 'last_succeeded_at', type: 'timestamptz', nullable: true })
  lastSucceededAt: Date | null;

  @Column({ name: 'last_failed_at', type: 'timestamptz', nullable: true })
  lastFailedAt: Date | null;

  /** The failure's error code or name, never its message (messages may quote ids). */
  @Column({ name: 'last_error', type: 'varchar', length: 64, nullable: true })
  lastError: string | null;

  /** What the last successful run did (cases purged, mails sent, ...). */
  @Column({ name: 'last_count', type: 'integer', nullable: true })
  lastCount: number | null;

  @Column({ name: 'last_duration_ms', type: 'integer', nullable: true })
  lastDurationMs: number | null;
}
