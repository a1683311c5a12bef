import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from './organisation.entity';
import type { StaffRole } from './staff-user.entity';
import type { MemberRole } from './channel-member.entity';

export interface InvitedDesignation {
  channelId: string;
  role: MemberRole;
}

/** An admin's invitation; single use, expiring; only the token's SHA-256 is stored. */
@Entity('staff_invitations')
export class StaffInvitation {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'text', array: true })
  roles: StaffRole[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  designations: InvitedDesignation[];

  @Column({ name: 'token_hash', type: 'bytea', unique: true })
  tokenHash: Buffer;

  /** The inviting admin; null for the organisation's first admin, invited by the first-run set-up. */
  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  /** TOTP secret offered during activation (encrypted at rest), moved to the account on success. */
  @Column({ name: 'pending_totp_secret', type: 'bytea', nullable: true })
  pendingTotpSecret: Buffer | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
