import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Channel } from './channel.entity';

/** Most characters of one language's own privacy notice text (the database enforces it too). */
export const PRIVACY_NOTICE_MAX_CHARS = 20000;
/** Most characters of the processor's and the storage location's descriptions. */
export const PRIVACY_NOTICE_FIELD_MAX_CHARS = 300;

/**
 * A channel's privacy notice (GDPR 13–14): the organisation's own text per language,
 * and the two facts the built-in template cannot know (who hosts Kanava, and where).
 * A language without text shows the built-in template, filled from live settings.
 */
@Entity('channel_privacy_notices')
export class ChannelPrivacyNotice {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @OneToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: Channel;

  @Column({ name: 'text_fi', type: 'varchar', length: PRIVACY_NOTICE_MAX_CHARS, nullable: true })
  textFi: string | null;

  @Column({ name: 'text_sv', type: 'varchar', length: PRIVACY_NOTICE_MAX_CHARS, nullable: true })
  textSv: string | null;

  @Column({ name: 'text_en', type: 'varchar', length: PRIVACY_NOTICE_MAX_CHARS, nullable: true })
  textEn: string | null;

  /** Who hosts Kanava for the organisation (the processor, GDPR 28): name and contact. Null: not stated. */
  @Column({ type: 'varchar', length: PRIVACY_NOTICE_FIELD_MAX_CHARS, nullable: true })
  processor: string | null;

  /** Where the data are stored, e.g. "Helsinki, Finland". Null: not stated. */
  @Column({ name: 'storage_location', type: 'varchar', length: PRIVACY_NOTICE_FIELD_MAX_CHARS, nullable: true })
  storageLocation: string | null;

  /** Who last changed it (null when changed outside the console). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
