import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fromB64, toB64 } from '@kanava/crypto';
import { AuditSink, BadRequestError, Clock, ConflictError, NotFoundError } from '@kanava/common';
import { Case, CaseGrant, ChannelMember, grantToWire, IdentityRequest, StaffUser } from '@kanava/database';
import { listedInDirectory } from '@kanava/protocol';
import { type StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import { IdentityGrantDto } from './dto/identity.dto';
import { CaseErrorCode, caseError, CaseRuleErrorCode } from './errors';
import { verifyStaffGrant } from './staff-grants';

function requestNotFound(): NotFoundError {
  return new NotFoundError(CaseRuleErrorCode.IdentityRequestNotFound, 'No such pending identity request for your channels.');
}

/**
 * Access to a reporter's identity (R20): a handler asks with a reason; a custodian
 * of the case's channel approves by sealing the identity key to that handler in
 * their own client, or denies. Nobody else ever receives an identity grant.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async request(actor: StaffActor, caseId: string, reason: string): Promise<{ requestId: string }> {
    const c = await this.access.assertCaseAccess(actor, caseId, 'reply');
    if (!c.identityKeyId) throw new BadRequestError(CaseRuleErrorCode.NoIdentity, 'The reporter gave no identity in this case.');
    if (await this.db.getRepository(CaseGrant).exists({ where: { caseId, keyKind: 'identity', granteeUserId: actor.userId } })) {
      throw new ConflictError(CaseRuleErrorCode.IdentityGranted, 'You can see the identity already.');
    }
    return this.db.transaction(async (em) => {
      if (await em.exists(IdentityRequest, { where: { caseId, requesterId: actor.userId, status: 'pending' } })) {
        throw new ConflictError(CaseRuleErrorCode.IdentityRequestPending, 'Your earlier request is still waiting for a custodian.');
      }
      const saved = await em.save(
        em.create(IdentityRequest, { id: randomUUID(), caseId, requesterId: actor.userId, reason: reason.trim(), status: 'pending' }),
      );
      // The reason may name people: the log records that a request was made, not why.
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'handler' },
        action: 'identity.requested',
        caseId,
        details: { requestId: saved.id },
      });
      return { requestId: saved.id };
    });
  }

  /** Pending requests for the channels the custodian guards, with what their client needs to approve. */
  async pending(actor: StaffActor) {
    const rows = (await this.db.query(
      `SELECT r.id, r.case_id, r.reason, r.created_at, r.requester_id, u.display_name, u.box_public_key, u.sign_public_key, c.reference,
              c.reporter_sign_public_key, c.identity_key_id
         FROM identity_requests r
         JOIN cases c ON c.id = r.case_id
         JOIN staff_users u ON u.id = r.requester_id
         JOIN channel_members m ON m.channel_id = c.channel_id AND m.user_id = $1 AND m.role = 'custodian'
        WHERE r.status = 'pending' AND c.organisation_id = $2
        ORDER BY r.created_at`,
      [actor.userId, actor.organisationId],
    )) as {
      id: string;
      case_id: string;
      reason: string;
      created_at: Date;
      requester_id: string;
      display_name: string;
      box_public_key: Buffer;
      sign_public_key: Buffer;
      reference: string;
      reporter_sign_public_key: Buffer;
      identity_key_id: Buffer | null;
    }[];
    const grants = rows.length
      ? await this.db
          .getRepository(CaseGrant)
          .createQueryBuilder('g')
          .where("g.case_id IN (:...ids) AND g.key_kind = 'identity' AND g.grantee_user_id = :uid", { ids: rows.map((r) => r.case_id), uid: actor.userId })
          .getMany()
      : [];
    return rows.map((r) => {
      const own = grants.find((g) => g.caseId === r.case_id);
      return {
        requestId: r.id,
        caseId: r.case_id,
        reference: r.reference,
        /** To verify the reporter's signature on the custodian's own identity grant before opening it. */
        reporterSignPublicKey: toB64(r.reporter_sign_public_key),
        /** The case's identity keyId, which the custodian's client checks the opened key against. */
        identityKeyId: r.identity_key_id ? toB64(r.identity_key_id) : null,
        reason: r.reason,
        requestedAt: r.created_at.toISOString(),
        requester: { userId: r.requester_id, displayName: r.display_name, boxPublicKey: toB64(r.box_public_key), signPublicKey: toB64(r.sign_public_key) },
        /** The custodian's own identity grant, to open in the client and re-seal to the requester. */
        identityGrant: own ? grantToWire(own) : null,
      };
    });
  }

  async approve(actor: StaffActor, requestId: string, grant: IdentityGrantDto): Promise<void> {
    await this.decide(actor, requestId, async (request, c, em) => {
      const keyOk = c.identityKeyId?.equals(Buffer.from(fromB64(grant.keyId, 16))) && fromB64(grant.sealed).length === 80;
      if (grant.grantee !== `user:${request.requesterId}` || !keyOk) {
        throw new BadRequestError(CaseRuleErrorCode.IdentityGrantMismatch, "Seal the case's identity key, under its key id, to the requester.");
      }
      verifyStaffGrant(grant, c.id, actor.signPublicKey);
      // The requester must still be able to act on the case: no approval for someone excluded, implicated or gone.
      const requester = await em.findOne(StaffUser, { where: { id: request.requesterId } });
      const designated = await em.exists(ChannelMember, { where: { channelId: c.channelId, userId: request.requesterId, role: 'handler' } });
      if (!requester?.active || !designated || c.excludedUserIds.includes(request.requesterId) || c.implicatedUserIds.includes(request.requesterId)) {
        throw new ConflictError(CaseRuleErrorCode.RequesterCannotReceive, 'The requester can no longer be given this case.');
      }
      if (!(await listedInDirectory(em, request.requesterId, 'handler', this.clock.now()))) throw caseError(CaseErrorCode.NotInDirectory);
      await em.getRepository(CaseGrant).insert({
        id: randomUUID(),
        caseId: c.id,
        keyKind: 'identity',
        grantee: grant.grantee,
        granteeUserId: request.requesterId,
        keyId: Buffer.from(fromB64(grant.keyId, 16)),
        sealed: Buffer.from(fromB64(grant.sealed)),
        signature: Buffer.from(fromB64(grant.signature, 64)),
        signedBy: `user:${actor.userId}`,
      });
      return 'approved';
    });
  }

  async deny(actor: StaffActor, requestId: string): Promise<void> {
    await this.decide(actor, requestId, async () => 'denied');
  }

  /** Only a custodian of the case's channel decides, once; the decision is logged. */
  private async decide(
    actor: StaffActor,
    requestId: string,
    act: (request: IdentityRequest, c: Case, em: EntityManager) => Promise<'approved' | 'denied'>,
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      const request = await em
        .getRepository(IdentityRequest)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: requestId })
        .getOne();
      const c = request ? await em.findOne(Case, { where: { id: request.caseId, organisationId: actor.organisationId } }) : null;
      const custodian = c ? await em.exists(ChannelMember, { where: { channelId: c.channelId, userId: actor.userId, role: 'custodian' } }) : false;
      if (!request || !c || !custodian || request.status !== 'pending') throw requestNotFound();
      const status = await act(request, c, em);
      await em.update(IdentityRequest, { id: requestId }, { status, decidedBy: actor.userId, decidedAt: this.clock.now() });
      await this.audit.record(em, {
        organisationId: c.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: 'custodian' },
        action: status === 'approved' ? 'identity.approved' : 'identity.denied',
        caseId: c.id,
        details: { requestId, requesterId: request.requesterId },
      });
    });
  }
}
