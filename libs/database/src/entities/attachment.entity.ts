import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, ValueTransformer } from 'typeorm';
import { Case } from './case.entity';
import type { AuthorKind } from './case-item.entity';

/** bigint columns as numbers: sizes stay far below Number.MAX_SAFE_INTEGER. */
const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** One stored run of an attachment's ciphertext: `length` bytes starting at `offset`, under `key` in the storage driver. */
export interface AttachmentSegment {
  key: string;
  offset: number;
  length: number;
}

/**
 * An encrypted evidence file (CRYPTO.md "Attachments"). The server keeps the
 * signed metadata and file-key items (itemId = attachment id) and where the
 * ciphertext lives; it never sees the file key. Upload is resumable: `received`
 * bytes are stored, as the `segments` in order; readers see it only when `complete`.
 */
@Entity('attachments')
@Index('ix_attachments_case_created', ['caseId', 'createdAt'])
@Index('ix_attachments_incomplete_updated', ['updatedAt'], { where: 'NOT complete' })
export class Attachment {
  /** Chosen by the uploader's client (it is bound into the stream AAD and item signatures). */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  /** Padded ciphertext bytes: 24 + n·65553 (CRYPTO.md). */
  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  size: number;

  /** Bytes stored so far (the upload offset). */
  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  received: number;

  @Column({ type: 'boolean' })
  complete: boolean;

  @Column({ type: 'jsonb' })
  segments: AttachmentSegment[];

  /** The case's shared keyId, named by both items. */
  @Column({ name: 'key_id', type: 'bytea' })
  keyId: Buffer;

  @Column({ name: 'meta_nonce', type: 'bytea' })
  metaNonce: Buffer;

  @Column({ name: 'meta_ciphertext', type: 'bytea' })
  metaCiphertext: Buffer;

  @Column({ name: 'meta_signature', type: 'bytea' })
  metaSignature: Buffer;

  @Column({ name: 'file_key_nonce', type: 'bytea' })
  fileKeyNonce: Buffer;

  @Column({ name: 'file_key_ciphertext', type: 'bytea' })
  fileKeyCiphertext: Buffer;

  @Column({ name: 'file_key_signature', type: 'bytea' })
  fileKeySignature: Buffer;

  @Column({ name: 'author_kind', type: 'varchar', length: 16 })
  authorKind: AuthorKind;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

  @Column({ name: 'signer_public_key', type: 'bytea' })
  signerPublicKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Last upload activity; incomplete uploads idle for longer than the configured age are removed. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
