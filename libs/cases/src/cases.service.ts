import { Injectable } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import { fromB64, toB64 } from '@kanava/crypto';
import { AuditSink, KanavaConfig } from '@kanava/common';
import { Case, CaseGrant, CaseItem, Category, Channel, feedbackDue, grantToWire, itemToWire } from '@kanava/database';
import { checkItem, itemEntity, ItemDto } from '@kanava/reporter';
import type { StaffActor } from '@kanava/staff';
import { CaseAccessService } from './case-access.service';
import { CaseErrorCode, caseError } from './errors';

export interface CaseSummary {
  id: string;
  reference: string;
  channelId: string;
  channelName: string;
  categoryId: string | null;
  categoryLabel: string | null;
  status: string;
  receivedAt: string;
  acknowledgementDueAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string;
  closedAt: string | null;
}

interface Cursor {
  receivedAt: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.receivedAt))) throw new Error('shape');
    return c;
  } catch {
    throw caseError(CaseErrorCode.InvalidCursor);
  }
}

/** The handler's side of a case: inbox metadata, ciphertext view and signed replies. */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
  ) {}

  /** Metadata only, newest first, keyset-paginated; the same access rule as assertCaseAccess. */
  async list(actor: StaffActor, limit = 50, cursor?: string): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
    await this.access.assertNoticeAccepted(actor);
    const qb = this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .innerJoin(CaseGrant, 'g', "g.case_id = c.id AND g.key_kind = 'shared' AND g.grantee_user_id = :uid AND (g.expires_at IS NULL OR g.expires_at > now())", {
        uid: actor.userId,
      })
      .leftJoin('channel_members', 'm', "m.channel_id = c.channel_id AND m.user_id = :uid AND m.role = 'handler'")
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
        'c.received_at AS "receivedAt"',
        'c.acknowledgement_due_at AS "acknowledgementDueAt"',
        'c.acknowledged_at AS "acknowledgedAt"',
        'c.feedback_due_at AS "feedbackDueAt"',
        'c.closed_at AS "closedAt"',
      ])
      .where('c.organisation_id = :org', { org: actor.organisationId })
      .andWhere('NOT (:uid = ANY(c.excluded_user_ids)) AND NOT (:uid = ANY(c.implicated_user_ids))')
      // The same rule as assertCaseAccess: a designated handler, or an expert with a live grant.
      .andWhere('(m.user_id IS NOT NULL OR g.expires_at IS NOT NULL)')
      .orderBy('c.received_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const c = decodeCursor(cursor);
      qb.andWhere('(c.received_at, c.id) < (:at, :cid)', { at: new Date(c.receivedAt), cid: c.id });
    }
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const page = rows.slice(0, limit).map((r) => ({
      id: r.id as string,
      reference: r.reference as string,
      channelId: r.channelId as string,
      channelName: r.channelName as string,
      categoryId: (r.categoryId as string | null) ?? null,
      categoryLabel: (r.categoryLabel as string | null) ?? null,
      status: r.status as string,
      receivedAt: (r.receivedAt as Date).toISOString(),
      acknowledgementDueAt: (r.acknowledgementDueAt as Date).toISOString(),
      acknowledgedAt: r.acknowledgedAt ? (r.acknowledgedAt as Date).toISOString() : null,
      feedbackDueAt: (r.feedbackDueAt as Date).toISOString(),
      closedAt: r.closedAt ? (r.closedAt as Date).toISOString() : null,
    }));
    const last = page[page.length - 1];
    return { cases: page, nextCursor: rows.length > limit && last ? encodeCursor({ receivedAt: last.receivedAt, id: last.id }) : null };
  }

  /** Ciphertext and the actor's own grants; identity items only to holders of an identity grant. */
  async view(actor: StaffActor, caseId: string) {
    const c = await this.access.assertCaseAccess(actor, caseId, 'read');
    const grants = (await this.db.getRepository(CaseGrant).find({ where: { caseId, granteeUserId: actor.userId }, order: { keyKind: 'ASC' } })).filter(
      (g) => !g.expiresAt || g.expiresAt > new Date(),
    );
    const hidden = grants.some((g) => g.keyKind === 'identity') ? [] : ['identity'];
    const items = await this.db.getRepository(CaseItem).find({
      where: { caseId, ...(hidden.length ? { kind: Not(In(hidden)) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const [channel, category] = await Promise.all([
      this.db.getRepository(Channel).findOneOrFail({ where: { id: c.channelId } }),
      c.categoryId ? this.db.getRepository(Category).findOne({ where: { id: c.categoryId } }) : null,
    ]);
    // Every fetch of a case's ciphertext is an access (R35), identity included or not.
    await this.audit.record(this.db.manager, {
      organisationId: c.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: 'handler' },
      action: 'case.viewed',
      caseId,
      details: { identity: hidden.length === 0 },
    });
    return {
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
      grants: grants.map(grantToWire),
      items: items.map((i) => ({ ...itemToWire(i), authorUserId: i.authorUserId })),
    };
  }

  /**
   * A reply the reporter will read, signed with the handler's own sign key. The
   * first reply is the acknowledgement (R6): it records the time and moves the
   * feedback deadline to three months after it (R7).
   */
  async reply(actor: StaffActor, caseId: string, item: ItemDto): Promise<{ itemId: string; createdAt: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (item.kind !== 'message-handler') throw caseError(CaseErrorCode.ItemKindNotAllowed);
    if (!c.sharedKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw caseError(CaseErrorCode.KeyIdMismatch);
    checkItem(item, caseId, actor.signPublicKey, this.config.maxItemBytes);
    return this.db.transaction(async (em) => {
      if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw caseError(CaseErrorCode.ItemExists);
      const saved = await em.save(itemEntity(em, caseId, item, { kind: 'handler', userId: actor.userId, signer: actor.signPublicKey }));
      if (!c.acknowledgedAt) {
        await em
          .createQueryBuilder()
          .update(Case)
          .set({ acknowledgedAt: saved.createdAt, feedbackDueAt: feedbackDue(c.receivedAt, saved.createdAt) })
          .where('id = :id AND acknowledged_at IS NULL', { id: caseId })
          .execute();
      }
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.message_added',
        caseId,
      });
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }
}
