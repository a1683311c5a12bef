import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

/** Recorded grounds for keeping a case past its deletion date (R26). */
export const LEGAL_HOLD_REASONS = ['litigation', 'authority_request', 'ongoing_investigation', 'statutory_obligation'] as const;
export type LegalHoldReason = (typeof LEGAL_HOLD_REASONS)[number];

/**
 * A legal hold: while one is active (not released) the purge job leaves the case
 * alone. It carries a reason code, a short justification, its author and a review
 * date; the worker reminds the case's handlers when the review falls due.
 */
@Entity('legal_holds')
@Index('ix_legal_holds_active_case', ['caseId'], { where: 'released_at IS NULL' })
export class LegalHold {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ name: 'reason_code', type: 'varchar', length: 32 })
  reasonCode: LegalHoldReason;

  /** Why the hold is needed (e.g. a court's file number); staff are told not to write names here. */
  @Column({ type: 'varchar', length: 500 })
  justification: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'review_at', type: 'timestamptz' })
  reviewAt: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy: string | null;
}
