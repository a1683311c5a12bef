import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from './organisation.entity';
import type { ChannelTranslations } from './texts';

@Entity('channels')
export class Channel {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /**
   * The name and description per language (`TEXT_LANGUAGES`). `name` and
   * `description` above stay the default, shown where a language has none.
   */
  @Column({ type: 'jsonb', default: {} })
  translations: ChannelTranslations;

  /** When false, an identity item is required at submission (REQUIREMENTS R4). */
  @Column({ name: 'allow_anonymous', type: 'boolean', default: true })
  allowAnonymous: boolean;

  /** Whether reporters may exclude handlers of this channel (R12). */
  @Column({ name: 'exclusion_enabled', type: 'boolean', default: false })
  exclusionEnabled: boolean;

  /** Whether reporters may send a voice message, disguised and encrypted in their browser (issue 20). */
  @Column({ name: 'voice_enabled', type: 'boolean', default: false })
  voiceEnabled: boolean;

  /** Whether reporters may ask for a meeting or a call (R1); on by default, as the Directive expects it on request. */
  @Column({ name: 'meetings_enabled', type: 'boolean', default: true })
  meetingsEnabled: boolean;

  /** Days after receipt before a case is deleted (R24: five years by default). */
  @Column({ name: 'retention_days', type: 'integer', default: 1826 })
  retentionDays: number;

  /** When set, a closed case is deleted this many days after closure, if that comes first (R25: e.g. unfounded reports). */
  @Column({ name: 'closed_retention_days', type: 'integer', nullable: true })
  closedRetentionDays: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
