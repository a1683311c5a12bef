import { Injectable } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import { fromB64, toB64 } from '@kanava/crypto';
import { AuditSink, BadRequestError, Clock, decodeTimeCursor, encodeTimeCursor, KanavaConfig } from '@kanava/common';
import {
  Attachment,
  Case,
  CASE_STATUSES,
  CaseGrant,
  CaseItem,
  Category,
  Questionnaire,
  Channel,
  grantToWire,
  IdentityRequest,
  itemToWire,
  Meeting,
  meetingToWire,
  TranscriptRecording,
  TranscriptReview,
  transcriptReviewToWire,
  VoiceConsentRecord,
  voiceConsentToWire,
} from '@kanava/database';
import { LabelsService } from '@kanava/labels';
import { checkItem, itemEntity, ItemDto } from '@kanava/protocol';
import type { StaffActor } from '@kanava/access';
import type { CaseContentView, CaseCounts, CaseList, CaseReports, CaseSummary, CaseView } from '@kanava/api-contract';
import { CaseAccessService } from './case-access.service';
import { acknowledgeOnce } from './deadlines';
import { CaseErrorCode, caseError, CaseRuleErrorCode } from './errors';

export type { CaseSummary };

export interface InboxFilter {
  status?: string;
  channelId?: string;
  categoryId?: string;
  /** overdue: the nearest deadline has passed; soon: it falls within 7 days. */
  due?: 'overdue' | 'soon';
  /** received: newest first (default); due: nearest deadline first, only cases with an open deadline. */
  sort?: 'received' | 'due';
  /** flagged: only cases flagged as holding special-category or criminal-offence data (R34). */
  specialData?: 'flagged';
  /** The start of the case's reference (normalised, `K7QX-4` style). */
  reference?: string;
  /** only: the cases unread by the actor. */
  unread?: 'only';
  /** Only the cases that carry this label. */
  label?: string;
}

/**
 * Unread for the handler `r` is the actor's row of case_reads: never opened, or a reporter item
 * arrived at or after the last opening (at: a tie counts as unread rather than hide a message).
 */
const UNREAD_SQL = `(r.read_at IS NULL OR EXISTS (SELECT 1 FROM case_items ri WHERE ri.case_id = c.id AND ri.author_kind = 'reporter' AND ri.created_at >= r.read_at))`;

const iso = (v: unknown): string | null => (v ? (v as Date).toISOString() : null);

