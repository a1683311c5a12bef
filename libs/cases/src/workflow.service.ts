import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditSink, BadRequestError, Clock, ConflictError } from '@kanava/common';
import { Case, CaseStatus } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { acknowledgeOnce, nextDue } from './deadlines';
import { StatusChangeDto, SubjectInformedDto } from './dto/workflow.dto';
import { CaseRuleErrorCode } from './errors';

/** The allowed moves (ISO 37002 8.2–8.5); a closed case can be reopened into investigation. */
const MOVES: Record<CaseStatus, CaseStatus[]> = {
  received: ['triaged'],
  triaged: ['investigating', 'concluded'],
  investigating: ['concluded'],
  concluded: ['closed', 'investigating'],
  closed: ['investigating'],
};

/** Case status, triage, conclusion, closure and the acknowledgement, with their deadlines. */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** Records the acknowledgement (R6) without a message, e.g. when it was sent another way. */
  async acknowledge(actor: StaffActor, caseId: string): Promise<{ acknowledgedAt: string; feedbackDueAt: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      if (!(await acknowledgeOnce(em, c, now))) throw new ConflictError(CaseRuleErrorCode.AlreadyAcknowledged, 'The case was acknowledged already.');
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.acknowledged',
        caseId,
      });
      const updated = await em.findOneByOrFail(Case, { id: caseId });
      return { acknowledgedAt: updated.acknowledgedAt!.toISOString(), feedbackDueAt: updated.feedbackDueAt.toISOString() };
    });
  }

  /** GDPR 14 (R33): records that the persons concerned were informed, or the ground for deferring it. */
  async subjectInformed(actor: StaffActor, caseId: string, dto: SubjectInformedDto): Promise<{ subjectInformedAt: string | null; deferral: string | null }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (!!dto.informed === !!dto.deferral)
      throw new BadRequestError(CaseRuleErrorCode.InformedOrDeferral, 'Send either {informed: true} or {deferral: <ground>}.');
    const patch = dto.informed ? { subjectInformedAt: this.clock.now(), subjectInformedDeferral: null } : { subjectInformedDeferral: dto.deferral! };
    await this.db.transaction(async (em) => {
      await em.update(Case, { id: caseId }, patch);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: dto.informed ? 'case.subject_informed' : 'case.subject_information_deferred',
        caseId,
        details: dto.deferral ? { ground: dto.deferral } : {},
      });
    });
    const updated = await this.db.getRepository(Case).findOneByOrFail({ id: caseId });
    return { subjectInformedAt: updated.subjectInformedAt?.toISOString() ?? null, deferral: updated.subjectInformedDeferral };
  }

  async changeStatus(actor: StaffActor, caseId: string, dto: StatusChangeDto): Promise<{ status: CaseStatus; nextDueAt: string | null }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (!MOVES[c.status].includes(dto.status)) {
      throw new ConflictError(CaseRuleErrorCode.InvalidTransition, `A ${c.status} case can move to: ${MOVES[c.status].join(', ')}.`);
    }
    const now = this.clock.now();
    const patch: Partial<Case> = { status: dto.status };
    if (dto.status === 'triaged') {
      if (!dto.triage) throw new BadRequestError(CaseRuleErrorCode.TriageRequired, 'Record priority, relevance and retaliation risk to triage the case.');
      Object.assign(patch, { ...dto.triage, triagedAt: now });
    }
    if (dto.status === 'concluded') {
      if (!dto.conclusion) throw new BadRequestError(CaseRuleErrorCode.OutcomeRequired, 'Record the outcome to conclude the case.');
      Object.assign(patch, { outcome: dto.conclusion.outcome, concludedAt: now });
    }
    if (dto.status === 'closed') {
      if (!dto.closure) throw new BadRequestError(CaseRuleErrorCode.FeedbackRequired, 'Confirm that the reporter was given feedback before closing.');
      if (!c.acknowledgedAt) throw new BadRequestError(CaseRuleErrorCode.NotAcknowledged, 'Acknowledge the report before closing the case.');
      const followUpAt = dto.closure.followUpAt ? new Date(dto.closure.followUpAt) : null;
      if (followUpAt && followUpAt <= now)
        throw new BadRequestError(CaseRuleErrorCode.FollowUpInPast, 'The follow-up with the reporter must be in the future.');
      Object.assign(patch, {
        closedAt: now,
        feedbackGivenAt: now,
        reporterAtRisk: dto.closure.reporterAtRisk,
        protectiveMeasures: dto.closure.measures ?? [],
        followUpAt,
        followUpDoneAt: null,
      });
    }
    if (dto.status === 'investigating' && c.status !== 'triaged') {
      // Reopening: the case is open again, with its deadlines; the next closure records protection anew.
      Object.assign(patch, {
        closedAt: null,
        concludedAt: null,
        outcome: null,
        reporterAtRisk: null,
        protectiveMeasures: [],
        followUpAt: null,
        followUpDoneAt: null,
      });
    }
    const next = { ...c, ...patch };
    patch.nextDueAt = nextDue(next);
    await this.db.transaction(async (em) => {
      const result = await em.createQueryBuilder().update(Case).set(patch).where('id = :id AND status = :from', { id: caseId, from: c.status }).execute();
      // Two handlers moving the same case at once: the second sees a stale status.
      if (!result.affected) throw new ConflictError(CaseRuleErrorCode.StatusChanged, 'The case changed meanwhile; reload it.');
      if (patch.followUpAt) {
        // The closure just set the deletion date (trigger cases_purge_date): a follow-up after it could never happen.
        const [{ purge_at }] = (await em.query('SELECT purge_at FROM cases WHERE id = $1', [caseId])) as { purge_at: Date }[];
        if (patch.followUpAt >= purge_at) {
          throw new BadRequestError(
            CaseRuleErrorCode.FollowUpAfterDeletion,
            `The case will be deleted on ${purge_at.toISOString().slice(0, 10)}; set the follow-up before then.`,
          );
        }
      }
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.status_changed',
        caseId,
        details: {
          from: c.status,
          to: dto.status,
          ...(dto.conclusion ? { outcome: dto.conclusion.outcome } : {}),
          // Codes only: what was done to protect the reporter is described in an encrypted note.
          ...(dto.closure
            ? { reporterAtRisk: dto.closure.reporterAtRisk, measures: (dto.closure.measures ?? []).join(','), followUp: !!patch.followUpAt }
            : {}),
        },
      });
    });
    return { status: dto.status, nextDueAt: patch.nextDueAt?.toISOString() ?? null };
  }

  /** Records that the follow-up with the reporter after closure (R40) took place; the case has no deadline left. */
  async followUpDone(actor: StaffActor, caseId: string): Promise<{ followUpDoneAt: string; nextDueAt: null }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (!c.followUpAt) throw new ConflictError(CaseRuleErrorCode.NoFollowUp, 'The case has no follow-up after closure to record as done.');
    if (c.followUpDoneAt) throw new ConflictError(CaseRuleErrorCode.FollowUpDoneAlready, 'The follow-up was recorded as done already.');
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Case)
        .set({ followUpDoneAt: now, nextDueAt: null })
        .where('id = :id AND follow_up_at IS NOT NULL AND follow_up_done_at IS NULL', { id: caseId })
        .execute();
      if (!result.affected) throw new ConflictError(CaseRuleErrorCode.StatusChanged, 'The case changed meanwhile; reload it.');
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.follow_up_done',
        caseId,
      });
    });
    return { followUpDoneAt: now.toISOString(), nextDueAt: null };
  }
}
