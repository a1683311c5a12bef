import { Injectable } from '@nestjs/common';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditEntry, AuditSink, BadRequestError, Clock, ForbiddenError, KanavaConfig } from '@kanava/common';
import { acknowledgementDue, feedbackDue, param, queryPrepared, Sql, sql, subjectInformedDue } from '@kanava/database';
import {
  GrantDto,
  grantSignatureJobs,
  ForwardedReportDto,
  ForwardedReportIntake,
  ItemDto,
  itemSignatureJob,
  SUBMISSION_LIMITS,
  SubmitReportDto,
  ProtocolErrorCode,
  protocolError,
  SignatureChecker,
} from '@kanava/protocol';
import { RegistrationErrorCode, ReporterErrorCode, reporterError } from '../errors';
import { ChallengeService } from './challenge.service';
import { DirectoryService, SubmissionContext } from './directory.service';
import { RateBucket, RateLimitService } from './rate-limit.service';

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** An 8-symbol reference like "K7QX-4M2P": random, so it reveals nothing about volume. */
function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REFERENCE_ALPHABET[randomInt(32)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return sa.size === a.length && a.length === b.length && b.every((x) => sa.has(x));
}

/** The case, its items and grants, and for a report received another way who registered it, how it arrived and its original's hash. */
interface ReportRows {
  caseId: string;
  organisationId: string;
  channelId: string;
  categoryId: string | null;
  reference: string;
  lookupTokenHash: Buffer;
  reporterKey: Buffer;
  excludedUserIds: string[];
  sharedKeyId: Buffer;
  identityKeyId: Buffer | null;
  concernedKeyId: Buffer | null;
  questionnaireId: string | null;
  receivedAt: Date;
  items: ItemDto[];
  grants: GrantDto[];
  forwarded: Origin['forwarded'];
}

/**
 * The case (the trigger cases_purge_date sets its deletion date), its items and grants (one
 * array per column), and the persons-concerned keyId (null from a v1 client): the CTEs `new_case`, `new_items` and `new_grants` of one statement, to
 * which `store` adds the audit event.
 */
function reportInsert(r: ReportRows): Sql {
  const reporterKey = param(r.reporterKey);
  const acknowledgementDueAt = param(acknowledgementDue(r.receivedAt));
  return sql`new_case AS (
    INSERT INTO cases (id, organisation_id, channel_id, category_id, reference, lookup_token_hash, reporter_sign_public_key, status,
                       excluded_user_ids, shared_key_id, identity_key_id, received_at, acknowledgement_due_at, feedback_due_at,
                       next_due_at, subject_informed_due_at, forwarded_by_user_id, forwarded_via, original_sha256, concerned_key_id, questionnaire_id)
    VALUES (${r.caseId}, ${r.organisationId}, ${r.channelId}, ${r.categoryId}, ${r.reference}, ${r.lookupTokenHash}, ${reporterKey}, 'received',
            ${r.excludedUserIds}, ${r.sharedKeyId}, ${r.identityKeyId}, ${r.receivedAt}, ${acknowledgementDueAt}, ${feedbackDue(r.receivedAt, null)},
            ${acknowledgementDueAt}, ${subjectInformedDue(r.receivedAt)}, ${r.forwarded?.userId ?? null}, ${r.forwarded?.via ?? null},
            ${r.forwarded?.originalSha256 ?? null}, ${r.concernedKeyId}, ${r.questionnaireId})
    RETURNING id, received_at),
  new_items AS (
    INSERT INTO case_items (id, case_id, kind, key_id, nonce, ciphertext, signature, author_kind, author_user_id, signer_public_key, created_at)
    SELECT t.id, new_case.id, t.kind, t.key_id, t.nonce, t.ciphertext, t.signature, 'reporter', NULL, ${reporterKey}, new_case.received_at
      FROM new_case, ${itemColumns(r.items)} AS t(id, kind, key_id, nonce, ciphertext, signature)
    RETURNING 1),
  new_grants AS (
    INSERT INTO case_grants (id, case_id, key_kind, grantee, grantee_user_id, key_id, sealed, signature, signed_by)
    SELECT t.id, new_case.id, t.key_kind, t.grantee, t.grantee_user_id, t.key_id, t.sealed, t.signature, 'reporter'
      FROM new_case, ${grantColumns(r.grants)}
        AS t(id, key_kind, grantee, grantee_user_id, key_id, sealed, signature)
    RETURNING 1)`;
}

