import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Case, CaseGrant, ChannelMember } from '@kanava/database';
import type { StaffActor } from '@kanava/staff';
import { CaseErrorCode, caseError } from './errors';

export type CasePermission = 'read' | 'reply';

/**
 * The one access check for cases. A handler reaches a case only if it belongs to
 * their organisation, they handle its channel, the reporter did not exclude them
 * and they hold a grant of its shared key. Missing and forbidden both answer 404.
 */
@Injectable()
export class CaseAccessService {
  constructor(private readonly db: DataSource) {}

  async assertCaseAccess(actor: StaffActor, caseId: string, _permission: CasePermission): Promise<Case> {
    const found = await this.db.getRepository(Case).findOne({ where: { id: caseId, organisationId: actor.organisationId } });
    if (!found || found.excludedUserIds.includes(actor.userId) || !actor.roles.includes('handler')) throw caseError(CaseErrorCode.CaseNotFound);
    const [member, grant] = await Promise.all([
      this.db.getRepository(ChannelMember).exists({ where: { channelId: found.channelId, userId: actor.userId, role: 'handler' } }),
      this.db.getRepository(CaseGrant).exists({ where: { caseId, keyKind: 'shared', granteeUserId: actor.userId } }),
    ]);
    if (!member || !grant) throw caseError(CaseErrorCode.CaseNotFound);
    return found;
  }
}
