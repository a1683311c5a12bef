import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fingerprint } from '@kanava/crypto';
import { AuditDetail, AuditSink, BadRequestError, CaseGrantsPort, ConflictError, KanavaConfig, NotFoundError } from '@kanava/common';
import { Channel, ChannelMember, MemberRole, StaffRole, StaffUser } from '@kanava/database';
import { UpdateStaffDto } from '../dto/admin.dto';
import { throttleKey } from '../auth/throttle';
import { StaffErrorCode } from '../errors';
import { recordAdminEvent } from './admin-event';

/** Staff administration: accounts, designations and the access review. Invariant: nothing here reads or returns case content or identities. */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly grants: CaseGrantsPort,
  ) {}

  private event(em: EntityManager, organisationId: string, actorId: string, action: string, details: Record<string, AuditDetail> = {}): Promise<void> {
    return recordAdminEvent(this.audit, em, organisationId, actorId, action, details);
  }

  private serverSecret(): string {
    if (!this.config.serverSecret) throw new Error('server secret is not configured');
    return this.config.serverSecret;
  }

  async listStaff(organisationId: string) {
    const users = await this.db.getRepository(StaffUser).find({ where: { organisationId }, order: { displayName: 'ASC', id: 'ASC' } });
    const lockedRows = (await this.db.query('SELECT key_hash FROM login_throttle WHERE locked_until > now() AND key_hash = ANY($1)', [
      users.map((u) => throttleKey(this.serverSecret(), u.email)),
    ])) as { key_hash: Buffer }[];
    const locked = new Set(lockedRows.map((r) => r.key_hash.toString('hex')));
    const members = await this.db
      .getRepository(ChannelMember)
      .createQueryBuilder('m')
      .innerJoin(Channel, 'c', 'c.id = m.channel_id')
      .where('c.organisation_id = :organisationId', { organisationId })
      .getMany();
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: u.roles,
      active: u.active,
      deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
      locked: locked.has(throttleKey(this.serverSecret(), u.email).toString('hex')),
      confidentialityAcceptedAt: u.confidentialityAcceptedAt?.toISOString() ?? null,
      fingerprint: fingerprint(u.boxPublicKey, u.signPublicKey),
      designations: members.filter((m) => m.userId === u.id).map((m) => ({ channelId: m.channelId, role: m.role })),
    }));
  }

  async updateStaff(organisationId: string, actorId: string, userId: string, dto: UpdateStaffDto): Promise<void> {
    await this.db.transaction(async (em) => {
      const user = await this.user(em, organisationId, userId);
      if (dto.roles) {
        // Invariant: nobody changes their own roles, so an admin cannot make themselves a handler of cases.
        if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotChangeOwnRoles, 'You cannot change your own roles; ask another admin.');
        // A role taken away takes its designations and their case keys with it.
        for (const role of ['handler', 'custodian'] as MemberRole[]) {
          if (user.roles.includes(role) && !dto.roles.includes(role)) {
            await em.delete(ChannelMember, { userId, role });
            await this.grants.revoke(em, userId, role, null);
          }
        }
        user.roles = dto.roles as StaffRole[];
      }
      if (dto.displayName) user.displayName = dto.displayName.trim();
      await em.save(user);
      await this.event(em, organisationId, actorId, 'staff.updated', { userId, roles: user.roles.join(','), renamed: !!dto.displayName });
    });
  }

  /** Deactivation: no sign-in, no session, no designation, no grant. */
  async deactivate(organisationId: string, actorId: string, userId: string): Promise<{ grantsRemoved: number }> {
    if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotDeactivateSelf, 'You cannot deactivate your own account.');
    return this.db.transaction(async (em) => {
      const user = await this.user(em, organisationId, userId);
      if (!user.active) throw new ConflictError(StaffErrorCode.AlreadyDeactivated, 'This account is deactivated already.');
      const grantsRemoved = await this.grants.revoke(em, userId, 'all', null);
      await em.delete(ChannelMember, { userId });
      await em.query('DELETE FROM staff_sessions WHERE user_id = $1', [userId]);
      await em.update(StaffUser, { id: userId }, { active: false, deactivatedAt: new Date() });
      await this.event(em, organisationId, actorId, 'staff.deactivated', { userId, grantsRemoved });
      return { grantsRemoved };
    });
  }

  async unlock(organisationId: string, actorId: string, userId: string): Promise<void> {
    const user = await this.user(this.db.manager, organisationId, userId);
    await this.db.transaction(async (em) => {
      await em.query('DELETE FROM login_throttle WHERE key_hash = $1', [throttleKey(this.serverSecret(), user.email)]);
      await this.event(em, organisationId, actorId, 'staff.unlocked', { userId });
    });
  }

  /** Designates a user for a channel (R10: records who designated whom, when). */
  async designate(organisationId: string, actorId: string, channelId: string, userId: string, role: MemberRole): Promise<void> {
    if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotDesignateSelf, 'You cannot designate yourself; ask another admin.');
    await this.channel(organisationId, channelId);
    const user = await this.user(this.db.manager, organisationId, userId);
    if (!user.active) throw new BadRequestError(StaffErrorCode.AccountDeactivated, 'A deactivated account cannot be designated.');
    if (!user.roles.includes(role)) throw new BadRequestError(StaffErrorCode.DesignationNeedsRole, `Give the person the ${role} role first.`);
    if (await this.db.getRepository(ChannelMember).exists({ where: { channelId, userId, role } }))
      throw new ConflictError(StaffErrorCode.AlreadyDesignated, 'Already designated.');
    await this.db.transaction(async (em) => {
      await em.getRepository(ChannelMember).save({ channelId, userId, role, designatedBy: actorId });
      await this.event(em, organisationId, actorId, 'designation.added', { channelId, userId, role });
    });
  }

  /** Ends a designation and removes its case keys at once (R14). */
  async undesignate(organisationId: string, actorId: string, channelId: string, userId: string, role: MemberRole): Promise<{ grantsRemoved: number }> {
    await this.channel(organisationId, channelId);
    return this.db.transaction(async (em) => {
      const result = await em.delete(ChannelMember, { channelId, userId, role });
      if (!result.affected) throw new NotFoundError(StaffErrorCode.DesignationNotFound, 'No such designation.');
      const grantsRemoved = await this.grants.revoke(em, userId, role, [channelId]);
      await this.event(em, organisationId, actorId, 'designation.removed', { channelId, userId, role, grantsRemoved });
      return { grantsRemoved };
    });
  }

  /**
   * Who is designated where, by whom and since when, and how many cases each can open (R14);
   * accounts an operator made outside the console are marked, with the operator's name (R38).
   */
  async accessReview(organisationId: string) {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ch.id AS "channelId", ch.name AS "channelName", m.role, u.id AS "userId", u.display_name AS "displayName", u.email,
              u.created_via AS "createdVia", u.created_by_operator AS "createdByOperator",
              m.designated_by AS "designatedBy", d.display_name AS "designatedByName", m.created_at AS "designatedAt"
         FROM channels ch
         JOIN channel_members m ON m.channel_id = ch.id
         JOIN staff_users u ON u.id = m.user_id
         LEFT JOIN staff_users d ON d.id = m.designated_by
        WHERE ch.organisation_id = $1
        ORDER BY ch.name, m.role, u.display_name`,
      [organisationId],
    );
    const granted = await this.grants.casesGranted(organisationId);
    return {
      generatedAt: new Date().toISOString(),
      designations: rows.map((r) => ({
        ...r,
        designatedAt: (r.designatedAt as Date).toISOString(),
        casesGranted: granted.get(`${r.userId as string}:${r.channelId as string}`) ?? 0,
      })),
    };
  }

  private async user(em: EntityManager, organisationId: string, userId: string): Promise<StaffUser> {
    const user = await em.findOne(StaffUser, { where: { id: userId, organisationId } });
    if (!user) throw new NotFoundError(StaffErrorCode.UserNotFound, 'No such staff member.');
    return user;
  }

  private async channel(organisationId: string, channelId: string): Promise<Channel> {
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId, organisationId } });
    if (!channel) throw new NotFoundError(StaffErrorCode.ChannelNotFound, 'No such channel.');
    return channel;
  }
}
