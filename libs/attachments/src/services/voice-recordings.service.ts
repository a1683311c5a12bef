import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fromB64, voiceConsentValid } from '@kanava/crypto';
import { AuditSink, Clock } from '@kanava/common';
import { Attachment, Case, TRANSCRIPT_ONLY_DAYS, VoiceConsent, VoiceConsentRecord, voiceConsentToWire } from '@kanava/database';
import { AttachmentErrorCode, attachmentError } from '../errors';
import { AttachmentStorage } from '../storage/attachment-storage';
import { attachmentPrefix } from './attachments.service';

const DAY_MS = 86_400_000;

/**
 * Consent to keep a voice message (R28; Directive 18(2), FI 37 § 3). The reporter signs,
 * with the key from the case secret, whether the disguised recording may be kept or only
 * used for a transcript. A transcript-only recording is destroyed (its stored ciphertext
 * and its row; the audit log says only that and why) once a transcript naming it is
 * approved by the reporter, or after {@link TRANSCRIPT_ONLY_DAYS} days.
 */
@Injectable()
export class VoiceRecordingsService {
  constructor(
    private readonly db: DataSource,
    private readonly storage: AttachmentStorage,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async giveConsent(c: Case, attachmentId: string, choice: VoiceConsent, signatureB64: string) {
    const signature = fromB64(signatureB64, 64);
    return this.db.transaction(async (em) => {
      const a = await em.findOne(Attachment, { where: { id: attachmentId, caseId: c.id } });
      // Only the reporter's own recordings: a handler's file is not theirs to consent for.
      if (!a || a.authorKind !== 'reporter') throw attachmentError(AttachmentErrorCode.AttachmentNotFound);
      if (await em.exists(VoiceConsentRecord, { where: { attachmentId } })) throw attachmentError(AttachmentErrorCode.ConsentGiven);
      if (!voiceConsentValid(c.id, attachmentId, choice, signature, c.reporterSignPublicKey)) throw attachmentError(AttachmentErrorCode.BadConsentSignature);
      const row = em.create(VoiceConsentRecord, {
        attachmentId,
        caseId: c.id,
        choice,
        signature: Buffer.from(signature),
        givenAt: this.clock.now(),
        destroyedAt: null,
      });
      await em.insert(VoiceConsentRecord, row);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'reporter' },
        action: 'reporter.voice_consent_given',
        caseId: c.id,
        details: { choice },
      });
      return voiceConsentToWire(row);
    });
  }

  /**
   * Destroys the transcript-only recordings that are due: a transcript naming them was
   * approved, or the period ran out. Each prefix is queued in storage_deletions in the
   * same transaction, so a crash before the objects are gone leaves them to the purge's
   * leftovers sweep. Answers how many recordings were destroyed; `onStorageError` hears
   * the error's name for each prefix the store would not remove (a message may name the
   * case's path, so never the message).
   */
  async destroyDue(onStorageError: (errorName: string) => void = () => undefined): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT v.attachment_id, v.case_id, c.organisation_id, t.approved
           FROM voice_consents v JOIN cases c ON c.id = v.case_id
          CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM transcript_recordings tr JOIN transcript_reviews r ON r.transcript_item_id = tr.transcript_item_id
                                              WHERE tr.attachment_id = v.attachment_id AND r.decision = 'approved') AS approved) t
          WHERE v.choice = 'transcript-only' AND v.destroyed_at IS NULL AND (t.approved OR v.given_at <= $1)
          ORDER BY v.given_at
          LIMIT 500
          FOR UPDATE OF v SKIP LOCKED`,
        [new Date(now.getTime() - TRANSCRIPT_ONLY_DAYS * DAY_MS)],
      )) as { attachment_id: string; case_id: string; organisation_id: string; approved: boolean }[];
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.attachment_id);
      const prefixes = rows.map((r) => attachmentPrefix(r.case_id, r.attachment_id));
      await em.query('INSERT INTO storage_deletions (prefix) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [prefixes]);
      await em.query('DELETE FROM attachments WHERE id = ANY($1)', [ids]);
      await em.query('UPDATE voice_consents SET destroyed_at = $2 WHERE attachment_id = ANY($1)', [ids, now]);
      await this.audit.recordMany(
        em,
        rows.map((r) => ({
          organisationId: r.organisation_id,
          actor: { kind: 'system' as const },
          action: 'case.recording_destroyed',
          caseId: r.case_id,
          details: { attachmentId: r.attachment_id, reason: r.approved ? 'transcript_approved' : 'period_ended' },
        })),
      );
      return prefixes;
    });
    const removed: string[] = [];
    for (const prefix of due) {
      try {
        await this.storage.deletePrefix(prefix);
        removed.push(prefix);
      } catch (e) {
        // Left queued in storage_deletions: the purge's leftovers sweep removes it later.
        onStorageError(e instanceof Error ? e.name : 'unknown');
      }
    }
    if (removed.length) await this.db.query('DELETE FROM storage_deletions WHERE prefix = ANY($1)', [removed]);
    return due.length;
  }
}
