import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bytesEqual, fromB64, isB64, toB64, transcriptDigest, transcriptReviewValid } from '@kanava/crypto';
import { AuditEntry, AuditSink, Clock, KanavaConfig } from '@kanava/common';
import {
  Attachment,
  attachmentToWire,
  Case,
  CaseGrant,
  CaseItem,
  entitiesFromJson,
  entityFromJson,
  grantToWire,
  itemToWire,
  Meeting,
  meetingToWire,
  Organisation,
  param,
  queryPrepared,
  Sql,
  sql,
  TranscriptReview,
  transcriptReviewToWire,
  VoiceConsentRecord,
  voiceConsentToWire,
} from '@kanava/database';
import { TranscriptReviewDto } from '../dto/transcript-review.dto';
import { AddIdentityDto, checkGrantSeals, checkItem, grantEntity, ItemDto, itemEntity, ReporterSessions } from '@kanava/protocol';
import { ReporterErrorCode, reporterError } from '../errors';
import { followUpFailureBudget, RateLimitService } from './rate-limit.service';
import { DirectoryService } from './directory.service';
import { sameSet, sha256 } from './submission.service';

/**
 * Item kinds a reporter may read (never notes; attachment items come with their
 * attachment), and the handlers' redactions of them (docs/reporter-protocol-extensions.md).
 */
const REPORTER_VISIBLE_KINDS = ['report', 'subject', 'identity', 'message-reporter', 'message-handler', 'redaction', 'transcript', 'answers'];

/** Everything a reporter does later with only the case secret's lookup token. */
@Injectable()
export class FollowUpService implements ReporterSessions {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly limits: RateLimitService,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  /**
   * The case for a bearer token. Every failure is the same 401, after the same
   * single indexed lookup, so a wrong token and an unknown one look alike.
   * One statement reads the case and the budget of wrong secrets together (this is
   * every follow-up's first step); only a failure takes a second, to spend a unit.
   */
  async authenticate(authorization: string | undefined): Promise<Case> {
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
    const token = match && isB64(match[1], 32) ? fromB64(match[1], 32) : new Uint8Array(32);
    // One budget of wrong secrets for everybody: once spent, every attempt waits, so guessing gains nothing.
    // (Above a lower threshold FollowUpProofGuard has already asked for a proof of work.)
    const budget = followUpFailureBudget(this.config);
    const [row] = await queryPrepared<{ failures: number | null; found: Record<string, unknown> | null }[]>(
      this.db,
      sql`SELECT (SELECT row_to_json(c) FROM cases c WHERE c.lookup_token_hash = ${sha256(token)}) AS found, ${this.limits.countRead(budget[0].bucket)} AS failures`,
    );
    // A right secret waits too while the budget is spent, so the answer tells a guesser nothing.
    this.limits.checkCount(budget[0], row.failures);
    if (!row.found || !match) {
      // Taking the unit answers 429 itself when another request spent the last one meanwhile.
      await this.limits.consume(budget);
      throw reporterError(ReporterErrorCode.InvalidCaseSecret);
    }
    return entityFromJson(this.db, Case, row.found);
  }

