import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One signed entry of an organisation's key directory (docs/key-directory.md):
 * a staff member's public keys and roles as the organisation's offline directory
 * key signed them. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (see
 * the key-directory migration); `hash` is what the next entry names as `prev_hash`.
 */
@Entity('key_directory_entries')
@Index('ix_key_directory_user', ['organisationId', 'userId', 'seq'])
export class KeyDirectoryEntry {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  /** 1, 2, 3, … per organisation, without gaps. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 16 })
  action: 'add' | 'replace' | 'remove';

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Sorted: `custodian`, `handler`. */
  @Column({ type: 'text', array: true })
  roles: ('custodian' | 'handler')[];

  /** The display name as signed (libs/crypto `directoryName`). */
  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ name: 'box_public_key', type: 'bytea' })
  boxPublicKey: Buffer;

  @Column({ name: 'sign_public_key', type: 'bytea' })
  signPublicKey: Buffer;

  /** Whole seconds, as signed. */
  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'prev_hash', type: 'bytea' })
  prevHash: Buffer;

  @Column({ type: 'bytea' })
  signature: Buffer;

  @Column({ type: 'bytea' })
  hash: Buffer;

  /** When the server accepted the entry (not signed: the server's own record). */
  @CreateDateColumn({ name: 'appended_at', type: 'timestamptz' })
  appendedAt: Date;
}
