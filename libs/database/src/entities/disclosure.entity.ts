import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

/** Grounds for disclosing a case outside the designated handlers (R20, FI 32–33 §). */
export const DISCLOSURE_GROUNDS = ['consent', 'authority', 'pre_trial_investigation', 'prosecutor', 'subject_legal_claim', 'expert'] as const;
export type DisclosureGround = (typeof DISCLOSURE_GROUNDS)[number];
/** Recorded reasons for not telling the reporter in advance (R20). */
export const NOTICE_SUPPRESSIONS = ['jeopardises_investigation', 'jeopardises_proceedings'] as const;
export type NoticeSuppression = (typeof NOTICE_SUPPRESSIONS)[number];

/**
 * A recorded disclosure of a case outside the organisation's designated handlers:
 * on what ground, to whom (a category and a reference such as an authority's file
 * number), whether the reporter's identity goes too, and the reporter's advance
 * notice (a handler message in the case) or the recorded reason for none. An
 * export of the case needs one.
 */
@Entity('disclosures')
@Index('ix_disclosures_case', ['caseId', 'createdAt'])
export class Disclosure {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 32 })
  ground: DisclosureGround;

  /** Who receives it, e.g. "Police, file 5500/R/123/26"; no names of the people in the case. */
  @Column({ type: 'varchar', length: 200 })
  recipient: string;

  @Column({ name: 'includes_identity', type: 'boolean' })
  includesIdentity: boolean;

  /** Whether it hands over persons-concerned entries (R21), which needs their key. */
  @Column({ name: 'includes_persons_concerned', type: 'boolean', default: false })
  includesPersonsConcerned: boolean;

  /** With ground "consent": the reporter's message that gives it. */
  @Column({ name: 'consent_item_id', type: 'uuid', nullable: true })
  consentItemId: string | null;

  /** The handler message that told the reporter in advance, or null with a suppression reason. */
  @Column({ name: 'notice_item_id', type: 'uuid', nullable: true })
  noticeItemId: string | null;

  @Column({ name: 'notice_suppressed', type: 'varchar', length: 32, nullable: true })
  noticeSuppressed: NoticeSuppression | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
