import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A proof-of-work challenge; deleted when spent, so it is single use. */
@Entity('challenges')
export class Challenge {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bytea' })
  salt: Buffer;

  @Column({ type: 'integer' })
  difficulty: number;

  @Index()
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
