import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

/** Deadlines the worker reminds handlers of (R6, R7, R33), the legal-hold review (R26) and the follow-up after closure (R40). */
export const REMINDER_KINDS = ['acknowledgement', 'feedback', 'subject_informed', 'hold_review', 'closure_follow_up'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** `before`: the deadline is near; `due`: it has come. */
export type ReminderStage = 'before' | 'due';

/**
 * One reminder sent, so each goes out once however many workers run: a worker
 * inserts the row and mails only when the insert was its own. Keyed by the due
 * date too, so a deadline that moves (feedback after the acknowledgement) is
 * reminded of anew.
 */
@Entity('deadline_reminders')
export class DeadlineReminder {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  kind: ReminderKind;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  stage: ReminderStage;

  @PrimaryColumn({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;
}

/**
 * How far the activity digest has reported (one row per digest): the next digest
 * covers new reports and reporter messages after `until`, so mail goes out at
 * fixed batch times and never tells when a reporter was active to the minute.
 */
@Entity('notification_watermarks')
export class NotificationWatermark {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'timestamptz' })
  until: Date;
}
