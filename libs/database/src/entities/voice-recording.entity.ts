import type { VoiceConsentChoice } from '@kanava/crypto';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { Case } from './case.entity';
import { CaseItem } from './case-item.entity';

/** The protocol's choices (libs/crypto VOICE_CONSENT_CHOICES); the CHECK below names the same. */
export type VoiceConsent = VoiceConsentChoice;
/** A transcript-only recording is destroyed at the latest this many days after the reporter chose (R28). */
export const TRANSCRIPT_ONLY_DAYS = 90;

/**
 * The reporter's signed choice for one voice message (R28): keep the disguised
 * recording, or use it only for a transcript. With `transcript-only` the recording is
 * destroyed once a transcript of it is approved, or after the set period; the row stays,
 * with `destroyedAt`, so the case shows what became of it. No FK to the attachment: it
 * outlives the file on purpose.
 */
@Entity('voice_consents')
@Index('ix_voice_consents_case', ['caseId'])
@Check('ck_voice_consents_choice', `"choice" IN ('keep', 'transcript-only')`)
@Check('ck_voice_consents_signature', `octet_length("signature") = 64`)
export class VoiceConsentRecord {
  @PrimaryColumn({ name: 'attachment_id', type: 'uuid' })
  attachmentId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;

  @Column({ type: 'varchar', length: 16 })
  choice: VoiceConsent;

  @Column({ type: 'bytea' })
  signature: Buffer;

  @Column({ name: 'given_at', type: 'timestamptz' })
  givenAt: Date;

  /** When the recording was destroyed (transcript-only, after approval or the period); null while it exists. */
  @Column({ name: 'destroyed_at', type: 'timestamptz', nullable: true })
  destroyedAt: Date | null;
}

/**
 * Which voice message a transcript transcribes, as the handler named it when sending
 * the transcript (the transcript's own `recordingId` is encrypted): what lets the
 * server destroy a transcript-only recording once its transcript is approved.
 */
@Entity('transcript_recordings')
@Index('ix_transcript_recordings_attachment', ['attachmentId'])
export class TranscriptRecording {
  @PrimaryColumn({ name: 'transcript_item_id', type: 'uuid' })
  transcriptItemId: string;

  @OneToOne(() => CaseItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transcript_item_id' })
  transcript?: CaseItem;

  @Column({ name: 'attachment_id', type: 'uuid' })
  attachmentId: string;
}
