import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Channel } from './channel.entity';
import type { QuestionDefinition } from '@kanava/api-contract';

export type { QuestionDefinition, QuestionTexts } from '@kanava/api-contract';

/**
 * One version of a channel's questionnaire: the questions its report form asks after
 * the report's own text. Versions are never changed or deleted, so a case answered with
 * version 2 still names what it was asked; saving a questionnaire adds the next version.
 * A version with no questions takes the channel back to the plain report form.
 */
@Entity('questionnaires')
@Unique('uq_questionnaires_channel_version', ['channelId', 'version'])
export class Questionnaire {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: Channel;

  /** 1 for the channel's first questionnaire, then one more per save. */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  questions: QuestionDefinition[];

  /** The admin who saved it (null when made by the demo data or the CLI). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
