import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Failed sign-ins per e-mail address, keyed by HMAC(server secret, address), and the
 * address's lock against guessing (see AuthService.verify).
 * Invariant: unknown addresses get rows too, so a sign-in does the same work
 * whether or not the account exists, and the table names no address.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ name: 'key_hash', type: 'bytea' })
  keyHash: Buffer;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** When the running lock began: the owner's right password and second factor open it a back-off later. */
  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  /** Failures that carried the right password since the last success or lock; enough of them lock out everyone. */
  @Column({ type: 'integer', default: 0 })
  strikes: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
