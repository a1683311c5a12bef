import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditSink, Clock } from '@kanava/common';
import { toB64 } from '@kanava/crypto';
import { Case, CaseGrant, ChannelMember, grantToWire } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { StaffGrantDto } from './dto/assignment.dto';
import { CaseErrorCode, caseError } from './errors';
import { checkStaffGrants, grantRows, handlerKeyKinds } from './staff-grants';

/** Cases of the channels an actor handles that no active staff member can open any more. */
const ORPHANED = `
  SELECT c.id FROM cases c
   WHERE c.organisation_id = $1
     AND c.channel_id IN (SELECT channel_id FROM channel_members WHERE user_id = $2 AND role = 'handler')
     AND NOT ($2 = ANY(c.excluded_user_ids)) AND NOT ($2 = ANY(c.implicated_user_ids))
     AND EXISTS (SELECT 1 FROM case_grants r WHERE r.case_id = c.id AND r.grantee = 'recovery' AND r.key_kind = 'shared')
     AND NOT EXISTS (
       SELECT 1 FROM case_grants g JOIN staff_users u ON u.id = g.grantee_user_id
        WHERE g.case_id = c.id AND g.key_kind = 'shared' AND u.active AND (g.expires_at IS NULL OR g.expires_at > $3))`;

/**
 * Break-glass with the organisation recovery key, when every handler of a case has
 * left: a designated handler's client opens the recovery grants with the offline
 * recovery secret key and re-seals the case keys to that handler. The server
 * never sees the recovery secret key; it only checks who may take the case back.
 */
@Injectable()
export class RecoveryService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async orphanedCases(actor: StaffActor) {
    await this.access.assertNoticeAccepted(actor);
    const ids = ((await this.db.query(`${ORPHANED} ORDER BY c.received_at`, [actor.organisationId, actor.userId, this.clock.now()])) as { id: string }[]).map(
      (r) => r.id,
    );
    const out = [];
    for (const id of ids) {
      const c = await this.db.getRepository(Case).findOneByOrFail({ id });
      const grants = await this.db.getRepository(CaseGrant).find({ where: { caseId: id, grantee: 'recovery' } });
      out.push({
        caseId: c.id,
        reference: c.reference,
        channelId: c.channelId,
        reporterSignPublicKey: toB64(c.reporterSignPublicKey),
        sharedKeyId: toB64(c.sharedKeyId),
        internalKeyId: c.internalKeyId ? toB64(c.internalKeyId) : null,
        // Identity keys stay with custodians: recovery restores case handling, not identities.
        recoveryGrants: grants.filter((g) => g.keyKind !== 'identity').map(grantToWire),
      });
    }
    return { cases: out };
  }

  async restore(actor: StaffActor, caseId: string, grants: StaffGrantDto[]): Promise<void> {
    await this.access.assertNoticeAccepted(actor);
    const orphaned = (await this.db.query(`${ORPHANED} AND c.id = $4`, [actor.organisationId, actor.userId, this.clock.now(), caseId])) as { id: string }[];
    // Invariant: only a designated, not excluded handler, and only for a case nobody active can open.
    if (orphaned.length === 0) throw caseError(CaseErrorCode.CaseNotFound);
    const c = await this.db.getRepository(Case).findOneByOrFail({ id: caseId });
    const designated = await this.db.getRepository(ChannelMember).exists({ where: { channelId: c.channelId, userId: actor.userId, role: 'handler' } });
    if (!designated) throw caseError(CaseErrorCode.CaseNotFound);
    checkStaffGrants(c, grants, actor.userId, handlerKeyKinds(c), actor.signPublicKey);
    await this.db.transaction(async (em) => {
      // Stale grants of people who left are replaced, not duplicated.
      await em.query("DELETE FROM case_grants WHERE case_id = $1 AND grantee = $2 AND key_kind IN ('shared', 'internal')", [caseId, `user:${actor.userId}`]);
      await em.getRepository(CaseGrant).insert(grantRows(c, grants, actor.userId, actor.userId));
      // Break-glass is always visible to the organisation's auditors.
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'case.recovered',
        caseId,
      });
    });
  }
}
