import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditSink, ForbiddenError, NotFoundError } from '@kanava/common';
import { Organisation } from '@kanava/database';
import type { SetupDto } from '../dto/setup.dto';
import { StaffErrorCode } from '../errors';
import { InvitationService } from '../invitations/invitation.service';
import { addDefaultQuestionnaire } from '../provisioning/default-questionnaire';
import { Provisioner, ProvisioningService } from '../provisioning/provisioning.service';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

const notAvailable = () =>
  new NotFoundError(StaffErrorCode.SetupNotAvailable, 'Kanava is set up already: an organisation exists. Sign in, or use the operator CLI.');

/**
 * The first-run set-up: on an empty database, and only with the one-time token this
 * process printed when it started, an operator makes the organisation (with the public
 * halves of its keys, made offline), a channel and the first admin's invitation, in one
 * transaction. Once an organisation exists it answers as absent. The token lives in this
 * process only: with several API instances, run the set-up against the one that printed it.
 */
@Injectable()
export class SetupService {
  private tokenDigest: Buffer | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly provisioning: ProvisioningService,
    private readonly invitations: InvitationService,
    private readonly audit: AuditSink,
  ) {}

  /** Whether the set-up is open: no organisation exists yet. */
  async needed(): Promise<boolean> {
    return !(await this.db.getRepository(Organisation).exists({}));
  }

  /** A fresh set-up token while no organisation exists (null once one does), for the start-up to print; an older one stops working. */
  async issueToken(): Promise<string | null> {
    if (!(await this.needed())) return null;
    const token = randomBytes(32).toString('base64url');
    this.tokenDigest = digest(token);
    return token;
  }

  async setUp(
    dto: SetupDto,
  ): Promise<{ organisationId: string; slug: string; channelId: string; invitationId: string; mailed: boolean; activationUrl?: string }> {
    if (!(await this.needed())) throw notAvailable();
    const given = digest(dto.token.trim());
    if (!this.tokenDigest || !timingSafeEqual(given, this.tokenDigest))
      throw new ForbiddenError(StaffErrorCode.SetupTokenInvalid, 'That is not the set-up token Kanava printed when it started. Copy it from the start-up log.');
    const by: Provisioner = { actor: { kind: 'system' }, audit: this.audit };
    const issued = await this.db.transaction(async (em) => {
      // Two set-ups at once: the second waits here and then finds the organisation.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['kanava-first-run-setup']);
      if (await em.exists(Organisation, {})) throw notAvailable();
      const org = await this.provisioning.createOrganisation(
        {
          slug: dto.organisation.slug.trim(),
          name: dto.organisation.name,
          recoveryPublicKey: fromB64(dto.organisation.recoveryPublicKey, 32),
          directoryPublicKey: dto.organisation.directoryPublicKey ? fromB64(dto.organisation.directoryPublicKey, 32) : null,
        },
        by,
        em,
      );
      const { channel } = await this.provisioning.createChannel({ organisationId: org.id, name: dto.channel.name }, by, em);
      if (dto.channel.defaultQuestionnaire) {
        await addDefaultQuestionnaire(em, channel.id);
      }
      const invitation = await this.invitations.issue(em, org.id, by.actor, {
        email: dto.admin.email,
        displayName: dto.admin.displayName,
        roles: dto.admin.handler ? ['admin', 'handler'] : ['admin'],
        designations: dto.admin.handler ? [{ channelId: channel.id, role: 'handler' }] : [],
      });
      return { org, channel, invitation };
    });
    // Spent: the organisation exists, and the token opens nothing any more.
    this.tokenDigest = null;
    const delivered = await this.invitations.deliver(issued.invitation);
    return { organisationId: issued.org.id, slug: issued.org.slug, channelId: issued.channel.id, ...delivered };
  }
}