/** The key ids a new case records, one per key kind it has (b64). */
interface CaseKeyIds {
  sharedKeyId: string;
  identityKeyId: string | null;
  concernedKeyId: string | null;
}

/** What a submission carries besides its proof: a portal report's body, or a forwarded report's. */
type Submission = Omit<SubmitReportDto, 'proof'>;

/** How far back a report received another way may be dated: a year (and never past its channel's retention). */
const FORWARDED_MAX_AGE_DAYS = 365;
const DAY_MS = 86_400_000;

/** Where a stored report came from: the portal (now, by the reporter) or a handler who registered it (R5). */
interface Origin {
  receivedAt: Date;
  event: Omit<AuditEntry, 'caseId'>;
  forwarded: { userId: string; via: string; originalSha256: Buffer } | null;
}

/** The items as rows: `unnest` of one array per column. */
function itemColumns(items: ItemDto[]): Sql {
  return sql`unnest(${items.map((i) => i.itemId)}::uuid[], ${items.map((i) => i.kind)}::text[], ${items.map((i) => Buffer.from(fromB64(i.keyId, 16)))}::bytea[],
                    ${items.map((i) => Buffer.from(fromB64(i.nonce, 24)))}::bytea[], ${items.map((i) => Buffer.from(fromB64(i.ciphertext)))}::bytea[],
                    ${items.map((i) => Buffer.from(fromB64(i.signature, 64)))}::bytea[])`;
}

/** The grants as rows: `unnest` of one array per column. */
function grantColumns(grants: GrantDto[]): Sql {
  return sql`unnest(${grants.map(() => randomUUID())}::uuid[], ${grants.map((g) => g.keyKind)}::text[], ${grants.map((g) => g.grantee)}::text[],
                    ${grants.map((g) => (g.grantee.startsWith('user:') ? g.grantee.slice(5) : null))}::uuid[], ${grants.map((g) => Buffer.from(fromB64(g.keyId, 16)))}::bytea[],
                    ${grants.map((g) => Buffer.from(fromB64(g.sealed)))}::bytea[], ${grants.map((g) => Buffer.from(fromB64(g.signature, 64)))}::bytea[])`;
}

/** Which unique key a failed insert ran into, if that is why it failed. */
function uniqueViolation(e: unknown): 'case' | 'lookupToken' | 'reference' | 'item' | null {
  const error = (e as { driverError?: { code?: string; table?: string; detail?: string } }).driverError;
  if (error?.code !== '23505') return null;
  if (error.table === 'case_items') return 'item';
  if (error.table !== 'cases') return null;
  if (error.detail?.includes('(lookup_token_hash)')) return 'lookupToken';
  if (error.detail?.includes('reference)')) return 'reference';
  return 'case';
}

