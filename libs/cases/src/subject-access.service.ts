import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditSink, BadRequestError, Clock, ConflictError, NotFoundError } from '@kanava/common';
import { addMonths, Case, SubjectAccessDecision, SubjectAccessRequest } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { ExtendSubjectAccessDto, RegisterSubjectAccessDto, SubjectAccessDecisionDto } from './dto/subject-access.dto';
import { CaseRuleErrorCode } from './errors';

const DAY_MS = 86_400_000;
/** How far back a request may be dated when registered late. */
const MAX_AGE_DAYS = 365;

/**
 * Data subject access requests (R31, R32, GDPR 15 and 12(3), FI 1171/2022 31 §). The
 * server keeps the request's shape and deadline and the decision per case (codes);
 * who asks and what is released never reach it: the handler searches the cases they
 * can open in the browser and makes the answer there. Every step is audited without
 * content; decisions are shown only for cases the reader may open.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  private actorOf(actor: StaffActor) {
    return { kind: 'staff' as const, id: actor.userId, role: 'handler' };
  }

  async register(actor: StaffActor, dto: RegisterSubjectAccessDto) {
    await this.access.assertNoticeAccepted(actor);
    const now = this.clock.now();
    const receivedAt = new Date(dto.receivedAt);
    if (receivedAt > now) throw new BadRequestError(CaseRuleErrorCode.ReceivedInFuture, 'The date received cannot be in the future.');
    if (receivedAt.getTime() < now.getTime() - MAX_AGE_DAYS * DAY_MS) {
      throw new BadRequestError(CaseRuleErrorCode.ReceivedTooLongAgo, `A request received more than ${MAX_AGE_DAYS} days ago cannot be registered.`);
    }
    const request = this.db.getRepository(SubjectAccessRequest).create({
      id: randomUUID(),
      organisationId: actor.organisationId,
      registeredByUserId: actor.userId,
      requesterRole: dto.requesterRole,
      language: dto.language,
      receivedAt,
      // GDPR 12(3): without undue delay and within one month of receipt.
      dueAt: addMonths(receivedAt, 1),
      extensionReason: null,
      extendedAt: null,
      answeredAt: null,
    });
    await this.db.transaction(async (em) => {
      await em.save(request);
      await this.audit.record(em, {
        organisationId: actor.organisationId,
        actor: this.actorOf(actor),
        action: 'subject_access.registered',
        details: { request: request.id, role: dto.requesterRole },
      });
    });
    return this.view(actor, request.id);
  }

  async list(actor: StaffActor, status: 'open' | 'answered' = 'open') {
    await this.access.assertNoticeAccepted(actor);
    const rows = await this.db.getRepository(SubjectAccessRequest).find({
      where: { organisationId: actor.organisationId, answeredAt: status === 'open' ? IsNull() : Not(IsNull()) },
      order: { dueAt: 'ASC', id: 'ASC' },
      take: 200,
    });
    const now = this.clock.now();
    return { requests: rows.map((r) => this.summary(r, now)) };
  }

  /** The request and its decisions on the cases the reader may open (the others are not named). */
  async view(actor: StaffActor, requestId: string) {
    const request = await this.find(actor, requestId);
    const decisions = await this.db.getRepository(SubjectAccessDecision).find({ where: { requestId }, order: { decidedAt: 'ASC' } });
    const readable = decisions.length
      ? await this.access.readableCases(
          actor,
          decisions.map((d) => d.caseId),
        )
      : [];
    const references = new Map(readable.map((c) => [c.id, c.reference]));
    return {
      ...this.summary(request, this.clock.now()),
      decisions: decisions
        .filter((d) => references.has(d.caseId))
        .map((d) => ({
          caseId: d.caseId,
          reference: references.get(d.caseId)!,
          decision: d.decision,
          grounds: d.grounds,
          decidedAt: d.decidedAt.toISOString(),
        })),
    };
  }

  /** GDPR 12(3): once, before the month is out, by two further months, on a recorded ground. */
  async extend(actor: StaffActor, requestId: string, dto: ExtendSubjectAccessDto) {
    const request = await this.find(actor, requestId);
    this.assertOpen(request);
    if (request.extendedAt) throw new ConflictError(CaseRuleErrorCode.AlreadyExtended, 'The deadline was extended once already; it cannot be extended again.');
    const now = this.clock.now();
    if (now > request.dueAt)
      throw new ConflictError(CaseRuleErrorCode.ExtensionTooLate, 'The month has passed: the deadline can be extended only before it ends.');
    await this.db.transaction(async (em) => {
      await em.update(SubjectAccessRequest, { id: requestId }, { extensionReason: dto.reason, extendedAt: now, dueAt: addMonths(request.receivedAt, 3) });
      await this.audit.record(em, {
        organisationId: actor.organisationId,
        actor: this.actorOf(actor),
        action: 'subject_access.extended',
        details: { request: requestId, reason: dto.reason },
      });
    });
    return this.view(actor, requestId);
  }

  /** What the answer says of one case: released, partly withheld or withheld, with the grounds. */
  async decide(actor: StaffActor, requestId: string, caseId: string, dto: SubjectAccessDecisionDto) {
    const request = await this.find(actor, requestId);
    this.assertOpen(request);
    const c: Case = await this.access.assertCaseAccess(actor, caseId, 'reply');
    const grounds = dto.grounds ?? [];
    if (dto.decision === 'released' && grounds.length)
      throw new BadRequestError(CaseRuleErrorCode.GroundsWithoutWithholding, 'A released case has no withholding grounds.');
    if (dto.decision !== 'released' && !grounds.length) {
      throw new BadRequestError(CaseRuleErrorCode.GroundsRequired, 'Name the ground for withholding (FI 31 §, GDPR 23): the answer must state it.');
    }
    await this.db.transaction(async (em) => {
      await em.upsert(
        SubjectAccessDecision,
        { requestId, caseId, decision: dto.decision, grounds, decidedByUserId: actor.userId, decidedAt: this.clock.now() },
        ['requestId', 'caseId'],
      );
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: this.actorOf(actor),
        action: 'subject_access.case_decided',
        caseId,
        details: { request: requestId, decision: dto.decision, grounds: grounds.join(',') },
      });
    });
    return this.view(actor, requestId);
  }

  /** The answer was given (made in the browser and sent to the requester); the request is closed. */
  async answered(actor: StaffActor, requestId: string) {
    const request = await this.find(actor, requestId);
    this.assertOpen(request);
    const decisions = await this.db.getRepository(SubjectAccessDecision).count({ where: { requestId } });
    await this.db.transaction(async (em) => {
      const result = await em.update(SubjectAccessRequest, { id: requestId, answeredAt: IsNull() }, { answeredAt: this.clock.now() });
      if (!result.affected) throw new ConflictError(CaseRuleErrorCode.AlreadyAnswered, 'The request was answered already.');
      await this.audit.record(em, {
        organisationId: actor.organisationId,
        actor: this.actorOf(actor),
        action: 'subject_access.answered',
        details: { request: requestId, cases: decisions },
      });
    });
    return this.view(actor, requestId);
  }

  private async find(actor: StaffActor, requestId: string): Promise<SubjectAccessRequest> {
    await this.access.assertNoticeAccepted(actor);
    const request = await this.db.getRepository(SubjectAccessRequest).findOne({ where: { id: requestId, organisationId: actor.organisationId } });
    if (!request) throw new NotFoundError(CaseRuleErrorCode.RequestNotFound, 'No such subject access request.');
    return request;
  }

  private assertOpen(request: SubjectAccessRequest): void {
    if (request.answeredAt)
      throw new ConflictError(CaseRuleErrorCode.AlreadyAnswered, 'The request was answered already; register a new one for a new request.');
  }

  private summary(r: SubjectAccessRequest, now: Date) {
    return {
      id: r.id,
      requesterRole: r.requesterRole,
      language: r.language,
      receivedAt: r.receivedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      overdue: !r.answeredAt && r.dueAt < now,
      extension: r.extendedAt ? { reason: r.extensionReason, extendedAt: r.extendedAt.toISOString() } : null,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      registeredByUserId: r.registeredByUserId,
    };
  }
}
