import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What an event says: the columns a chained event and a pending one share. */
abstract class AuditEventFields {
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind: 'staff' | 'reporter' | 'system' | 'operator';

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, string | number | boolean | null>;
}

/**
 * One event of an organisation's hash-chained access log. Append-only: a trigger
 * refuses UPDATE and DELETE (see the audit migration); `hash` chains each event to
 * the one before it (libs/audit/src/chain.ts documents the encoding).
 */
@Entity('audit_events')
@Index('ix_audit_events_case', ['organisationId', 'caseId', 'seq'])
@Index('ix_audit_events_actor', ['organisationId', 'actorId', 'seq'])
@Index('ix_audit_events_action', ['organisationId', 'action', 'seq'])
@Index('ix_audit_events_time', ['organisationId', 'occurredAt'])
export class AuditEvent extends AuditEventFields {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  /** 1, 2, 3, … per organisation, without gaps. */
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'prev_hash', type: 'bytea' })
  prevHash: Buffer;

  @Column({ type: 'bytea' })
  hash: Buffer;
}

/**
 * An event recorded in its action's transaction and not yet chained. Actions append
 * here without taking their organisation's chain head, so they do not queue behind each
 * other; right after the commit the audit lib moves the pending events of the
 * organisation into `audit_events`, many at a time, under the head's lock. Rows stay
 * here only for those milliseconds (or, after a crash between the two steps, until the
 * next sweep).
 */
@Entity('audit_pending')
@Index('ix_audit_pending_org', ['organisationId', 'id'])
export class AuditPending extends AuditEventFields {
  /** Chaining order within an organisation. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;
}

/** The newest event of each organisation's chain, and where a retention prune cut it. */
@Entity('audit_heads')
export class AuditHead {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'bytea' })
  hash: Buffer;

  /** Events up to this seq were removed by the retention policy (0: none). */
  @Column({ name: 'pruned_through', type: 'bigint', default: '0' })
  prunedThrough: string;

  /** The hash of event `pruned_through`, where verification starts after a prune. */
  @Column({ name: 'pruned_hash', type: 'bytea', nullable: true })
  prunedHash: Buffer | null;
}

/** A signed statement "the chain of this organisation had this head at this time" (Ed25519). */
@Entity('audit_checkpoints')
@Index('ix_audit_checkpoints_org', ['organisationId', 'seq'])
export class AuditCheckpoint {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'bytea' })
  hash: Buffer;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  @Column({ type: 'bytea' })
  signature: Buffer;
}
