import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditDetail, AuditSink, Clock } from '@kanava/common';
import { Case, CaseGrant, ChannelMember, StaffUser } from '@kanava/database';
import { fromB64 } from '@kanava/crypto';
import { listedInDirectory } from '@kanava/protocol';
import { type StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { AssignDto, ExpertDto, ShareConcernedDto } from './dto/assignment.dto';
import { CaseErrorCode, caseError } from './errors';
import { checkStaffGrants, grantRows, handlerKeyKinds, verifyStaffGrant } from './staff-grants';

/** Expert access (R11) is time-limited: at most this long at a time. */
const MAX_EXPERT_DAYS = 90;

/**
 * Giving a colleague a case: the assigning handler's client re-seals the case keys
 * to them; the server checks who may receive them and that the grants are sound.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** Records a handler's action on a case, in the action's transaction. */
  private event(em: EntityManager, actor: StaffActor, c: Case, action: string, details: Record<string, AuditDetail> = {}): Promise<void> {
    return this.audit.record(em, {
      organisationId: c.organisationId,
      actor: { kind: 'staff', id: actor.userId, role: 'handler' },
      action,
      caseId: c.id,
      details,
    });
  }

  async assign(actor: StaffActor, caseId: string, dto: AssignDto): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'assign');
    await this.assertAssignable(c, dto.userId);
    await this.assertListed(dto.userId);
    await this.assertNotHolding(caseId, dto.userId);
    checkStaffGrants(c, dto.grants, dto.userId, handlerKeyKinds(c), actor.signPublicKey);
    await this.db.transaction(async (em) => {
      await em.getRepository(CaseGrant).insert(grantRows(c, dto.grants, dto.userId, actor.userId));
      await this.event(em, actor, c, 'case.assigned', { userId: dto.userId });
    });
  }

  /**
   * Per-case expert access (R11): the shared key, sealed to a staff member who
   * need not be designated for the channel, with a reason and an expiry.
   */
  async addExpert(actor: StaffActor, caseId: string, dto: ExpertDto): Promise<{ expiresAt: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'assign');
    const expiresAt = new Date(dto.expiresAt);
    const now = this.clock.nowMs();
    if (!(expiresAt.getTime() > now) || expiresAt.getTime() > now + MAX_EXPERT_DAYS * 86_400_000) throw caseError(CaseErrorCode.InvalidExpiry);
    if (c.excludedUserIds.includes(dto.userId) || c.implicatedUserIds.includes(dto.userId)) throw caseError(CaseErrorCode.AssigneeConflict);
    const user = await this.db.getRepository(StaffUser).findOne({ where: { id: dto.userId, organisationId: c.organisationId } });
    if (!user || !user.active || !user.roles.includes('handler')) throw caseError(CaseErrorCode.AssigneeNotDesignated);
    await this.assertListed(dto.userId);
    await this.assertNotHolding(caseId, dto.userId);
    // Experts get the shared key only, never the internal notes' key.
    checkStaffGrants(c, dto.grants, dto.userId, ['shared'], actor.signPublicKey);
    await this.db.transaction(async (em) => {
      await em.getRepository(CaseGrant).insert(grantRows(c, dto.grants, dto.userId, actor.userId, { expiresAt, reason: dto.reason.trim() }));
      // The reason is free text and may name people: the log keeps that one was given, not what it says.
      await this.event(em, actor, c, 'case.expert_granted', { userId: dto.userId, expiresAt: expiresAt.toISOString() });
    });
    return { expiresAt: expiresAt.toISOString() };
  }

  /**
   * Shares the persons concerned (R21) with a colleague who holds the case but not them
   * (a handler assigned later, or an expert): a holder of their key re-seals it to that
   * colleague in their own client, with a reason kept beside the grant. An expert's key
   * lapses with their access. Nobody is given it by assignment alone.
   */
  async shareConcerned(actor: StaffActor, caseId: string, dto: ShareConcernedDto): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'assign');
    if (!c.concernedKeyId) throw caseError(CaseErrorCode.NoConcernedKey);
    const grants = this.db.getRepository(CaseGrant);
    if (!(await grants.exists({ where: { caseId, keyKind: 'concerned', granteeUserId: actor.userId } }))) throw caseError(CaseErrorCode.ConcernedKeyNotHeld);
    const { grant } = dto;
    const keyOk = c.concernedKeyId.equals(Buffer.from(fromB64(grant.keyId, 16))) && fromB64(grant.sealed).length === 80;
    if (grant.grantee !== `user:${dto.userId}` || !keyOk) throw caseError(CaseErrorCode.ConcernedGrantMismatch);
    verifyStaffGrant(grant, caseId, actor.signPublicKey);
    if (c.excludedUserIds.includes(dto.userId) || c.implicatedUserIds.includes(dto.userId)) throw caseError(CaseErrorCode.AssigneeConflict);
    await this.assertListed(dto.userId);
    await this.db.transaction(async (em) => {
      const shared = await em.findOne(CaseGrant, { where: { caseId, keyKind: 'shared', granteeUserId: dto.userId } });
      if (!shared || (shared.expiresAt && shared.expiresAt <= this.clock.now())) throw caseError(CaseErrorCode.ConcernedGranteeWithoutCase);
      if (await em.exists(CaseGrant, { where: { caseId, keyKind: 'concerned', granteeUserId: dto.userId } }))
        throw caseError(CaseErrorCode.ConcernedAlreadyShared);
      await em.getRepository(CaseGrant).insert(grantRows(c, [grant], dto.userId, actor.userId, { expiresAt: shared.expiresAt, reason: dto.reason.trim() }));
      // The reason may name the persons concerned: the log keeps that the key was shared, and with whom.
      await this.event(em, actor, c, 'case.persons_concerned_shared', { userId: dto.userId });
    });
  }

  /**
   * Takes the case away from a colleague: their shared and internal keys to it are
   * deleted, and an identity key a custodian approved for them and the persons-concerned
   * key too (they keep those only if they are a custodian of the channel themselves).
   */
  async unassign(actor: StaffActor, caseId: string, userId: string): Promise<void> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'assign');
    await this.db.transaction(async (em) => {
      const result = await em.query(
        `DELETE FROM case_grants g USING cases c
        WHERE g.case_id = c.id AND c.id = $1 AND g.grantee_user_id = $2
          AND (g.key_kind IN ('shared', 'internal')
               OR (g.key_kind IN ('identity', 'concerned') AND NOT EXISTS (
                     SELECT 1 FROM channel_members m WHERE m.channel_id = c.channel_id AND m.user_id = $2 AND m.role = 'custodian')))`,
        [caseId, userId],
      );
      if (!(result as [unknown, number])[1]) throw caseError(CaseErrorCode.NotAssigned);
      await this.event(em, actor, c, 'case.unassigned', { userId });
    });
  }

  /**
   * Marks a colleague as implicated (named as a person concerned): from now on
   * they are treated like a reporter exclusion and lose every key to the case.
   */
  async implicate(actor: StaffActor, caseId: string, userId: string): Promise<{ grantsRemoved: number }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'assign');
    const user = await this.db.getRepository(StaffUser).findOne({ where: { id: userId, organisationId: actor.organisationId } });
    if (!user) throw caseError(CaseErrorCode.AssigneeNotDesignated);
    return this.db.transaction(async (em) => {
      await em.query('UPDATE cases SET implicated_user_ids = array_append(implicated_user_ids, $2) WHERE id = $1 AND NOT ($2 = ANY(implicated_user_ids))', [
        caseId,
        userId,
      ]);
      const [, removed] = (await em.query('DELETE FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, userId])) as [unknown, number];
      await this.event(em, actor, c, 'case.handler_implicated', { userId, grantsRemoved: removed });
      return { grantsRemoved: removed };
    });
  }

  /** Invariant: case keys go only to a key the organisation's directory lists (a console checks this too, against the signatures). */
  private async assertListed(userId: string): Promise<void> {
    if (!(await listedInDirectory(this.db.manager, userId, 'handler', this.clock.now()))) throw caseError(CaseErrorCode.NotInDirectory);
  }

  private async assertNotHolding(caseId: string, userId: string): Promise<void> {
    // A lapsed expert grant the worker has not swept yet must not block a new grant.
    await this.db.query('DELETE FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 AND expires_at <= $3', [caseId, userId, this.clock.now()]);
    if (await this.db.getRepository(CaseGrant).exists({ where: { caseId, keyKind: 'shared', granteeUserId: userId } }))
      throw caseError(CaseErrorCode.AlreadyAssigned);
  }

  private async assertAssignable(c: Case, userId: string): Promise<void> {
    // Invariant: exclusions and implications answer alike, so a reporter's exclusion is never revealed as such.
    if (c.excludedUserIds.includes(userId) || c.implicatedUserIds.includes(userId)) throw caseError(CaseErrorCode.AssigneeConflict);
    const user = await this.db.getRepository(StaffUser).findOne({ where: { id: userId, organisationId: c.organisationId } });
    const designated = await this.db.getRepository(ChannelMember).exists({ where: { channelId: c.channelId, userId, role: 'handler' } });
    if (!user || !user.active || !user.roles.includes('handler') || !designated) throw caseError(CaseErrorCode.AssigneeNotDesignated);
  }
}

/** Deletes expert grants whose time ran out (the worker calls this); returns how many. */
export async function removeExpiredGrants(db: DataSource, audit: AuditSink, clock: Clock): Promise<number> {
  return db.transaction(async (em) => {
    const [removed] = (await em.query(
      `DELETE FROM case_grants g USING cases c
        WHERE g.case_id = c.id AND g.expires_at IS NOT NULL AND g.expires_at <= $1
        RETURNING c.organisation_id, g.case_id, g.grantee_user_id`,
      [clock.now()],
    )) as [{ organisation_id: string; case_id: string; grantee_user_id: string }[], number];
    // A revocation by the clock is a revocation all the same (R35): one event per expert and case, though an
    // expert given the persons-concerned key too loses two grants.
    const experts = new Map(removed.map((r) => [`${r.case_id}/${r.grantee_user_id}`, r]));
    for (const r of experts.values()) {
      await audit.record(em, {
        organisationId: r.organisation_id,
        actor: { kind: 'system' },
        action: 'case.expert_expired',
        caseId: r.case_id,
        details: { userId: r.grantee_user_id },
      });
    }
    return removed.length;
  });
}
