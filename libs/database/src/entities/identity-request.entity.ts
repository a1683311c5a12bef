import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

export type IdentityRequestStatus = 'pending' | 'approved' | 'denied';

/**
 * A handler's request to see the reporter's identity (R20, FI 32–33 §). Only a
 * custodian of the case's channel decides; approval is a grant of the identity key,
 * sealed in the custodian's client.
 */
@Entity('identity_requests')
@Index('ix_identity_requests_case', ['caseId', 'status'])
export class IdentityRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  /** The handler's stated need; shown to custodians, never written to the audit log. */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: IdentityRequestStatus;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
