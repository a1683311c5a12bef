import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';

export type AuthorKind = 'reporter' | 'handler';

/** One encrypted, signed item (CRYPTO.md "Items"); the server sees only ciphertext. */
@Entity('case_items')
@Index('ix_case_items_case_created', ['caseId', 'createdAt'])
export class CaseItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'key_id', type: 'bytea' })
  keyId: Buffer;

  @Column({ type: 'bytea' })
  nonce: Buffer;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Column({ type: 'bytea' })
  signature: Buffer;

  @Column({ name: 'author_kind', type: 'varchar', length: 16 })
  authorKind: AuthorKind;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

  @Column({ name: 'signer_public_key', type: 'bytea' })
  signerPublicKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
