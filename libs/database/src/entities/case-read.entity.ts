import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';
import { StaffUser } from './staff-user.entity';

/**
 * When a handler last opened a case (issue 22): the inbox marks the case unread for them until
 * they open it, and again when the reporter adds something after that. A time and two ids,
 * nothing of the case's content. Owned by libs/cases.
 */
@Entity('case_reads')
export class CaseRead {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: StaffUser;

  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt: Date;
}
