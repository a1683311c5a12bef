import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import type { TranscriptDecision } from '@kanava/crypto';
import { Case } from './case.entity';
import { CaseItem } from './case-item.entity';

/**
 * The reporter's signed review of one transcript item (kind `transcript`): approved,
 * or corrections proposed (which then follow as a message, and the handler writes a new
 * transcript). One per transcript, never changed. It holds no content: the decision,
 * the SHA-256 of the transcript's nonce ‖ ciphertext it was made on (the server checked
 * it against the stored item) and the reporter's Ed25519 signature over both
 * (docs/reporter-protocol-extensions.md), so the console can check it was the reporter.
 */
@Entity('transcript_reviews')
@Index('ix_transcript_reviews_case', ['caseId'])
@Check('ck_transcript_reviews_decision', `"decision" IN ('approved', 'corrections-proposed')`)
@Check('ck_transcript_reviews_lengths', `octet_length("transcript_sha256") = 32 AND octet_length("signature") = 64`)
export class TranscriptReview {
  @PrimaryColumn({ name: 'transcript_item_id', type: 'uuid' })
  transcriptItemId: string;

  @OneToOne(() => CaseItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transcript_item_id' })
  transcript?: CaseItem;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 24 })
  decision: TranscriptDecision;

  @Column({ name: 'transcript_sha256', type: 'bytea' })
  transcriptSha256: Buffer;

  @Column({ type: 'bytea' })
  signature: Buffer;

  @Column({ name: 'reviewed_at', type: 'timestamptz' })
  reviewedAt: Date;
}