/** The handler's side of a case: inbox metadata, ciphertext view and signed replies. */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly labels: LabelsService,
  ) {}

  /**
   * The inbox: metadata only, filtered, newest first or nearest deadline first,
   * keyset-paginated; the same access rule as assertCaseAccess.
   */
  async list(actor: StaffActor, limit = 50, cursor?: string, filter: InboxFilter = {}): Promise<CaseList> {
    await this.access.assertNoticeAccepted(actor);
    const byDue = filter.sort === 'due';
    const now = this.clock.now();
    // The unread flags of a page come from a second, by-key query: the page's own query joins case_reads only to filter by it.
    const qb = this.accessible(actor, now, filter.unread === 'only')
      .innerJoin(Channel, 'ch', 'ch.id = c.channel_id')
      .leftJoin(Category, 'cat', 'cat.id = c.category_id')
      .select([
        'c.id AS id',
        'c.reference AS reference',
        'c.channel_id AS "channelId"',
        'ch.name AS "channelName"',
        'c.category_id AS "categoryId"',
        'cat.label AS "categoryLabel"',
        'c.status AS status',
        'c.priority AS priority',
        'c.received_at AS "receivedAt"',
        'c.acknowledgement_due_at AS "acknowledgementDueAt"',
        'c.acknowledged_at AS "acknowledgedAt"',
        'c.feedback_due_at AS "feedbackDueAt"',
        'c.closed_at AS "closedAt"',
        'c.next_due_at AS "nextDueAt"',
        'c.subject_informed_due_at AS "subjectInformedDueAt"',
        'c.subject_informed_at AS "subjectInformedAt"',
        'c.subject_informed_deferral AS "subjectInformedDeferral"',
        'c.identity_key_id IS NULL AS anonymous',
        'c.follow_up_at AS "followUpAt"',
        'c.follow_up_done_at AS "followUpDoneAt"',
        'c.special_data AS "specialData"',
        'c.forwarded_via IS NOT NULL AS forwarded',
        // The sort key with microseconds: a JavaScript Date would round it and repeat a row across pages.
        `to_char(${byDue ? 'c.next_due_at' : 'c.received_at'} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"`,
      ])
      .limit(limit + 1);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.channelId) qb.andWhere('c.channel_id = :channelId', { channelId: filter.channelId });
    if (filter.categoryId) qb.andWhere('c.category_id = :categoryId', { categoryId: filter.categoryId });
    if (filter.specialData === 'flagged') qb.andWhere('cardinality(c.special_data) > 0');
    // Validated as reference symbols and the hyphen only, so it holds no LIKE wildcard.
    if (filter.reference) qb.andWhere("c.reference LIKE :referencePrefix || '%'", { referencePrefix: filter.reference });
    if (filter.unread === 'only') qb.andWhere(UNREAD_SQL);
    if (filter.label) qb.andWhere(LabelsService.carries('c'), { labelId: filter.label });
    if (filter.due === 'overdue') qb.andWhere('c.next_due_at < :now', { now });
    if (filter.due === 'soon') qb.andWhere("c.next_due_at >= :now AND c.next_due_at < CAST(:now AS timestamptz) + interval '7 days'", { now });
    if (byDue) qb.andWhere('c.next_due_at IS NOT NULL').orderBy('c.next_due_at', 'ASC').addOrderBy('c.id', 'ASC');
    else qb.orderBy('c.received_at', 'DESC').addOrderBy('c.id', 'DESC');
    if (cursor) {
      const c = decodeTimeCursor(cursor, () => caseError(CaseErrorCode.InvalidCursor));
      if (byDue) qb.andWhere('(c.next_due_at, c.id) > (CAST(:at AS timestamptz), :cid)', { at: c.at, cid: c.id });
      else qb.andWhere('(c.received_at, c.id) < (CAST(:at AS timestamptz), :cid)', { at: c.at, cid: c.id });
    }
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const page: CaseSummary[] = rows.slice(0, limit).map((r) => ({
      id: r.id as string,
      reference: r.reference as string,
      channelId: r.channelId as string,
      channelName: r.channelName as string,
      categoryId: (r.categoryId as string | null) ?? null,
      categoryLabel: (r.categoryLabel as string | null) ?? null,
      status: r.status as string,
      priority: (r.priority as string | null) ?? null,
      receivedAt: iso(r.receivedAt)!,
      acknowledgementDueAt: iso(r.acknowledgementDueAt)!,
      acknowledgedAt: iso(r.acknowledgedAt),
      feedbackDueAt: iso(r.feedbackDueAt)!,
      closedAt: iso(r.closedAt),
      nextDueAt: iso(r.nextDueAt),
      overdue: !!r.nextDueAt && (r.nextDueAt as Date) < now,
      subjectInformed: {
        dueAt: iso(r.subjectInformedDueAt),
        informedAt: iso(r.subjectInformedAt),
        deferral: (r.subjectInformedDeferral as string | null) ?? null,
        overdue: !!r.subjectInformedDueAt && !r.subjectInformedAt && !r.subjectInformedDeferral && (r.subjectInformedDueAt as Date) < now,
      },
      anonymous: r.anonymous as boolean,
      followUpAt: iso(r.followUpAt),
      followUpDoneAt: iso(r.followUpDoneAt),
      specialData: (r.specialData as string[] | null) ?? [],
      forwarded: r.forwarded as boolean,
      unread: true,
      labels: [],
    }));
    // Both by the page's keys, side by side: one round trip's wait, not two.
    const ids = page.map((c) => c.id);
    const [unread, labels] = await Promise.all([this.unreadAmong(actor, ids), this.labels.ofCases(ids)]);
    for (const c of page) {
      c.unread = unread.has(c.id);
      c.labels = labels.get(c.id) ?? [];
    }
    const last = rows[limit - 1];
    const nextCursor = rows.length > limit && last ? encodeTimeCursor({ at: last.sortKey as string, id: last.id as string }) : null;
    return { cases: page, nextCursor };
  }

  /**
   * The cases the actor may open, with their case_reads row as `r`: the same rule as
   * assertCaseAccess (a designated handler, or an expert with a live grant; never an excluded
   * or implicated one).
   */
  private accessible(actor: StaffActor, now: Date, withReads = true) {
    const qb = this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .innerJoin(CaseGrant, 'g', "g.case_id = c.id AND g.key_kind = 'shared' AND g.grantee_user_id = :uid AND (g.expires_at IS NULL OR g.expires_at > :now)", {
        uid: actor.userId,
        now,
      })
      .leftJoin('channel_members', 'm', "m.channel_id = c.channel_id AND m.user_id = :uid AND m.role = 'handler'")
      .where('c.organisation_id = :org', { org: actor.organisationId })
      .andWhere('NOT (:uid = ANY(c.excluded_user_ids)) AND NOT (:uid = ANY(c.implicated_user_ids))')
      .andWhere('(m.user_id IS NOT NULL OR g.expires_at IS NOT NULL)');
    if (withReads) qb.leftJoin('case_reads', 'r', 'r.case_id = c.id AND r.user_id = :uid');
    return qb;
  }

  /** Which of these cases (already checked for access) are unread for the actor. */
  private async unreadAmong(actor: StaffActor, caseIds: string[]): Promise<Set<string>> {
    if (!caseIds.length) return new Set();
    const rows = (await this.db.query(
      `SELECT c.id FROM cases c LEFT JOIN case_reads r ON r.case_id = c.id AND r.user_id = $2 WHERE c.id = ANY($1::uuid[]) AND ${UNREAD_SQL}`,
      [caseIds, actor.userId],
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** How many of the actor's cases are in each status, and how many of those are unread: for the inbox's counts. */
  async counts(actor: StaffActor): Promise<CaseCounts> {
    await this.access.assertNoticeAccepted(actor);
    const rows = await this.accessible(actor, this.clock.now())
      .select('c.status', 'status')
      .addSelect('count(*)::int', 'total')
      .addSelect(`count(*) FILTER (WHERE ${UNREAD_SQL})::int`, 'unread')
      .groupBy('c.status')
      .getRawMany<{ status: string; total: number; unread: number }>();
    const statuses = Object.fromEntries(CASE_STATUSES.map((st) => [st, { total: 0, unread: 0 }])) as Record<string, { total: number; unread: number }>;
    for (const r of rows) statuses[r.status] = { total: r.total, unread: r.unread };
    return {
      statuses,
      total: rows.reduce((n, r) => n + r.total, 0),
      unread: rows.reduce((n, r) => n + r.unread, 0),
    };
  }

  /** Ciphertext and the actor's own grants; identity items only to holders of an identity grant. */
  async view(actor: StaffActor, caseId: string, options: { markRead: boolean } = { markRead: true }): Promise<CaseView> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'read');
    const content = await this.content(actor, c, { identity: true, concerned: true });
    // Every fetch of a case's ciphertext is an access (R35), identity included or not.
    await this.audit.record(this.db.manager, {
      organisationId: c.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: 'handler' },
      action: 'case.viewed',
      caseId,
      details: { identity: content.identityIncluded },
    });
    // Opened: read for this handler until the reporter adds something (the inbox's unread marker).
    if (options.markRead)
      await this.db.query(
        `INSERT INTO case_reads (case_id, user_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, user_id) DO UPDATE SET read_at = GREATEST(case_reads.read_at, EXCLUDED.read_at)`,
        [caseId, actor.userId, this.clock.now()],
      );
    // The console shows a request the actor made and no custodian decided yet as pending, not as a new form.
    const identityRequestPending = await this.db.getRepository(IdentityRequest).exists({ where: { caseId, requesterId: actor.userId, status: 'pending' } });
    return { ...content.view, identityRequestPending };
  }

  /**
   * The report items of several cases with the actor's shared-key grants, so the
   * inbox can show titles it decrypts itself. A title travels in the same
   * ciphertext as the report's body (CRYPTO.md), so each case is logged as a
   * fetch of its report; cases the actor may not read are left out unnamed.
   */
  async reports(actor: StaffActor, caseIds: string[]): Promise<CaseReports> {
    const readable = await this.access.readableCases(actor, caseIds);
    if (!readable.length) return { cases: [] };
    const ids = readable.map((c) => c.id);
    const now = this.clock.now();
    const [grants, items] = await Promise.all([
      this.db.getRepository(CaseGrant).find({ where: { caseId: In(ids), granteeUserId: actor.userId, keyKind: 'shared' } }),
      this.db.getRepository(CaseItem).find({ where: { caseId: In(ids), kind: 'report' }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    await this.db.transaction((em) =>
      this.audit.recordMany(
        em,
        ids.map((caseId) => ({
          organisationId: actor.organisationId,
          actor: { kind: 'staff', id: actor.userId, role: 'handler' },
          action: 'case.report_fetched',
          caseId,
        })),
      ),
    );
    // In the order asked for, so a page's titles line up with its rows.
    const order = new Map(caseIds.map((id, i) => [id, i]));
    return {
      cases: readable
        .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
        .map((c) => ({
          id: c.id,
          reporterSignPublicKey: toB64(c.reporterSignPublicKey),
          sharedKeyId: toB64(c.sharedKeyId),
          grants: grants.filter((g) => g.caseId === c.id && (!g.expiresAt || g.expiresAt > now)).map(grantToWire),
          items: items.filter((i) => i.caseId === c.id).map((i) => ({ ...itemToWire(i), authorUserId: i.authorUserId })),
        })),
    };
  }

  /**
   * What a case view holds, for an actor whose access was checked: metadata,
   * ciphertext items and the actor's own grants. Identity items only when asked for
   * and the actor holds an identity grant; persons-concerned entries likewise (R21), and
   * those of a case from a v1 client (under the shared key) are left out when not asked
   * for. Records nothing: callers log the access.
   */
  async content(actor: StaffActor, c: Case, options: { identity: boolean; concerned: boolean }): Promise<{ identityIncluded: boolean; view: CaseContentView }> {
    const caseId = c.id;
    const grants = (await this.db.getRepository(CaseGrant).find({ where: { caseId, granteeUserId: actor.userId }, order: { keyKind: 'ASC' } })).filter(
      (g) =>
        (!g.expiresAt || g.expiresAt > this.clock.now()) && (options.identity || g.keyKind !== 'identity') && (options.concerned || g.keyKind !== 'concerned'),
    );
    const hidden = grants.some((g) => g.keyKind === 'identity') ? [] : ['identity'];
    const stored = await this.db.getRepository(CaseItem).find({
      where: { caseId, ...(hidden.length ? { kind: Not(In(hidden)) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // Persons concerned under their own key (R21) reach only its holders, as identity items do; the others learn how many there are.
    const holdsConcerned = grants.some((g) => g.keyKind === 'concerned');
    const underConcernedKey = (i: CaseItem) => !!c.concernedKeyId && i.keyId.equals(c.concernedKeyId);
    const withheld = (i: CaseItem) => (underConcernedKey(i) && !holdsConcerned) || (!options.concerned && (i.kind === 'subject' || underConcernedKey(i)));
    const items = stored.filter((i) => !withheld(i));
    const [channel, category, questionnaire, holders, reviews, consents, meetings] = await Promise.all([
      this.db.getRepository(Channel).findOneOrFail({ where: { id: c.channelId } }),
      c.categoryId ? this.db.getRepository(Category).findOne({ where: { id: c.categoryId } }) : null,
      c.questionnaireId ? this.db.getRepository(Questionnaire).findOne({ where: { id: c.questionnaireId }, select: { id: true, version: true } }) : null,
      // Who holds the shared key now: the client seals a new internal key to exactly these (and recovery).
      this.db.query(
        `SELECT u.id AS "userId", u.display_name AS "displayName", u.box_public_key, u.sign_public_key, g.expires_at,
                EXISTS (SELECT 1 FROM case_grants k WHERE k.case_id = g.case_id AND k.grantee_user_id = g.grantee_user_id AND k.key_kind = 'concerned')
                  AS concerned
           FROM case_grants g JOIN staff_users u ON u.id = g.grantee_user_id
          WHERE g.case_id = $1 AND g.key_kind = 'shared' AND u.active AND (g.expires_at IS NULL OR g.expires_at > $2)
          ORDER BY u.display_name, u.id`,
        [caseId, this.clock.now()],
      ) as Promise<{ userId: string; displayName: string; box_public_key: Buffer; sign_public_key: Buffer; expires_at: Date | null; concerned: boolean }[]>,
      this.db.getRepository(TranscriptReview).find({ where: { caseId }, order: { reviewedAt: 'ASC', transcriptItemId: 'ASC' } }),
      this.db.getRepository(VoiceConsentRecord).find({ where: { caseId }, order: { givenAt: 'ASC', attachmentId: 'ASC' } }),
      this.db.getRepository(Meeting).find({ where: { caseId }, order: { requestedAt: 'ASC', offeredAt: 'ASC', id: 'ASC' } }),
    ]);
    return {
      identityIncluded: hidden.length === 0,
      view: {
        id: c.id,
        reference: c.reference,
        channelId: c.channelId,
        channelName: channel.name,
        categoryId: c.categoryId,
        categoryLabel: category?.label ?? null,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        acknowledgementDueAt: c.acknowledgementDueAt.toISOString(),
        acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
        feedbackDueAt: c.feedbackDueAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        reporterSignPublicKey: toB64(c.reporterSignPublicKey),
        sharedKeyId: toB64(c.sharedKeyId),
        internalKeyId: c.internalKeyId ? toB64(c.internalKeyId) : null,
        /** The persons-concerned key's id (R21); null when the reporter's client put those entries under the shared key. */
        concernedKeyId: c.concernedKeyId ? toB64(c.concernedKeyId) : null,
        /** Persons-concerned entries left out because the actor holds no key to them. */
        concernedWithheld: stored.filter(withheld).length,
        nextDueAt: c.nextDueAt?.toISOString() ?? null,
        triage: c.triagedAt ? { priority: c.priority, relevance: c.relevance, retaliationRisk: c.retaliationRisk, triagedAt: c.triagedAt.toISOString() } : null,
        outcome: c.outcome,
        concludedAt: c.concludedAt?.toISOString() ?? null,
        feedbackGivenAt: c.feedbackGivenAt?.toISOString() ?? null,
        subjectInformed: {
          dueAt: c.subjectInformedDueAt?.toISOString() ?? null,
          informedAt: c.subjectInformedAt?.toISOString() ?? null,
          deferral: c.subjectInformedDeferral,
          overdue: !!c.subjectInformedDueAt && !c.subjectInformedAt && !c.subjectInformedDeferral && c.subjectInformedDueAt < this.clock.now(),
        },
        retention: { purgeAt: c.purgeAt.toISOString(), basis: c.purgeBasis },
        /** No identity was given, or it was removed: acknowledgement and feedback are not legally required (R8). */
        anonymous: !c.identityKeyId,
        /** What the closure recorded to protect the reporter (R40); null while the case is open. */
        closure: c.closedAt
          ? {
              reporterAtRisk: c.reporterAtRisk,
              measures: c.protectiveMeasures,
              followUpAt: c.followUpAt?.toISOString() ?? null,
              followUpDoneAt: c.followUpDoneAt?.toISOString() ?? null,
            }
          : null,
        /** R34: the categories flagged and the id of the note that says why they are necessary. */
        specialData: { categories: c.specialData, necessityNoteId: c.specialDataNoteId },
        /** The questionnaire version the report was answered with (the answers are an encrypted `answers` item); null: the plain form. */
        questionnaire: questionnaire ? { id: questionnaire.id, version: questionnaire.version } : null,
        /** A report received another way (R5): who registered it, how it arrived and the original's SHA-256 (hex). */
        forwarded: c.forwardedVia ? { via: c.forwardedVia, registeredByUserId: c.forwardedByUserId, originalSha256: c.originalSha256!.toString('hex') } : null,
        keyHolders: holders.map((h) => ({
          userId: h.userId,
          displayName: h.displayName,
          boxPublicKey: toB64(h.box_public_key),
          signPublicKey: toB64(h.sign_public_key),
          /** Set for an expert's time-limited, read-only access. */
          expiresAt: h.expires_at?.toISOString() ?? null,
          /** Whether they hold the persons-concerned key too (R21). */
          concernedKey: h.concerned,
        })),
        grants: grants.map(grantToWire),
        items: items.map((i) => ({ ...itemToWire(i), authorUserId: i.authorUserId })),
        /** The reporter's signed reviews of transcripts (R29): the console checks each against the reporter key and the transcript. */
        transcriptReviews: reviews.map(transcriptReviewToWire),
        /** The reporter's signed choices for voice messages (R28), and what became of transcript-only ones. */
        voiceConsents: consents.map(voiceConsentToWire),
        /** Meetings and calls with the reporter (R1), asked for, offered and agreed. */
        meetings: meetings.map((m) => meetingToWire(m, true)),
      },
    };
  }

  /**
   * A reply the reporter will read, signed with the handler's own sign key. The
   * first reply is the acknowledgement (R6): it records the time and moves the
   * feedback deadline to three months after it (R7).
   */
  async reply(actor: StaffActor, caseId: string, item: ItemDto): Promise<{ itemId: string; createdAt: string }> {
    return this.addForReporter(actor, caseId, item, 'message-handler');
  }

  /**
   * A transcript of a voice message, or the minutes of a meeting or call, for the
   * reporter to check and approve (R29): like a reply, a handler-signed item under the
   * shared key, which the reporter reviews by signing its SHA-256. It does not count as
   * the acknowledgement.
   */
  async addTranscript(actor: StaffActor, caseId: string, item: ItemDto, recordingId?: string): Promise<{ itemId: string; createdAt: string }> {
    return this.addForReporter(actor, caseId, item, 'transcript', recordingId);
  }

  private async addForReporter(
    actor: StaffActor,
    caseId: string,
    item: ItemDto,
    kind: 'message-handler' | 'transcript',
    recordingId?: string,
  ): Promise<{ itemId: string; createdAt: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (item.kind !== kind) throw caseError(CaseErrorCode.ItemKindNotAllowed);
    if (!c.sharedKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw caseError(CaseErrorCode.KeyIdMismatch);
    checkItem(item, caseId, actor.signPublicKey, this.config.maxItemBytes);
    return this.db.transaction(async (em) => {
      if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw caseError(CaseErrorCode.ItemExists);
      const entity = itemEntity(em, caseId, item, { kind: 'handler', userId: actor.userId, signer: actor.signPublicKey });
      entity.createdAt = this.clock.now();
      const saved = await em.save(entity);
      if (kind === 'message-handler' && !c.acknowledgedAt) await acknowledgeOnce(em, c, saved.createdAt);
      if (recordingId) {
        // The recording must be one of this case's complete files; which one stays a plain id.
        if (!(await em.exists(Attachment, { where: { id: recordingId, caseId, complete: true } }))) {
          throw new BadRequestError(CaseRuleErrorCode.RecordingNotFound, 'The recording is not a complete file of this case.');
        }
        await em.insert(TranscriptRecording, { transcriptItemId: saved.id, attachmentId: recordingId });
      }
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: kind === 'transcript' ? 'case.transcript_added' : 'case.message_added',
        caseId,
      });
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }
}
