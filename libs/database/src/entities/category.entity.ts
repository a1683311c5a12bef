import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Channel } from './channel.entity';
import type { CategoryTranslations } from './texts';

@Entity('categories')
export class Category {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: Channel;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  /** The label per language (`TEXT_LANGUAGES`); `label` stays the default. */
  @Column({ type: 'jsonb', default: {} })
  translations: CategoryTranslations;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
