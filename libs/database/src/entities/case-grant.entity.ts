import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Case } from './case.entity';
import { StaffUser } from './staff-user.entity';

/** One case key sealed to one grantee and signed by its granter (CRYPTO.md "Grants"). */
@Entity('case_grants')
@Unique('uq_case_grants_case_kind_grantee', ['caseId', 'keyKind', 'grantee'])
export class CaseGrant {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ name: 'key_kind', type: 'varchar', length: 16 })
  keyKind: 'shared' | 'internal' | 'identity' | 'concerned';

  /** 'reporter', 'recovery' or 'user:<uuid>' exactly as signed. */
  @Column({ type: 'varchar', length: 64 })
  grantee: string;

  @Index()
  @Column({ name: 'grantee_user_id', type: 'uuid', nullable: true })
  granteeUserId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'grantee_user_id' })
  granteeUser?: StaffUser;

  @Column({ name: 'key_id', type: 'bytea' })
  keyId: Buffer;

  @Column({ type: 'bytea' })
  sealed: Buffer;

  @Column({ type: 'bytea' })
  signature: Buffer;

  /** 'reporter' or 'user:<uuid>': whose sign key made the signature. */
  @Column({ name: 'signed_by', type: 'varchar', length: 64 })
  signedBy: string;

  /** Per-case expert access (R11): the grant lapses at this time and the worker deletes it. */
  @Index()
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** Why an expert was given the case (recorded with the grant). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
