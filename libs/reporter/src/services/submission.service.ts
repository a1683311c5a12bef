import { Injectable } from '@nestjs/common';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoError, fromB64, verifyGrant, verifyItem, WireGrant, WireItem } from '@kanava/crypto';
import { AuditSink, Clock, KanavaConfig } from '@kanava/common';
import { acknowledgementDue, Case, CaseGrant, CaseItem, Category, Channel, feedbackDue, Organisation, subjectInformedDue } from '@kanava/database';
import { GrantDto, ItemDto } from '../dto/wire.dto';
import { SUBMISSION_LIMITS, SubmitReportDto } from '../dto/submit-report.dto';
import { ReporterErrorCode, reporterError } from '../errors';
import { ChallengeService } from './challenge.service';
import { DirectoryService } from './directory.service';
import { RateBucket, RateLimitService } from './rate-limit.service';

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const AEAD_TAG = 16;
const PAD_BLOCK = 512;

export function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** An 8-symbol reference like "K7QX-4M2P": random, so it reveals nothing about volume. */
function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REFERENCE_ALPHABET[randomInt(32)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * Checks an item's size and signature. Throws the reporter error codes of API.md.
 * Shared by submission and follow-up; the server never decrypts.
 */
export function checkItem(item: ItemDto, caseId: string, signer: Uint8Array, maxItemBytes: number): void {
  const ciphertext = fromB64(item.ciphertext);
  if (ciphertext.length > maxItemBytes) throw reporterError(ReporterErrorCode.ItemTooLarge);
  // Invariant: item plaintext is padded to 512-byte blocks, so sizes leak only coarse lengths.
  if (ciphertext.length < AEAD_TAG + PAD_BLOCK || (ciphertext.length - AEAD_TAG) % PAD_BLOCK !== 0) throw reporterError(ReporterErrorCode.InvalidItemSize);
  try {
    verifyItem(item as WireItem, caseId, signer);
  } catch (e) {
    if (e instanceof CryptoError) throw reporterError(ReporterErrorCode.BadItemSignature);
    throw e;
  }
}

export function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return sa.size === a.length && a.length === b.length && b.every((x) => sa.has(x));
}

export function itemEntity(
  em: EntityManager,
  caseId: string,
  item: ItemDto,
  author: { kind: 'reporter' | 'handler'; userId: string | null; signer: Uint8Array },
): CaseItem {
  return em.create(CaseItem, {
    id: item.itemId,
    caseId,
    kind: item.kind,
    keyId: Buffer.from(fromB64(item.keyId, 16)),
    nonce: Buffer.from(fromB64(item.nonce, 24)),
    ciphertext: Buffer.from(fromB64(item.ciphertext)),
    signature: Buffer.from(fromB64(item.signature, 64)),
    authorKind: author.kind,
    authorUserId: author.userId,
    signerPublicKey: Buffer.from(author.signer),
  });
}