  /**
   * What the reporter may read, and the audit event of reading it, in one statement.
   * Attachments: complete ones, and the reporter's own unfinished uploads (to resume them).
   */
  async view(c: Case) {
    const event: AuditEntry = { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.case_viewed', caseId: c.id };
    const recorded = this.audit.recordingCte(event);
    const caseId = param(c.id);
    const [row] = await queryPrepared<
      {
        recorded_id: string;
        grants: Record<string, unknown>[];
        items: Record<string, unknown>[];
        attachments: Record<string, unknown>[];
        reviews: Record<string, unknown>[];
        consents: Record<string, unknown>[];
        meetings: Record<string, unknown>[];
      }[]
    >(
      this.db,
      sql`WITH ${Sql.numbered(recorded.cte, recorded.parameters)}
       SELECT ${Sql.raw(recorded.id)} AS recorded_id,
              (SELECT coalesce(json_agg(g ORDER BY g.key_kind), '[]') FROM case_grants g WHERE g.case_id = ${caseId} AND g.grantee = 'reporter') AS grants,
              (SELECT coalesce(json_agg(i ORDER BY i.created_at, i.id), '[]') FROM case_items i WHERE i.case_id = ${caseId} AND i.kind = ANY(${REPORTER_VISIBLE_KINDS})) AS items,
              (SELECT coalesce(json_agg(a ORDER BY a.created_at, a.id), '[]') FROM attachments a
                WHERE a.case_id = ${caseId} AND (a.complete OR a.author_kind = 'reporter')) AS attachments,
              (SELECT coalesce(json_agg(r ORDER BY r.reviewed_at, r.transcript_item_id), '[]') FROM transcript_reviews r WHERE r.case_id = ${caseId}) AS reviews,
              (SELECT coalesce(json_agg(v ORDER BY v.given_at, v.attachment_id), '[]') FROM voice_consents v WHERE v.case_id = ${caseId}) AS consents,
              (SELECT coalesce(json_agg(m ORDER BY m.requested_at, m.offered_at, m.id), '[]') FROM meetings m WHERE m.case_id = ${caseId}) AS meetings`,
    );
    await this.audit.committed(event, row.recorded_id);
    return {
      caseId: c.id,
      reference: c.reference,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
      feedbackDueAt: c.feedbackDueAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      reporterSignPublicKey: toB64(c.reporterSignPublicKey),
      grants: entitiesFromJson(this.db, CaseGrant, row.grants).map((g) => {
        const { signedBy: _signedBy, ...wire } = grantToWire(g);
        return wire;
      }),
      items: entitiesFromJson(this.db, CaseItem, row.items).map(itemToWire),
      attachments: entitiesFromJson(this.db, Attachment, row.attachments).map(attachmentToWire),
      transcriptReviews: entitiesFromJson(this.db, TranscriptReview, row.reviews).map(transcriptReviewToWire),
      voiceConsents: entitiesFromJson(this.db, VoiceConsentRecord, row.consents).map(voiceConsentToWire),
      meetings: entitiesFromJson(this.db, Meeting, row.meetings).map((m) => meetingToWire(m, false)),
    };
  }

  /**
   * The reporter's review of a transcript or minutes (R29): signed by the reporter key
   * over the transcript's id and the SHA-256 of its nonce ‖ ciphertext, which must be
   * the stored item's, so a review cannot be moved to another transcript or version.
   * Once per transcript; corrections follow as a message and a new transcript.
   */
  async reviewTranscript(c: Case, transcriptId: string, dto: TranscriptReviewDto): Promise<ReturnType<typeof transcriptReviewToWire>> {
    const digest = fromB64(dto.transcriptSha256, 32);
    const signature = fromB64(dto.signature, 64);
    return this.db.transaction(async (em) => {
      const transcript = await em.findOne(CaseItem, { where: { id: transcriptId, caseId: c.id, kind: 'transcript' }, lock: { mode: 'pessimistic_write' } });
      if (!transcript) throw reporterError(ReporterErrorCode.TranscriptNotFound);
      if (await em.exists(TranscriptReview, { where: { transcriptItemId: transcriptId } })) throw reporterError(ReporterErrorCode.TranscriptReviewed);
      const stored = transcriptDigest({ nonce: toB64(transcript.nonce), ciphertext: toB64(transcript.ciphertext) });
      if (!bytesEqual(stored, digest)) throw reporterError(ReporterErrorCode.TranscriptChanged);
      if (!transcriptReviewValid(c.id, transcriptId, dto.decision, digest, signature, c.reporterSignPublicKey)) {
        throw reporterError(ReporterErrorCode.BadReviewSignature);
      }
      const review = em.create(TranscriptReview, {
        transcriptItemId: transcriptId,
        caseId: c.id,
        decision: dto.decision,
        transcriptSha256: Buffer.from(digest),
        signature: Buffer.from(signature),
        reviewedAt: this.clock.now(),
      });
      await em.insert(TranscriptReview, review);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'reporter' },
        action: 'reporter.transcript_reviewed',
        caseId: c.id,
        details: { decision: dto.decision },
      });
      return transcriptReviewToWire(review);
    });
  }

  async addMessage(c: Case, item: ItemDto): Promise<{ itemId: string; createdAt: string }> {
    if (item.kind !== 'message-reporter') throw reporterError(ReporterErrorCode.ItemKindNotAllowed);
    if (!c.sharedKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw reporterError(ReporterErrorCode.KeyIdMismatch);
    checkItem(item, c.id, c.reporterSignPublicKey, this.config.maxItemBytes);
    return this.db.transaction(async (em) => {
      if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw reporterError(ReporterErrorCode.ItemExists);
      const entity = itemEntity(em, c.id, item, { kind: 'reporter', userId: null, signer: c.reporterSignPublicKey });
      entity.createdAt = this.clock.now();
      const saved = await em.save(entity);
      await this.audit.record(em, { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.message_added', caseId: c.id });
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }

  /**
   * Identity added later (API.md): an identity item under a new identity key, with
   * grants of that key to exactly the reporter, recovery (when set) and the
   * channel's custodians, all signed by the reporter. Once per case: a case whose
   * identity a handler removed may be given one again.
   */
  async addIdentity(c: Case, dto: AddIdentityDto): Promise<{ itemId: string; createdAt: string }> {
    const { item, grants } = dto;
    if (item.kind !== 'identity') throw reporterError(ReporterErrorCode.ItemKindNotAllowed);
    if (new Set(grants.map((g) => `${g.keyKind}/${g.grantee}`)).size !== grants.length) throw reporterError(ReporterErrorCode.DuplicateGrant);
    if (grants.some((g) => g.keyKind !== 'identity' || g.keyId !== item.keyId)) throw reporterError(ReporterErrorCode.KeyIdMismatch);
    checkItem(item, c.id, c.reporterSignPublicKey, this.config.maxItemBytes);
    checkGrantSeals(grants, c.id, c.reporterSignPublicKey);
    return this.db.transaction(async (em) => {
      // The row lock makes two concurrent additions take turns: the second finds the first's key.
      const [locked] = (await em.query('SELECT identity_key_id FROM cases WHERE id = $1 FOR UPDATE', [c.id])) as { identity_key_id: Buffer | null }[];
      if (locked.identity_key_id) throw reporterError(ReporterErrorCode.IdentityExists);
      if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw reporterError(ReporterErrorCode.ItemExists);
      const org = await em.findOneOrFail(Organisation, { where: { id: c.organisationId } });
      const { custodians } = await this.directory.recipients(em, c.channelId);
      const expected = ['reporter', ...(org.recoveryPublicKey ? ['recovery'] : []), ...custodians.map((u) => `user:${u.userId}`)];
      if (
        !sameSet(
          grants.map((g) => g.grantee),
          expected,
        )
      )
        throw reporterError(ReporterErrorCode.IdentityGrantsMismatch);
      const entity = itemEntity(em, c.id, item, { kind: 'reporter', userId: null, signer: c.reporterSignPublicKey });
      entity.createdAt = this.clock.now();
      const saved = await em.save(entity);
      await em.insert(
        CaseGrant,
        grants.map((g) => grantEntity(em, c.id, g, 'reporter')),
      );
      await em.update(Case, { id: c.id }, { identityKeyId: Buffer.from(fromB64(item.keyId, 16)) });
      await this.audit.record(em, { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.identity_added', caseId: c.id });
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }
}
