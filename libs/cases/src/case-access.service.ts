import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '@kanava/common';
import { Case, CaseGrant, ChannelMember } from '@kanava/database';
import { CONFIDENTIALITY_NOTICE } from '@kanava/staff';
import { type StaffActor } from '@kanava/access';
import { CaseErrorCode, caseError } from './errors';

export type CasePermission = 'read' | 'reply' | 'assign';

/**
 * A designated handler with a lasting grant may do everything. A time-limited grant
 * is expert access (R11), read-only until it lapses, even for someone who handles
 * the channel: no replies, no handing the case on, no removals.
 */
function allows(member: boolean, grant: CaseGrant | null | undefined, permission: CasePermission): boolean {
  if (!grant) return false;
  return grant.expiresAt === null ? member : permission === 'read';
}

/**
 * The one access check for cases. A handler reaches a case only if it belongs to
 * their organisation, they handle its channel, the reporter did not exclude them
 * and they hold a grant of its shared key. Missing and forbidden both answer 404.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async assertCaseAccess(actor: StaffActor, caseId: string, permission: CasePermission): Promise<Case> {
    await this.assertNoticeAccepted(actor);
    const found = await this.db.getRepository(Case).findOne({ where: { id: caseId, organisationId: actor.organisationId } });
    if (!found || !this.mayEverReach(actor, found)) throw caseError(CaseErrorCode.CaseNotFound);
    const [member, grant] = await Promise.all([
      this.db.getRepository(ChannelMember).exists({ where: { channelId: found.channelId, userId: actor.userId, role: 'handler' } }),
      this.liveSharedGrant(caseId, actor.userId),
    ]);
    if (!allows(member, grant, permission)) throw caseError(CaseErrorCode.CaseNotFound);
    return found;
  }

  /**
   * The cases of `caseIds` the actor may read, by the same rule as
   * assertCaseAccess, in three queries however many ids; the others are left
   * out without saying whether they exist.
   */
  async readableCases(actor: StaffActor, caseIds: string[]): Promise<Case[]> {
    await this.assertNoticeAccepted(actor);
    const found = (await this.db.getRepository(Case).find({ where: { id: In(caseIds), organisationId: actor.organisationId } })).filter((c) =>
      this.mayEverReach(actor, c),
    );
    if (!found.length) return [];
    const [members, grants] = await Promise.all([
      this.db
        .getRepository(ChannelMember)
        .find({ where: { channelId: In([...new Set(found.map((c) => c.channelId))]), userId: actor.userId, role: 'handler' } }),
      this.db
        .getRepository(CaseGrant)
        .createQueryBuilder('g')
        .where("g.case_id IN (:...ids) AND g.grantee_user_id = :userId AND g.key_kind = 'shared'", { ids: found.map((c) => c.id), userId: actor.userId })
        .andWhere('(g.expires_at IS NULL OR g.expires_at > :now)', { now: this.clock.now() })
        .getMany(),
    ]);
    const channels = new Set(members.map((m) => m.channelId));
    return found.filter((c) =>
      allows(
        channels.has(c.channelId),
        grants.find((g) => g.caseId === c.id),
        'read',
      ),
    );
  }

  /** Invariant: an excluded or implicated handler, or someone who is not a handler, never reaches the case, whatever grants exist. */
  private mayEverReach(actor: StaffActor, c: Case): boolean {
    return !c.excludedUserIds.includes(actor.userId) && !c.implicatedUserIds.includes(actor.userId) && actor.roles.includes('handler');
  }

  private liveSharedGrant(caseId: string, userId: string): Promise<CaseGrant | null> {
    return this.db
      .getRepository(CaseGrant)
      .createQueryBuilder('g')
      .where("g.case_id = :caseId AND g.grantee_user_id = :userId AND g.key_kind = 'shared'", { caseId, userId })
      .andWhere('(g.expires_at IS NULL OR g.expires_at > :now)', { now: this.clock.now() })
      .getOne();
  }

  /** R22: no case content, not even the inbox, before the confidentiality notice is accepted. */
  async assertNoticeAccepted(actor: StaffActor): Promise<void> {
    const [row] = (await this.db.query('SELECT confidentiality_version FROM staff_users WHERE id = $1', [actor.userId])) as {
      confidentiality_version: number | null;
    }[];
    if (row?.confidentiality_version !== CONFIDENTIALITY_NOTICE.version) throw caseError(CaseErrorCode.NoticeNotAccepted);
  }
}