/** Accepts a new report: every rule of API.md "Submit", all or nothing. */
@Injectable()
export class SubmissionService implements ForwardedReportIntake {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly challenges: ChallengeService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditSink,
    private readonly limits: RateLimitService,
    private readonly clock: Clock,
    private readonly signatures: SignatureChecker,
  ) {}

  /**
   * Three statements for the whole submission (its hot path at hundreds per second): the
   * budgets, proof and context together, the rows with the audit event, and the chaining
   * of that event. Every check that needs no database runs between them.
   */
  async submit(dto: SubmitReportDto): Promise<{ caseId: string; reference: string; receivedAt: string }> {
    const lookupTokenHash = sha256(fromB64(dto.lookupToken, 32));
    // Budgets shared by everybody (never keyed on the client), then the proof: a solved proof
    // buys exactly one attempt and is spent before anything else is checked, unless a budget
    // is spent (429), which leaves it for later. A report that fails gives its units back.
    const organisationId = await this.directory.organisationOf(dto.channelId);
    const { taken: units, read: context } = await this.challenges.spendWithin<SubmissionContext>(
      this.budgets(organisationId),
      dto.proof.challengeId,
      dto.proof.nonce,
      this.directory.submissionContextRead(dto.channelId, dto.categoryId ?? null, { caseId: dto.caseId, lookupTokenHash }, dto.questionnaireId ?? null),
    );
    try {
      // A channel removed since its organisation was looked up reads as unknown here too.
      if (!context) throw reporterError(ReporterErrorCode.UnknownChannel);
      const reporterKey = fromB64(dto.reporterSignPublicKey, 32);
      this.checkItems(dto);
      const keys = await this.check(dto, context, reporterKey, { identityRule: true });
      const origin: Origin = {
        receivedAt: this.clock.now(),
        // No counts of items or grants: they would tell whether an identity came with the report and whether anyone was excluded.
        event: { organisationId: context.organisationId, actor: { kind: 'reporter' }, action: 'report.submitted' },
        forwarded: null,
      };
      return await this.store(dto, context, reporterKey, lookupTokenHash, keys, origin);
    } catch (e) {
      await this.limits.refund(units).catch(() => undefined);
      throw e;
    }
  }

  /**
   * A report received another way (R5), registered by a designated handler of the
   * channel. Their browser made the case as a reporter's browser would (a case secret,
   * the keys derived from it, the items and grants), so every rule of "Submit" holds,
   * but: no proof of work or budgets (a signed-in handler), the receipt time is the day
   * it was received, so the deadlines run from then (not in the future, not more than
   * a year back, and not past the channel's retention), and the channel's "identity
   * required" rule does not apply (the report has reached the organisation already).
   */
  async registerForwarded(actor: { userId: string; organisationId: string }, dto: ForwardedReportDto) {
    const lookupTokenHash = sha256(fromB64(dto.lookupToken, 32));
    const read = this.directory.submissionContextRead(
      dto.channelId,
      dto.categoryId ?? null,
      { caseId: dto.caseId, lookupTokenHash },
      dto.questionnaireId ?? null,
    );
    const { text, parameters } =
      sql`SELECT ${read} AS context, (SELECT retention_days FROM channels WHERE id = ${dto.channelId}::uuid) AS retention_days`.compile();
    const [row] = (await this.db.query(text, parameters)) as {
      context: SubmissionContext | null;
      retention_days: number | null;
    }[];
    const context = row?.context;
    // Another organisation's channel answers as an unknown one.
    if (!context || context.organisationId !== actor.organisationId) throw reporterError(ReporterErrorCode.UnknownChannel);
    if (!context.handlerIds.includes(actor.userId)) {
      throw new ForbiddenError(
        RegistrationErrorCode.NotDesignated,
        "Only a designated handler of the channel registers a report on it; ask one of the channel's handlers.",
      );
    }
    if ((dto.excludedUserIds ?? []).includes(actor.userId)) {
      throw new BadRequestError(
        RegistrationErrorCode.ExcludesRegistrar,
        'You cannot exclude yourself from a report you register: ask a colleague to register it.',
      );
    }
    const now = this.clock.now();
    const receivedAt = new Date(dto.receivedAt);
    if (receivedAt > now) throw new BadRequestError(RegistrationErrorCode.ReceivedInFuture, 'The date received cannot be in the future.');
    const maxAge = Math.min(FORWARDED_MAX_AGE_DAYS, row.retention_days ?? FORWARDED_MAX_AGE_DAYS);
    if (receivedAt.getTime() < now.getTime() - maxAge * DAY_MS) {
      throw new BadRequestError(
        RegistrationErrorCode.ReceivedTooLongAgo,
        `A report received more than ${maxAge} days ago cannot be registered here (its channel's retention or a year).`,
      );
    }
    const reporterKey = fromB64(dto.reporterSignPublicKey, 32);
    this.checkItems(dto);
    const keys = await this.check(dto, context, reporterKey, { identityRule: false });
    return this.store(dto, context, reporterKey, lookupTokenHash, keys, {
      receivedAt,
      event: {
        organisationId: context.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'report.forwarded_registered',
        details: { via: dto.via },
      },
      forwarded: { userId: actor.userId, via: dto.via, originalSha256: Buffer.from(dto.originalSha256, 'hex') },
    });
  }

  /** Every rule of API.md "Submit" against the context; returns the key ids. */
  private async check(dto: Submission, context: SubmissionContext, reporterKey: Uint8Array, rules: { identityRule: boolean }): Promise<CaseKeyIds> {
    if (!context.categoryKnown) throw reporterError(ReporterErrorCode.UnknownCategory);
    if (!context.questionnaireKnown) throw reporterError(ReporterErrorCode.UnknownQuestionnaire);
    if (context.caseIdTaken) throw reporterError(ReporterErrorCode.CaseExists);
    if (context.lookupTokenTaken) throw reporterError(ReporterErrorCode.LookupTokenInUse);

    const hasIdentity = dto.items.some((i) => i.kind === 'identity');
    if (rules.identityRule && !context.allowAnonymous && !hasIdentity) throw reporterError(ReporterErrorCode.IdentityRequired);

    const { handlerIds, custodianIds } = context;
    const excluded = dto.excludedUserIds ?? [];
    if (excluded.length > 0) {
      if (!context.exclusionEnabled) throw reporterError(ReporterErrorCode.ExclusionNotAllowed);
      if (excluded.some((id) => !handlerIds.includes(id))) throw reporterError(ReporterErrorCode.ExclusionUnknownHandler);
      if (excluded.length >= handlerIds.length) throw reporterError(ReporterErrorCode.ExclusionExcludesAll);
    }
    if (handlerIds.length === 0) throw reporterError(ReporterErrorCode.NoRecipients);

    const recovery = context.hasRecoveryKey ? ['recovery'] : [];
    const handlers = handlerIds.filter((id) => !excluded.includes(id)).map((id) => `user:${id}`);
    const custodians = custodianIds.map((id) => `user:${id}`);
    const keys = this.checkGrants(dto, hasIdentity, {
      shared: ['reporter', ...recovery, ...handlers],
      identity: ['reporter', ...recovery, ...custodians],
      // The persons concerned's key (R21) goes to those who hold the report at submission and to the custodians who guard
      // identities, never to someone the reporter excluded (a handler who is a custodian too).
      concerned: [...new Set(['reporter', ...recovery, ...handlers, ...custodians.filter((c) => !excluded.includes(c.slice('user:'.length)))])],
    });

    // Signatures last, grants' then items', all in one batch: they are the most expensive check.
    const grantJobs = grantSignatureJobs(dto.grants, dto.caseId, reporterKey);
    const itemJobs = dto.items.map((item) => itemSignatureJob(item, dto.caseId, reporterKey, this.config.maxItemBytes));
    const invalid = await this.signatures.firstInvalid([...grantJobs, ...itemJobs]);
    if (invalid >= 0) throw protocolError(invalid < grantJobs.length ? ProtocolErrorCode.BadGrantSignature : ProtocolErrorCode.BadItemSignature);
    return keys;
  }

  /**
   * The case, its items, grants and audit event in one statement: all or nothing. Item ids
   * taken are found only here, by case_items' primary key (see `submissionContextRead`); a
   * concurrent submission can still take the case id or the lookup token after the context
   * was read, and the unique keys answer the same codes for those. A reference already used
   * in the organisation (about one in 10¹² per case) is drawn again.
   */
  private async store(
    dto: Submission,
    context: SubmissionContext,
    reporterKey: Uint8Array,
    lookupTokenHash: Buffer,
    keys: CaseKeyIds,
    origin: Origin,
  ): Promise<{ caseId: string; reference: string; receivedAt: string }> {
    const { receivedAt, forwarded } = origin;
    const excluded = dto.excludedUserIds ?? [];
    for (let attempt = 1; ; attempt++) {
      const reference = newReference();
      const event: AuditEntry = { ...origin.event, caseId: dto.caseId };
      const recorded = this.audit.recordingCte(event);
      const rows = reportInsert({
        caseId: dto.caseId,
        organisationId: context.organisationId,
        channelId: dto.channelId,
        categoryId: dto.categoryId ?? null,
        reference,
        lookupTokenHash,
        reporterKey: Buffer.from(reporterKey),
        excludedUserIds: excluded,
        sharedKeyId: Buffer.from(fromB64(keys.sharedKeyId, 16)),
        identityKeyId: keys.identityKeyId ? Buffer.from(fromB64(keys.identityKeyId, 16)) : null,
        concernedKeyId: keys.concernedKeyId ? Buffer.from(fromB64(keys.concernedKeyId, 16)) : null,
        questionnaireId: dto.questionnaireId ?? null,
        receivedAt,
        items: dto.items,
        grants: dto.grants,
        forwarded,
      });
      try {
        // One statement, so one round trip and no transaction to open and close.
        const [{ recorded_id: recordedId }] = await queryPrepared<{ recorded_id: string }[]>(
          this.db,
          sql`WITH ${rows}, ${Sql.numbered(recorded.cte, recorded.parameters)} SELECT ${Sql.raw(recorded.id)} AS recorded_id`,
        );
        await this.audit.committed(event, recordedId);
        return { caseId: dto.caseId, reference, receivedAt: receivedAt.toISOString() };
      } catch (e) {
        const taken = uniqueViolation(e);
        if (taken === 'reference' && attempt < 5) continue;
        if (taken === 'case') throw reporterError(ReporterErrorCode.CaseExists);
        if (taken === 'lookupToken') throw reporterError(ReporterErrorCode.LookupTokenInUse);
        if (taken === 'item') throw reporterError(ReporterErrorCode.ItemExists);
        throw e;
      }
    }
  }

  private budgets(organisationId: string | null): { bucket: RateBucket; limit: number }[] {
    const global = { bucket: 'submissions' as const, limit: this.config.submissionsPerWindow };
    return organisationId ? [global, { bucket: `submissions:${organisationId}`, limit: this.config.orgSubmissionsPerWindow }] : [global];
  }

  private checkItems(dto: Submission): void {
    const count = (kind: string) => dto.items.filter((i) => i.kind === kind).length;
    if (dto.items.some((i) => !['report', 'subject', 'identity', 'answers'].includes(i.kind))) throw reporterError(ReporterErrorCode.ItemKindNotAllowed);
    if (count('report') === 0) throw reporterError(ReporterErrorCode.ReportItemMissing);
    if (count('report') > 1) throw reporterError(ReporterErrorCode.TooManyReportItems);
    if (count('identity') > 1) throw reporterError(ReporterErrorCode.TooManyIdentityItems);
    // The answers name their version inside the ciphertext too; the server keeps which version was asked.
    if (count('answers') > 1) throw reporterError(ReporterErrorCode.TooManyAnswersItems);
    if (count('answers') === 1 && !dto.questionnaireId) throw reporterError(ReporterErrorCode.AnswersWithoutQuestionnaire);
    if (count('answers') === 0 && dto.questionnaireId) throw reporterError(ReporterErrorCode.QuestionnaireWithoutAnswers);
    if (count('subject') > SUBMISSION_LIMITS.subjects) throw reporterError(ReporterErrorCode.TooManySubjectItems);
    if (new Set(dto.items.map((i) => i.itemId)).size !== dto.items.length) throw reporterError(ReporterErrorCode.DuplicateItemId);
  }

  private checkGrants(dto: Submission, hasIdentity: boolean, grantees: Record<'shared' | 'identity' | 'concerned', string[]>): CaseKeyIds {
    const ofKind = (kind: string) => dto.grants.filter((g) => g.keyKind === kind);
    const [shared, identity, concerned] = [ofKind('shared'), ofKind('identity'), ofKind('concerned')];
    // A v1 client seals persons concerned under the shared key and sends no such grants; with them, every entry is under that key.
    const hasSubjects = dto.items.some((i) => i.kind === 'subject');
    if (new Set(dto.grants.map((g) => `${g.keyKind}/${g.grantee}`)).size !== dto.grants.length) throw reporterError(ReporterErrorCode.DuplicateGrant);
    if (!hasIdentity && identity.length > 0) throw reporterError(ReporterErrorCode.UnexpectedIdentityGrant);
    if (!hasSubjects && concerned.length > 0) throw reporterError(ReporterErrorCode.UnexpectedConcernedGrant);
    const grantedTo = (grants: GrantDto[]) => grants.map((g) => g.grantee);
    if (!sameSet(grantedTo(shared), grantees.shared)) throw reporterError(ReporterErrorCode.SharedGrantsMismatch);
    if (hasIdentity && !sameSet(grantedTo(identity), grantees.identity)) throw reporterError(ReporterErrorCode.IdentityGrantsMismatch);
    if (concerned.length > 0 && !sameSet(grantedTo(concerned), grantees.concerned)) throw reporterError(ReporterErrorCode.ConcernedGrantsMismatch);

    // One keyId per key kind across grants and items (CRYPTO.md "Keys").
    const sharedKeyId = shared[0].keyId;
    const identityKeyId = identity[0]?.keyId ?? null;
    const concernedKeyId = concerned[0]?.keyId ?? null;
    const kindOf = (kind: string) => (kind === 'identity' ? identityKeyId : kind === 'subject' && concernedKeyId ? concernedKeyId : sharedKeyId);
    const oneKeyId = (grants: GrantDto[], keyId: string | null) => grants.every((g) => g.keyId === keyId);
    if (!oneKeyId(shared, sharedKeyId) || !oneKeyId(identity, identityKeyId) || !oneKeyId(concerned, concernedKeyId))
      throw reporterError(ReporterErrorCode.KeyIdMismatch);
    // Each key kind is a key of its own: a persons-concerned or identity key that is the shared key would protect nothing.
    const keyIds = [sharedKeyId, identityKeyId, concernedKeyId].filter((k): k is string => k !== null);
    if (new Set(keyIds).size !== keyIds.length) throw reporterError(ReporterErrorCode.KeyIdMismatch);
    if (dto.items.some((i) => i.keyId !== kindOf(i.kind))) throw reporterError(ReporterErrorCode.KeyIdMismatch);

    return { sharedKeyId, identityKeyId, concernedKeyId };
  }
}
