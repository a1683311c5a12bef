import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { fromB64, isB64, toB64 } from '@kanava/crypto';
import { AuditSink, KanavaConfig, RateLimitedError } from '@kanava/common';
import { Attachment, attachmentToWire, Case, CaseGrant, CaseItem, grantToWire, itemToWire } from '@kanava/database';
import { ItemDto } from '../dto/wire.dto';
import { ReporterErrorCode, reporterError } from '../errors';
import { RateLimitService } from './rate-limit.service';
import { checkItem, itemEntity, sha256 } from './submission.service';

/** Item kinds a reporter may read (never notes; attachment items come with their attachment). */
const REPORTER_VISIBLE_KINDS = ['report', 'subject', 'identity', 'message-reporter', 'message-handler'];

/** Everything a reporter does later with only the case secret's lookup token. */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly limits: RateLimitService,
  ) {}

  /**
   * The case for a bearer token. Every failure is the same 401, after the same
   * single indexed lookup, so a wrong token and an unknown one look alike.
   */
  async authenticate(authorization: string | undefined): Promise<Case> {
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
    const token = match && isB64(match[1], 32) ? fromB64(match[1], 32) : new Uint8Array(32);
    // One budget of wrong secrets for everybody (a wrong secret names no organisation, and no
    // client is identified): once spent, every attempt waits, so guessing gains nothing.
    const budget = [{ bucket: 'follow-up-failures' as const, limit: this.config.failedFollowUpsPerWindow }];
    await this.limits.check(budget);
    const found = await this.db.getRepository(Case).findOne({ where: { lookupTokenHash: sha256(token) } });
    if (!found || !match) {
      await this.limits.consume(budget).catch((e: unknown) => {
        if (!(e instanceof RateLimitedError)) throw e;
      });
      throw reporterError(ReporterErrorCode.InvalidCaseSecret);
    }
    return found;
  }

  async view(c: Case) {
    const [grants, items, attachments] = await Promise.all([
      this.db.getRepository(CaseGrant).find({ where: { caseId: c.id, grantee: 'reporter' }, order: { keyKind: 'ASC' } }),
      this.db.getRepository(CaseItem).find({ where: { caseId: c.id, kind: In(REPORTER_VISIBLE_KINDS) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      // Complete attachments, and the reporter's own unfinished uploads (to resume them).
      this.db.getRepository(Attachment).find({
        where: [
          { caseId: c.id, complete: true },
          { caseId: c.id, authorKind: 'reporter' },
        ],
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    await this.audit.record(this.db.manager, { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.case_viewed', caseId: c.id });
    return {
      caseId: c.id,
      reference: c.reference,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
      feedbackDueAt: c.feedbackDueAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      reporterSignPublicKey: toB64(c.reporterSignPublicKey),
      grants: grants.map((g) => {
        const { signedBy: _signedBy, ...wire } = grantToWire(g);
        return wire;
      }),
      items: items.map(itemToWire),
      attachments: attachments.map(attachmentToWire),
    };
  }

  async addMessage(c: Case, item: ItemDto): Promise<{ itemId: string; createdAt: string }> {
    if (item.kind !== 'message-reporter') throw reporterError(ReporterErrorCode.ItemKindNotAllowed);
    if (!c.sharedKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw reporterError(ReporterErrorCode.KeyIdMismatch);
    checkItem(item, c.id, c.reporterSignPublicKey, this.config.maxItemBytes);
    return this.db.transaction(async (em) => {
      if (await em.exists(CaseItem, { where: { id: item.itemId } })) throw reporterError(ReporterErrorCode.ItemExists);
      const saved = await em.save(itemEntity(em, c.id, item, { kind: 'reporter', userId: null, signer: c.reporterSignPublicKey }));
      await this.audit.record(em, { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.message_added', caseId: c.id });
      return { itemId: saved.id, createdAt: saved.createdAt.toISOString() };
    });
  }
}