/** Accepts a new report: every rule of API.md "Submit", all or nothing. */
@Injectable()
export class SubmissionService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly challenges: ChallengeService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditSink,
    private readonly limits: RateLimitService,
    private readonly clock: Clock,
  ) {}

  async submit(dto: SubmitReportDto): Promise<{ caseId: string; reference: string; receivedAt: string }> {
    // Budgets shared by everybody (never keyed on the client) are checked before the proof is spent.
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: dto.channelId } });
    await this.limits.check(this.budgets(channel?.organisationId ?? null));
    // A solved proof buys exactly one attempt: it is spent before anything else is checked.
    await this.challenges.spend(this.db.manager, dto.proof.challengeId, dto.proof.nonce);
    if (!channel) throw reporterError(ReporterErrorCode.UnknownChannel);

    const reporterKey = fromB64(dto.reporterSignPublicKey, 32);
    const lookupTokenHash = sha256(fromB64(dto.lookupToken, 32));
    this.checkItems(dto);

    // Taken before the transaction, not in it (see RateLimitService.consume); a report that fails gives it back.
    const units = await this.limits.consume(this.budgets(channel.organisationId));
    try {
      return await this.store(dto, channel, reporterKey, lookupTokenHash);
    } catch (e) {
      await this.limits.refund(units).catch(() => undefined);
      throw e;
    }
  }

  /** Every rule that needs the database, then the case, its items, grants and audit event: all or nothing. */
  private store(
    dto: SubmitReportDto,
    channel: Channel,
    reporterKey: Uint8Array,
    lookupTokenHash: Buffer,
  ): Promise<{ caseId: string; reference: string; receivedAt: string }> {
    return this.db.transaction(async (em) => {
      if (dto.categoryId && !(await em.exists(Category, { where: { id: dto.categoryId, channelId: channel.id } }))) {
        throw reporterError(ReporterErrorCode.UnknownCategory);
      }
      const org = await em.findOneOrFail(Organisation, { where: { id: channel.organisationId } });
      const [taken]: { caseId: boolean; token: boolean; item: boolean }[] = await em.query(
        `SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1) AS "caseId",
                EXISTS (SELECT 1 FROM cases WHERE lookup_token_hash = $2) AS token,
                EXISTS (SELECT 1 FROM case_items WHERE id = ANY($3::uuid[])) AS item`,
        [dto.caseId, lookupTokenHash, dto.items.map((i) => i.itemId)],
      );
      if (taken.caseId) throw reporterError(ReporterErrorCode.CaseExists);
      if (taken.token) throw reporterError(ReporterErrorCode.LookupTokenInUse);
      if (taken.item) throw reporterError(ReporterErrorCode.ItemExists);

      const hasIdentity = dto.items.some((i) => i.kind === 'identity');
      if (!channel.allowAnonymous && !hasIdentity) throw reporterError(ReporterErrorCode.IdentityRequired);

      const { handlers, custodians } = await this.directory.recipients(em, channel.id);
      const excluded = dto.excludedUserIds ?? [];
      if (excluded.length > 0) {
        if (!channel.exclusionEnabled) throw reporterError(ReporterErrorCode.ExclusionNotAllowed);
        const handlerIds = new Set(handlers.map((h) => h.userId));
        if (excluded.some((id) => !handlerIds.has(id))) throw reporterError(ReporterErrorCode.ExclusionUnknownHandler);
        if (excluded.length >= handlers.length) throw reporterError(ReporterErrorCode.ExclusionExcludesAll);
      }
      if (handlers.length === 0) throw reporterError(ReporterErrorCode.NoRecipients);

      const recovery = org.recoveryPublicKey ? ['recovery'] : [];
      const sharedGrantees = ['reporter', ...recovery, ...handlers.filter((h) => !excluded.includes(h.userId)).map((h) => `user:${h.userId}`)];
      const identityGrantees = ['reporter', ...recovery, ...custodians.map((c) => `user:${c.userId}`)];
      const { sharedKeyId, identityKeyId } = this.checkGrants(dto, reporterKey, hasIdentity, sharedGrantees, identityGrantees);

      // Item signatures last: they are the most expensive check.
      for (const item of dto.items) checkItem(item, dto.caseId, reporterKey, this.config.maxItemBytes);

      const receivedAt = this.clock.now();
      let reference = newReference();
      while (await em.exists(Case, { where: { organisationId: org.id, reference } })) reference = newReference();
      await em.insert(Case, {
        id: dto.caseId,
        organisationId: org.id,
        channelId: channel.id,
        categoryId: dto.categoryId ?? null,
        reference,
        lookupTokenHash,
        reporterSignPublicKey: Buffer.from(reporterKey),
        status: 'received',
        excludedUserIds: excluded,
        sharedKeyId: Buffer.from(fromB64(sharedKeyId, 16)),
        identityKeyId: identityKeyId ? Buffer.from(fromB64(identityKeyId, 16)) : null,
        receivedAt,
        acknowledgementDueAt: acknowledgementDue(receivedAt),
        feedbackDueAt: feedbackDue(receivedAt, null),
        nextDueAt: acknowledgementDue(receivedAt),
        subjectInformedDueAt: subjectInformedDue(receivedAt),
      });
      // Plain multi-row inserts: the ids are new (checked above), so save()'s lookup per row is not needed.
      await em.insert(
        CaseItem,
        dto.items.map((item) => ({ ...itemEntity(em, dto.caseId, item, { kind: 'reporter', userId: null, signer: reporterKey }), createdAt: receivedAt })),
      );
      await em.insert(
        CaseGrant,
        dto.grants.map((grant) => grantEntity(em, dto.caseId, grant, 'reporter')),
      );
      await this.audit.record(em, {
        organisationId: org.id,
        actor: { kind: 'reporter' },
        action: 'report.submitted',
        caseId: dto.caseId,
        details: { items: dto.items.length, grants: dto.grants.length, excluded: excluded.length },
      });
      return { caseId: dto.caseId, reference, receivedAt: receivedAt.toISOString() };
    });
  }

  private budgets(organisationId: string | null): { bucket: RateBucket; limit: number }[] {
    const global = { bucket: 'submissions' as const, limit: this.config.submissionsPerWindow };
    return organisationId ? [global, { bucket: `submissions:${organisationId}`, limit: this.config.orgSubmissionsPerWindow }] : [global];
  }

  private checkItems(dto: SubmitReportDto): void {
    const count = (kind: string) => dto.items.filter((i) => i.kind === kind).length;
    if (dto.items.some((i) => !['report', 'subject', 'identity'].includes(i.kind))) throw reporterError(ReporterErrorCode.ItemKindNotAllowed);
    if (count('report') === 0) throw reporterError(ReporterErrorCode.ReportItemMissing);
    if (count('report') > 1) throw reporterError(ReporterErrorCode.TooManyReportItems);
    if (count('identity') > 1) throw reporterError(ReporterErrorCode.TooManyIdentityItems);
    if (count('subject') > SUBMISSION_LIMITS.subjects) throw reporterError(ReporterErrorCode.TooManySubjectItems);
    if (new Set(dto.items.map((i) => i.itemId)).size !== dto.items.length) throw reporterError(ReporterErrorCode.DuplicateItemId);
  }

  private checkGrants(
    dto: SubmitReportDto,
    reporterKey: Uint8Array,
    hasIdentity: boolean,
    sharedGrantees: string[],
    identityGrantees: string[],
  ): { sharedKeyId: string; identityKeyId: string | null } {
    const shared = dto.grants.filter((g) => g.keyKind === 'shared');
    const identity = dto.grants.filter((g) => g.keyKind === 'identity');
    if (new Set(dto.grants.map((g) => `${g.keyKind}/${g.grantee}`)).size !== dto.grants.length) throw reporterError(ReporterErrorCode.DuplicateGrant);
    if (!hasIdentity && identity.length > 0) throw reporterError(ReporterErrorCode.UnexpectedIdentityGrant);
    if (
      !sameSet(
        shared.map((g) => g.grantee),
        sharedGrantees,
      )
    )
      throw reporterError(ReporterErrorCode.SharedGrantsMismatch);
    if (
      hasIdentity &&
      !sameSet(
        identity.map((g) => g.grantee),
        identityGrantees,
      )
    )
      throw reporterError(ReporterErrorCode.IdentityGrantsMismatch);

    // One keyId per key kind across grants and items (CRYPTO.md "Keys").
    const sharedKeyId = shared[0].keyId;
    const identityKeyId = identity[0]?.keyId ?? null;
    const kindOf = (kind: string) => (kind === 'identity' ? identityKeyId : sharedKeyId);
    if (shared.some((g) => g.keyId !== sharedKeyId) || identity.some((g) => g.keyId !== identityKeyId)) throw reporterError(ReporterErrorCode.KeyIdMismatch);
    if (dto.items.some((i) => i.keyId !== kindOf(i.kind))) throw reporterError(ReporterErrorCode.KeyIdMismatch);

    checkGrantSeals(dto.grants, dto.caseId, reporterKey);
    return { sharedKeyId, identityKeyId };
  }
}

/** Each sealed key has its grantee's length (CRYPTO.md) and each grant verifies with the reporter's key. */
export function checkGrantSeals(grants: GrantDto[], caseId: string, reporterKey: Uint8Array): void {
  for (const grant of grants) {
    const expected = grant.grantee === 'reporter' ? 72 : 80;
    if (fromB64(grant.sealed).length !== expected) throw reporterError(ReporterErrorCode.BadGrantLength);
    try {
      verifyGrant(grant as WireGrant, caseId, reporterKey);
    } catch (e) {
      if (e instanceof CryptoError) throw reporterError(ReporterErrorCode.BadGrantSignature);
      throw e;
    }
  }
}

export function grantEntity(em: EntityManager, caseId: string, grant: GrantDto, signedBy: string): CaseGrant {
  return em.create(CaseGrant, {
    id: randomUUID(),
    caseId,
    keyKind: grant.keyKind,
    grantee: grant.grantee,
    granteeUserId: grant.grantee.startsWith('user:') ? grant.grantee.slice(5) : null,
    keyId: Buffer.from(fromB64(grant.keyId, 16)),
    sealed: Buffer.from(fromB64(grant.sealed)),
    signature: Buffer.from(fromB64(grant.signature, 64)),
    signedBy,
  });
}
