import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditSink, BadRequestError, ConflictError, KanavaConfig, NotFoundError } from '@kanava/common';
import { Case, CaseGrant, CaseItem, Organisation, SPECIAL_DATA } from '@kanava/database';
import { checkItem, itemEntity, ItemDto } from '@kanava/protocol';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { InternalGrantDto, SpecialDataDto } from './dto/content.dto';
import { CaseErrorCode, caseError, CaseRuleErrorCode } from './errors';
import { verifyStaffGrant } from './staff-grants';

/**
 * Kinds a handler may replace with a redacted version (a `redaction` too: re-redacted,
 * it is replaced by a new one), and kinds that can be removed outright.
 */
const REDACTABLE = ['report', 'subject', 'message-reporter', 'message-handler', 'redaction'];
const REMOVABLE = ['subject', 'identity'];

/**
 * What handlers write besides replies: internal notes under the internal case key
 * (never readable by the reporter), and the removal of manifestly irrelevant
 * personal data (R23): the ciphertext is destroyed, the log says that it happened.
 */
@Injectable()
export class CaseContentService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
  ) {}

  private actorOf(actor: StaffActor) {
    return { kind: 'staff' as const, id: actor.userId, role: 'handler' };
  }

  /**
   * Accepts the case's one internal key: sealed by its creator to every handler who
   * holds the case (themselves included) and to the organisation's recovery key.
   */
  async createInternalKey(actor: StaffActor, caseId: string, grants: InternalGrantDto[]): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (c.internalKeyId)
      throw new ConflictError(CaseRuleErrorCode.InternalKeyExists, 'The case has its internal key already; ask a colleague who holds it to share it.');
    const holders = (await this.db.query(
      `SELECT g.grantee FROM case_grants g JOIN staff_users u ON u.id = g.grantee_user_id
        JOIN channel_members m ON m.user_id = u.id AND m.channel_id = $2 AND m.role = 'handler'
        WHERE g.case_id = $1 AND g.key_kind = 'shared' AND u.active AND g.expires_at IS NULL`,
      [caseId, c.channelId],
    )) as { grantee: string }[];
    const org = await this.db.getRepository(Organisation).findOneByOrFail({ id: c.organisationId });
    const expected = [...holders.map((h) => h.grantee), ...(org.recoveryPublicKey ? ['recovery'] : [])].sort();
    const keyId = grants[0]?.keyId;
    const ok =
      grants
        .map((g) => g.grantee)
        .sort()
        .join() === expected.join() && grants.every((g) => g.keyId === keyId && fromB64(g.sealed).length === 80);
    if (!ok) {
      throw new BadRequestError(
        CaseRuleErrorCode.InternalGrantsMismatch,
        'Seal the internal key, under one key id, to exactly every handler who holds the case and to recovery (if set).',
      );
    }
    for (const g of grants) verifyStaffGrant(g, caseId, actor.signPublicKey);
    await this.db.transaction(async (em) => {
      // Invariant: exactly one internal key id per case, even when two handlers race.
      const result = await em.query('UPDATE cases SET internal_key_id = $2 WHERE id = $1 AND internal_key_id IS NULL', [
        caseId,
        Buffer.from(fromB64(keyId, 16)),
      ]);
      if (!(result as [unknown, number])[1]) throw new ConflictError(CaseRuleErrorCode.InternalKeyExists, 'The case has its internal key already.');
      await em.getRepository(CaseGrant).insert(
        grants.map((g) => ({
          id: randomUUID(),
          caseId,
          keyKind: 'internal' as const,
          grantee: g.grantee,
          granteeUserId: g.grantee.startsWith('user:') ? g.grantee.slice(5) : null,
          keyId: Buffer.from(fromB64(g.keyId, 16)),
          sealed: Buffer.from(fromB64(g.sealed)),
          signature: Buffer.from(fromB64(g.signature, 64)),
          signedBy: `user:${actor.userId}`,
        })),
      );
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: this.actorOf(actor),
        action: 'case.internal_key_created',
        caseId,
        details: { grants: grants.length },
      });
    });
  }

  async addNote(actor: StaffActor, caseId: string, item: ItemDto): Promise<{ itemId: string; createdAt: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    this.checkNote(c, actor, item);
    return this.db.transaction(async (em) => {
      const saved = await this.insertNote(em, c, actor, item);
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }

  /**
   * Sets or clears the special-category / criminal-offence flag (R34). A flag needs
   * its necessity note, stored in the same transaction, so a flagged case always
   * says why; the log records the categories, never the note.
   */
  async setSpecialData(actor: StaffActor, caseId: string, dto: SpecialDataDto): Promise<{ categories: string[]; necessityNoteId: string | null }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    const flagged = dto.categories.length > 0;
    if (flagged && !dto.note) {
      throw new BadRequestError(
        CaseRuleErrorCode.NecessityNoteRequired,
        'Flagging special-category or criminal-offence data needs a note on why processing them is necessary.',
      );
    }
    if (!flagged && dto.note)
      throw new BadRequestError(CaseRuleErrorCode.NecessityNoteWithoutFlag, 'A necessity note goes with a flag; send the categories the case holds.');
    if (dto.note) this.checkNote(c, actor, dto.note);
    return this.db.transaction(async (em) => {
      if (dto.note) await this.insertNote(em, c, actor, dto.note);
      const categories = SPECIAL_DATA.filter((k) => dto.categories.includes(k));
      await em.update(Case, { id: caseId }, { specialData: categories, specialDataNoteId: dto.note?.itemId ?? null });
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: this.actorOf(actor),
        action: flagged ? 'case.special_data_flagged' : 'case.special_data_cleared',
        caseId,
        details: { categories: categories.join(',') },
      });
      return { categories, necessityNoteId: dto.note?.itemId ?? null };
    });
  }

  /** A note is of kind `note`, under the case's internal key, signed by its author. */
  private checkNote(c: Case, actor: StaffActor, item: ItemDto): void {
    if (item.kind !== 'note') throw caseError(CaseErrorCode.ItemKindNotAllowed);
    if (!c.internalKeyId) throw new BadRequestError(CaseRuleErrorCode.InternalKeyMissing, 'Create the case internal key first (POST …/internal-key).');
    if (!c.internalKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw caseError(CaseErrorCode.KeyIdMismatch);
    checkItem(item, c.id, actor.signPublicKey, this.config.maxItemBytes);
  }

  private async insertNote(em: EntityManager, c: Case, actor: StaffActor, item: ItemDto): Promise<CaseItem> {
    if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw caseError(CaseErrorCode.ItemExists);
    const saved = await em.save(itemEntity(em, c.id, item, { kind: 'handler', userId: actor.userId, signer: actor.signPublicKey }));
    await this.audit.record(em, { organisationId: c.organisationId, actor: this.actorOf(actor), action: 'case.note_added', caseId: c.id });
    return saved;
  }

  /**
   * Removes a persons-concerned entry outright (R23), or the reporter's identity
   * once it is no longer necessary (R24): the ciphertext is destroyed. Identity can
   * be removed only by a handler who holds its key; every identity grant and open
   * identity request goes with it, so nobody can ask for or open it again.
   */
  async removeItem(actor: StaffActor, caseId: string, itemId: string): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    await this.db.transaction(async (em) => {
      const item = await em.findOne(CaseItem, { where: { id: itemId, caseId } });
      // Without the identity key (or the persons-concerned key) a handler does not see such an item: it answers as missing.
      if (!item || !(await this.mayTouch(em, actor, c, item))) throw new NotFoundError(CaseRuleErrorCode.ItemNotFound, 'No such item in this case.');
      if (!REMOVABLE.includes(item.kind))
        throw new BadRequestError(
          CaseRuleErrorCode.ItemNotRemovable,
          "Only persons-concerned entries and the reporter's identity are removed outright; redact reports and messages instead.",
        );
      await em.delete(CaseItem, { id: itemId });
      if (item.kind === 'identity') {
        await em.delete(CaseGrant, { caseId, keyKind: 'identity' });
        await em.query("DELETE FROM identity_requests WHERE case_id = $1 AND status = 'pending'", [caseId]);
        await em.query('UPDATE cases SET identity_key_id = NULL WHERE id = $1', [caseId]);
      }
      // The log keeps that an entry was removed, never what it said.
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: this.actorOf(actor),
        action: 'case.personal_data_removed',
        caseId,
        details: { kind: item.kind },
      });
    });
  }

  /** Whether the actor holds the key an item is under, where that key is not every holder's (identity, persons concerned). */
  private async mayTouch(em: EntityManager, actor: StaffActor, c: Case, item: CaseItem): Promise<boolean> {
    const holds = (keyKind: 'identity' | 'concerned') => em.exists(CaseGrant, { where: { caseId: c.id, granteeUserId: actor.userId, keyKind } });
    if (item.kind === 'identity') return holds('identity');
    if (c.concernedKeyId && item.keyId.equals(c.concernedKeyId)) return holds('concerned');
    return true;
  }

  /**
   * Replaces an item with a redaction made in the client; the original ciphertext is
   * destroyed. Invariant: the redacted version is an item of kind `redaction`, signed by
   * the redacting handler, never one of the original's kind, so nobody can make the
   * reporter appear to have written it (a forged consent) and the report's list of
   * handler sign keys, which the portal trusts replies by, cannot be replaced. It takes
   * the original's place in the case (its createdAt); when it was made is in its value
   * and in the log.
   */
  async redactItem(actor: StaffActor, caseId: string, itemId: string, replacement: ItemDto): Promise<{ itemId: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (replacement.kind !== 'redaction') throw caseError(CaseErrorCode.RedactionKindRequired);
    checkItem(replacement, caseId, actor.signPublicKey, this.config.maxItemBytes);
    return this.db.transaction(async (em) => {
      const item = await em.findOne(CaseItem, { where: { id: itemId, caseId } });
      if (!item || !(await this.mayTouch(em, actor, c, item))) throw new NotFoundError(CaseRuleErrorCode.ItemNotFound, 'No such item in this case.');
      // A redacted persons-concerned entry stays under their key (R21); everything else is redacted under the shared key.
      const keyId = c.concernedKeyId && item.keyId.equals(c.concernedKeyId) ? c.concernedKeyId : c.sharedKeyId;
      if (!keyId.equals(Buffer.from(fromB64(replacement.keyId, 16)))) throw caseError(CaseErrorCode.KeyIdMismatch);
      if (!REDACTABLE.includes(item.kind))
        throw new BadRequestError(CaseRuleErrorCode.ItemNotRedactable, 'Only reports, persons-concerned entries and messages are redacted here.');
      if (await em.exists(CaseItem, { where: { id: replacement.itemId } })) throw caseError(CaseErrorCode.ItemExists);
      await em.delete(CaseItem, { id: itemId });
      const redaction = itemEntity(em, caseId, replacement, { kind: 'handler', userId: actor.userId, signer: actor.signPublicKey });
      redaction.createdAt = item.createdAt;
      await em.save(redaction);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: this.actorOf(actor),
        action: 'case.item_redacted',
        caseId,
        details: { kind: item.kind },
      });
      return { itemId: replacement.itemId };
    });
  }
}
