import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseAccessService } from '@kanava/cases';
import { AuditDetail, AuditSink, Clock, decodeTimeCursor, encodeTimeCursor } from '@kanava/common';
import { Case, Channel, LegalHold } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { ChannelRetentionDto, PlaceHoldDto } from './dto/retention.dto';
import { RetentionErrorCode, retentionError } from './errors';

const FIVE_YEARS_MS = 1826 * 86_400_000;

/**
 * When each case is deleted and why (R24–R26): legal holds placed and released by
 * the case's handlers, each channel's retention policy set by the organisation's
 * admins, and the list of upcoming deletions. The purge itself is CasePurger's.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** The case's deletion date and basis, its channel's policy, and every hold it has had. */
  async caseRetention(actor: StaffActor, caseId: string) {
    const c = await this.access.assertCaseAccess(actor, caseId, 'read');
    const channel = await this.db.getRepository(Channel).findOneByOrFail({ id: c.channelId });
    const holds = await this.db.getRepository(LegalHold).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const now = this.clock.now();
    const active = holds.filter((h) => !h.releasedAt);
    return {
      purgeAt: c.purgeAt.toISOString(),
      basis: c.purgeBasis,
      policy: { retentionDays: channel.retentionDays, closedRetentionDays: channel.closedRetentionDays },
      /** The date has passed but an active hold keeps the case. */
      postponedByHold: active.length > 0 && c.purgeAt <= now,
      onHold: active.length > 0,
      holds: holds.map((h) => ({
        id: h.id,
        reasonCode: h.reasonCode,
        justification: h.justification,
        createdBy: h.createdBy,
        createdAt: h.createdAt.toISOString(),
        reviewAt: h.reviewAt.toISOString(),
        reviewDue: !h.releasedAt && h.reviewAt <= now,
        releasedAt: h.releasedAt?.toISOString() ?? null,
        releasedBy: h.releasedBy,
      })),
    };
  }

  async placeHold(actor: StaffActor, caseId: string, dto: PlaceHoldDto): Promise<{ id: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    const reviewAt = new Date(dto.reviewAt);
    const now = this.clock.nowMs();
    if (!(reviewAt.getTime() > now) || reviewAt.getTime() > now + FIVE_YEARS_MS) throw retentionError(RetentionErrorCode.InvalidReviewDate);
    const id = randomUUID();
    await this.db.transaction(async (em) => {
      await em.getRepository(LegalHold).insert({
        id,
        caseId,
        reasonCode: dto.reasonCode,
        justification: dto.justification.trim(),
        createdBy: actor.userId,
        createdAt: this.clock.now(),
        reviewAt,
      });
      // The justification stays out of the log: it is free text.
      await this.caseEvent(em, actor, c, 'case.legal_hold_placed', { holdId: id, reasonCode: dto.reasonCode });
    });
    return { id };
  }

  /**
   * Releases a hold. When it is the last one and the case's date has passed, the
   * next purge deletes the case, so that needs `confirm`.
   */
  async releaseHold(actor: StaffActor, caseId: string, holdId: string, confirm: boolean): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    await this.db.transaction(async (em) => {
      const hold = await em.getRepository(LegalHold).findOne({ where: { id: holdId, caseId }, lock: { mode: 'pessimistic_write' } });
      if (!hold) throw retentionError(RetentionErrorCode.HoldNotFound);
      if (hold.releasedAt) throw retentionError(RetentionErrorCode.HoldReleased);
      const others = await em.query('SELECT 1 FROM legal_holds WHERE case_id = $1 AND released_at IS NULL AND id <> $2', [caseId, holdId]);
      if (others.length === 0 && c.purgeAt <= this.clock.now() && !confirm)
        throw retentionError(
          RetentionErrorCode.ConfirmationRequired,
          'The retention date of this case has passed: without the hold it will be deleted at the next purge.',
        );
      await em.update(LegalHold, { id: holdId }, { releasedAt: this.clock.now(), releasedBy: actor.userId });
      await this.caseEvent(em, actor, c, 'case.legal_hold_released', { holdId });
    });
  }

  /**
   * Sets a channel's retention policy and moves every case's deletion date with it.
   * A change that makes cases due at once needs `confirm`; the answer says how many.
   */
  async setChannelRetention(organisationId: string, actorId: string, channelId: string, dto: ChannelRetentionDto): Promise<{ casesDueNow: number }> {
    return this.db.transaction(async (em) => {
      const channel = await em.getRepository(Channel).findOne({ where: { id: channelId, organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!channel) throw retentionError(RetentionErrorCode.ChannelNotFound);
      const dueBefore = await this.countDue(em, channelId);
      await em.update(Channel, { id: channelId }, { retentionDays: dto.retentionDays, closedRetentionDays: dto.closedRetentionDays });
      // Re-runs the cases_purge_date trigger (see the retention migration) for the channel's cases.
      await em.query('UPDATE cases SET channel_id = channel_id WHERE channel_id = $1', [channelId]);
      // Only cases this change makes due count; a longer retention makes none.
      const casesDueNow = Math.max(0, (await this.countDue(em, channelId)) - dueBefore);
      if (casesDueNow > 0 && !dto.confirm)
        throw retentionError(RetentionErrorCode.ConfirmationRequired, `With this policy ${casesDueNow} case(s) would be deleted at the next purge.`, {
          casesDueNow,
        });
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'channel.retention_changed',
        details: { channelId, retentionDays: dto.retentionDays, closedRetentionDays: dto.closedRetentionDays, casesDueNow },
      });
      return { casesDueNow };
    });
  }

  /** Deletions to come in the organisation, soonest first (keyset-paginated): metadata only. */
  async upcomingDeletions(organisationId: string, limit = 50, cursor?: string) {
    const after = cursor ? decodeTimeCursor(cursor, () => retentionError(RetentionErrorCode.InvalidCursor)) : null;
    const rows = (await this.db.query(
      `SELECT c.id, c.reference, ch.name AS channel_name, c.purge_basis,
              to_char(c.purge_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS purge_at_key, c.purge_at,
              EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = c.id AND h.released_at IS NULL) AS on_hold
         FROM cases c JOIN channels ch ON ch.id = c.channel_id
        WHERE c.organisation_id = $1 AND ($2::timestamptz IS NULL OR (c.purge_at, c.id) > ($2::timestamptz, $3::uuid))
        ORDER BY c.purge_at, c.id
        LIMIT $4`,
      [organisationId, after?.at ?? null, after?.id ?? null, limit + 1],
    )) as { id: string; reference: string; channel_name: string; purge_basis: string; purge_at_key: string; purge_at: Date; on_hold: boolean }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      cases: page.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        channelName: r.channel_name,
        purgeAt: r.purge_at.toISOString(),
        basis: r.purge_basis,
        onHold: r.on_hold,
      })),
      nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.purge_at_key, id: last.id }) : null,
    };
  }

  private async countDue(em: EntityManager, channelId: string): Promise<number> {
    const [{ n }] = (await em.query(
      `SELECT count(*)::int AS n FROM cases c WHERE c.channel_id = $1 AND c.purge_at <= $2
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = c.id AND h.released_at IS NULL)`,
      [channelId, this.clock.now()],
    )) as { n: number }[];
    return n;
  }

  private caseEvent(em: EntityManager, actor: StaffActor, c: Case, action: string, details: Record<string, AuditDetail>): Promise<void> {
    return this.audit.record(em, {
      organisationId: c.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: 'handler' },
      action,
      caseId: c.id,
      details,
    });
  }
}
