import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

/** A meeting in person or a call (R1: an oral report on request, within a reasonable time). */
export const MEETING_KINDS = ['meeting', 'call'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
/** Most times a handler offers at once. */
export const MEETING_MAX_SLOTS = 5;

/**
 * A meeting or call between the reporter and a handler (R1; Directive 9(2), FI 1171/2022):
 * asked for by the reporter (or proposed by a handler), offered as up to five times, agreed
 * when the reporter accepts one. The times are in the clear because the server reminds
 * the handler of them; where, and the reporter's wishes, travel as encrypted messages.
 */
@Entity('meetings')
@Index('ix_meetings_case', ['caseId'])
@Check('ck_meetings_kind', `"kind" IN ('meeting', 'call')`)
@Check('ck_meetings_slots', `cardinality("slots") <= 5 AND ("offered_at" IS NULL) = (cardinality("slots") = 0)`)
@Check('ck_meetings_agreed', `("agreed_at" IS NULL) = ("accepted_at" IS NULL) AND ("agreed_at" IS NULL OR "agreed_at" = ANY("slots"))`)
export class Meeting {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 8 })
  kind: MeetingKind;

  /** When the reporter asked; null when a handler proposed it unasked. */
  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  /** The handler who offered the times; they are reminded. */
  @Column({ name: 'offered_by_user_id', type: 'uuid', nullable: true })
  offeredByUserId: string | null;

  @Column({ name: 'offered_at', type: 'timestamptz', nullable: true })
  offeredAt: Date | null;

  @Column({ type: 'timestamptz', array: true, default: () => "'{}'" })
  slots: Date[];

  /** The time the reporter accepted (one of `slots`). */
  @Column({ name: 'agreed_at', type: 'timestamptz', nullable: true })
  agreedAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** When the handler was reminded of the agreed time (once). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;
}
