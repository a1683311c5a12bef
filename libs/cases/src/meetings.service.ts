import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditSink, BadRequestError, Clock, ConflictError, NotFoundError } from '@kanava/common';
import { Case, Channel, Meeting, MeetingKind, meetingToWire } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { CaseRuleErrorCode } from './errors';

/** How far ahead a handler may offer a time. */
const MAX_AHEAD_MS = 365 * 86_400_000;

/**
 * Meetings and calls with the reporter (R1: an oral report on request, within a
 * reasonable time). The reporter asks, a handler offers up to five times (or proposes
 * unasked), the reporter accepts one; the handler who offered is reminded. One open
 * meeting per case: a new one once the last is agreed. The server keeps the kind and
 * the times (it reminds by them); where, and any wishes, are encrypted messages.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** The reporter asks for a meeting or a call. */
  async request(c: Case, kind: MeetingKind) {
    return this.db.transaction(async (em) => {
      const channel = await em.findOneOrFail(Channel, { where: { id: c.channelId } });
      if (!channel.meetingsEnabled)
        throw new ConflictError(CaseRuleErrorCode.MeetingsNotOffered, 'This channel does not take requests for meetings or calls; write a message instead.');
      await this.assertNoneOpen(em, c.id);
      const m = em.create(Meeting, { id: randomUUID(), caseId: c.id, kind, requestedAt: this.clock.now(), slots: [] });
      await em.insert(Meeting, m);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'reporter' },
        action: 'reporter.meeting_requested',
        caseId: c.id,
        details: { kind },
      });
      return meetingToWire(m, false);
    });
  }

  /** A handler offers times: for the reporter's request (`meetingId`), or unasked. */
  async offer(actor: StaffActor, caseId: string, meetingId: string | null, dto: { kind?: MeetingKind; slots: string[] }) {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    const slots = this.checkSlots(dto.slots);
    return this.db.transaction(async (em) => {
      let m: Meeting;
      if (meetingId) {
        const found = await em.findOne(Meeting, { where: { id: meetingId, caseId }, lock: { mode: 'pessimistic_write' } });
        if (!found) throw new NotFoundError(CaseRuleErrorCode.MeetingNotFound, 'This case has no such meeting request.');
        if (found.agreedAt) throw new ConflictError(CaseRuleErrorCode.MeetingAgreed, 'This meeting is agreed already; propose a new one.');
        m = found;
        m.kind = dto.kind ?? m.kind;
      } else {
        if (!dto.kind) throw new BadRequestError(CaseRuleErrorCode.MeetingKindRequired, 'Say whether you propose a meeting in person or a call.');
        await this.assertNoneOpen(em, caseId);
        m = em.create(Meeting, { id: randomUUID(), caseId, kind: dto.kind, requestedAt: null });
      }
      m.slots = slots;
      m.offeredAt = this.clock.now();
      m.offeredByUserId = actor.userId;
      await em.save(Meeting, m);
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.meeting_offered',
        caseId,
        details: { kind: m.kind, times: slots.length },
      });
      return meetingToWire(m, true);
    });
  }

  /** The reporter accepts one offered time. */
  async accept(c: Case, meetingId: string, slot: string) {
    const at = new Date(slot);
    return this.db.transaction(async (em) => {
      const m = await em.findOne(Meeting, { where: { id: meetingId, caseId: c.id }, lock: { mode: 'pessimistic_write' } });
      if (!m) throw new NotFoundError(CaseRuleErrorCode.MeetingNotFound, 'This case has no such meeting.');
      if (m.agreedAt) throw new ConflictError(CaseRuleErrorCode.MeetingAgreed, 'A time is agreed already.');
      if (!m.slots.some((s) => new Date(s).getTime() === at.getTime()))
        throw new BadRequestError(CaseRuleErrorCode.TimeNotOffered, 'That time was not offered.');
      if (at.getTime() <= this.clock.nowMs()) throw new ConflictError(CaseRuleErrorCode.TimePassed, 'That time has passed; ask for new times.');
      m.agreedAt = at;
      m.acceptedAt = this.clock.now();
      await em.save(Meeting, m);
      await this.audit.record(em, { organisationId: c.organisationId, actor: { kind: 'reporter' }, action: 'reporter.meeting_accepted', caseId: c.id });
      return meetingToWire(m, false);
    });
  }

  private async assertNoneOpen(em: EntityManager, caseId: string): Promise<void> {
    if (await em.exists(Meeting, { where: { caseId, agreedAt: IsNull() } })) {
      throw new ConflictError(CaseRuleErrorCode.MeetingOpen, 'A meeting is being arranged already: answer or accept its times first.');
    }
  }

  private checkSlots(slots: string[]): Date[] {
    const now = this.clock.nowMs();
    const times = slots.map((s) => new Date(s));
    if (new Set(times.map((t) => t.getTime())).size !== times.length) throw new BadRequestError(CaseRuleErrorCode.DuplicateTimes, 'Each time is offered once.');
    if (times.some((t) => t.getTime() <= now)) throw new BadRequestError(CaseRuleErrorCode.TimeInPast, 'Offer times in the future.');
    if (times.some((t) => t.getTime() > now + MAX_AHEAD_MS)) throw new BadRequestError(CaseRuleErrorCode.TimeTooFar, 'Offer times within a year.');
    return times.sort((a, b) => a.getTime() - b.getTime());
  }
}
