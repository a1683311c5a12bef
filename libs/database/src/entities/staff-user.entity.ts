import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from './organisation.entity';

export const STAFF_ROLES = ['admin', 'handler', 'custodian', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Key derivation parameters stored per user (CRYPTO.md "Staff login"). */
export interface StoredKdf {
  alg: 'argon2id13';
  ops: number;
  mem: number;
}

@Entity('staff_users')
export class StaffUser {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  /** Lower-case; unique across the deployment because login names no organisation. */
  @Column({ type: 'varchar', length: 320, unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: StaffRole[];

  @Column({ name: 'box_public_key', type: 'bytea' })
  boxPublicKey: Buffer;

  @Column({ name: 'sign_public_key', type: 'bytea' })
  signPublicKey: Buffer;

  @Column({ type: 'jsonb' })
  kdf: StoredKdf;

  @Column({ type: 'bytea' })
  salt: Buffer;

  /** SHA-256 of the password-derived authKey; the password never reaches the server. */
  @Column({ name: 'auth_key_hash', type: 'bytea' })
  authKeyHash: Buffer;

  /** nonce ‖ secretbox(private keys and trust list) under the password KEK. */
  @Column({ name: 'key_bundle', type: 'bytea' })
  keyBundle: Buffer;

  /** The same bundle under the recovery key's wrap subkey. */
  @Column({ name: 'recovery_key_bundle', type: 'bytea' })
  recoveryKeyBundle: Buffer;

  /** SHA-256 of the recovery key's reset subkey. */
  @Column({ name: 'recovery_auth_hash', type: 'bytea' })
  recoveryAuthHash: Buffer;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** TOTP secret, encrypted at rest under a key derived from the server secret. */
  @Column({ name: 'totp_secret', type: 'bytea', nullable: true })
  totpSecret: Buffer | null;

  /** Last accepted TOTP time step; a code for this step or an earlier one is a replay. */
  @Column({ name: 'totp_last_step', type: 'bigint', default: 0 })
  totpLastStep: string;

  /** When the confidentiality notice (R22) was accepted, and which version. */
  @Column({ name: 'confidentiality_accepted_at', type: 'timestamptz', nullable: true })
  confidentialityAcceptedAt: Date | null;

  @Column({ name: 'confidentiality_version', type: 'integer', nullable: true })
  confidentialityVersion: number | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /**
   * How the account was made (R38): `invitation` (an admin invited, the person activated it
   * in the console) or `operator` (the CLI, the demo seed), which the access review marks.
   */
  @Column({ name: 'created_via', type: 'varchar', length: 16, default: 'operator' })
  createdVia: 'invitation' | 'operator';

  /** The operator's name for `operator` accounts, as the audit event has it; null when not recorded. */
  @Column({ name: 'created_by_operator', type: 'varchar', length: 64, nullable: true })
  createdByOperator: string | null;
}
