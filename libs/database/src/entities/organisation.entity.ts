import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('organisations')
export class Organisation {
  @PrimaryColumn('uuid')
  id: string;

  /** URL name of the reporter portal (/r/<slug>). */
  @Column({ type: 'varchar', length: 63, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** X25519 public half of the organisation's offline recovery key, if set up. */
  @Column({ name: 'recovery_public_key', type: 'bytea', nullable: true })
  recoveryPublicKey: Buffer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
