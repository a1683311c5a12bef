import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditSink, BadRequestError, Clock, NotFoundError } from '@kanava/common';
import { CaseGrant, CaseItem, Disclosure } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { CasesService } from './cases.service';
import { RecordDisclosureDto } from './dto/disclosure.dto';
import { CaseErrorCode, caseError, CaseRuleErrorCode } from './errors';

/** How long after recording a disclosure its export may be made. */
const EXPORT_WINDOW_MS = 7 * 86_400_000;

/**
 * Disclosure outside the designated handlers (R20): recorded first, with its
 * consent or legal ground and the reporter's advance notice (or the recorded
 * reason for none); then the case is exported for it, decrypted only in the
 * handler's browser, and the export is logged against the disclosure.
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly cases: CasesService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async record(actor: StaffActor, caseId: string, dto: RecordDisclosureDto): Promise<{ id: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (dto.ground === 'consent' && !dto.consentItemId)
      throw new BadRequestError(
        CaseRuleErrorCode.ConsentRequired,
        "A disclosure on the reporter's consent names the reporter message that gives it (consentItemId).",
      );
    if (dto.ground !== 'consent' && dto.consentItemId)
      throw new BadRequestError(CaseRuleErrorCode.ConsentNotExpected, 'consentItemId goes with ground "consent" only.');
    if (!dto.noticeItemId === !dto.noticeSuppressed)
      throw new BadRequestError(
        CaseRuleErrorCode.NoticeRequired,
        'Tell the reporter in advance (noticeItemId: your message to them) or record why not (noticeSuppressed), one of the two.',
      );
    const item = async (id: string, kind: string) => this.db.getRepository(CaseItem).exists({ where: { id, caseId, kind } });
    if (dto.consentItemId) {
      const consent = await this.db.getRepository(CaseItem).findOne({ where: { id: dto.consentItemId, caseId } });
      if (!consent) throw new BadRequestError(CaseRuleErrorCode.ConsentItemInvalid, 'consentItemId is not a message from the reporter in this case.');
      // Invariant: consent is the reporter's own words, signed with the case's reporter key; a handler's
      // redaction (or a redacted version of the old kind) is the handler's, whatever it says.
      if (consent.kind !== 'message-reporter' || consent.authorKind !== 'reporter' || !consent.signerPublicKey.equals(c.reporterSignPublicKey))
        throw caseError(CaseErrorCode.ConsentNotByReporter);
    }
    if (dto.noticeItemId && !(await item(dto.noticeItemId, 'message-handler')))
      throw new BadRequestError(CaseRuleErrorCode.NoticeItemInvalid, 'noticeItemId is not a message to the reporter in this case.');
    if (dto.includesIdentity && !(await this.holds(actor, caseId, 'identity')))
      throw new BadRequestError(CaseRuleErrorCode.IdentityNotAccessible, "You hold no key to the reporter's identity; ask a custodian first.");
    // Persons concerned are protected like the reporter (R21): only a holder of their key discloses them.
    const concerned = dto.includesPersonsConcerned ?? false;
    if (concerned && c.concernedKeyId && !(await this.holds(actor, caseId, 'concerned')))
      throw new BadRequestError(
        CaseRuleErrorCode.PersonsConcernedNotAccessible,
        'You hold no key to the persons concerned of this case; ask a colleague who does.',
      );
    const id = randomUUID();
    await this.db.transaction(async (em) => {
      await em.getRepository(Disclosure).insert({
        id,
        caseId,
        ground: dto.ground,
        recipient: dto.recipient.trim(),
        includesIdentity: dto.includesIdentity,
        includesPersonsConcerned: concerned,
        consentItemId: dto.consentItemId ?? null,
        noticeItemId: dto.noticeItemId ?? null,
        noticeSuppressed: dto.noticeSuppressed ?? null,
        createdBy: actor.userId,
        createdAt: this.clock.now(),
      });
      // The recipient stays out of the log (free text); the ground and the notice do not.
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.disclosure_recorded',
        caseId,
        details: {
          disclosureId: id,
          ground: dto.ground,
          identity: dto.includesIdentity,
          personsConcerned: concerned,
          notice: dto.noticeItemId ? 'given' : dto.noticeSuppressed!,
        },
      });
    });
    return { id };
  }

  async list(actor: StaffActor, caseId: string) {
    await this.access.assertCaseAccess(actor, caseId, 'read');
    const rows = await this.db.getRepository(Disclosure).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return {
      disclosures: rows.map((d) => ({
        id: d.id,
        ground: d.ground,
        recipient: d.recipient,
        includesIdentity: d.includesIdentity,
        includesPersonsConcerned: d.includesPersonsConcerned,
        consentItemId: d.consentItemId,
        noticeItemId: d.noticeItemId,
        noticeSuppressed: d.noticeSuppressed,
        createdBy: d.createdBy,
        createdAt: d.createdAt.toISOString(),
      })),
    };
  }

  /**
   * The case content for an export under a disclosure this handler recorded in
   * the last seven days; identity only when the disclosure includes it.
   */
  async export(actor: StaffActor, caseId: string, disclosureId: string) {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    const d = await this.db.getRepository(Disclosure).findOne({ where: { id: disclosureId, caseId, createdBy: actor.userId } });
    if (!d || d.createdAt.getTime() + EXPORT_WINDOW_MS < this.clock.nowMs())
      throw new NotFoundError(CaseRuleErrorCode.DisclosureNotFound, 'No disclosure of yours for this case in the last seven days; record one first.');
    const content = await this.cases.content(actor, c, { identity: d.includesIdentity, concerned: d.includesPersonsConcerned });
    await this.audit.record(this.db.manager, {
      organisationId: c.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: 'handler' },
      action: 'case.exported',
      caseId,
      details: { disclosureId, identity: content.identityIncluded, personsConcerned: d.includesPersonsConcerned },
    });
    return {
      disclosure: {
        id: d.id,
        ground: d.ground,
        recipient: d.recipient,
        includesIdentity: d.includesIdentity,
        includesPersonsConcerned: d.includesPersonsConcerned,
      },
      case: content.view,
    };
  }

  private holds(actor: StaffActor, caseId: string, keyKind: 'identity' | 'concerned'): Promise<boolean> {
    return this.db.getRepository(CaseGrant).exists({ where: { caseId, granteeUserId: actor.userId, keyKind } });
  }
}
