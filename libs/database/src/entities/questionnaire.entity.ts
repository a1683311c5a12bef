import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Channel } from './channel.entity';
import type { TextLanguage } from './texts';

/** A text per language (`TEXT_LANGUAGES`): a language left out has no text of its own. */
export type QuestionTexts = Partial<Record<TextLanguage, string>>;

/** One question of a questionnaire, as the admin designed it (docs/reporter-protocol-extensions.md "Questionnaires"). */
export interface QuestionDefinition {
  /** Stable within the questionnaire's versions: a condition and an answer name it. */
  id: string;
  type: 'short-text' | 'long-text' | 'single-choice' | 'multiple-choice' | 'date' | 'yes-no' | 'file';
  required: boolean;
  label: QuestionTexts;
  help: QuestionTexts;
  /** The choices of a single or multiple choice question, in order; empty for other types. */
  options: { id: string; label: QuestionTexts }[];
  /** Shown only when an earlier yes-no or single-choice question has this answer (`yes`, `no` or an option id). */
  showIf: { questionId: string; equals: string } | null;
}

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
