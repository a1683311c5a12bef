import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Channel } from './channel.entity';
import { StaffUser } from './staff-user.entity';

export const MEMBER_ROLES = ['handler', 'custodian'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A designation: this user handles (or is custodian for) this channel's cases (R10). */
@Entity('channel_members')
export class ChannelMember {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role: MemberRole;

  @ManyToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: Channel;

  @Index()
  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: StaffUser;

  /** Who made the designation (null when made by an operator through the CLI). */
  @Column({ name: 'designated_by', type: 'uuid', nullable: true })
  designatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
