import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditActor, AuditSink, BadRequestError, KanavaConfig, MailService, NotFoundError } from '@kanava/common';
import { Channel, Organisation, StaffInvitation, StaffUser } from '@kanava/database';
import { ActivateDto, InviteDto } from '../dto/invitation.dto';
import { newTotpSecret, TotpService, totpFor } from '../factors/totp';
import { sha256 } from '../provisioning/account-keys';
import { assertRoles, EMAIL, ProvisioningService } from '../provisioning/provisioning.service';
import { assertAcceptedKdf } from '../auth/kdf';
import { StaffErrorCode } from '../errors';

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function invalidInvitation(): NotFoundError {
  return new NotFoundError(
    StaffErrorCode.InvitationInvalid,
    'This invitation link is not valid: it was used already, it expired, or it was mistyped. Ask your administrator for a new one.',
  );
}

/** An invitation just written, with the token its link carries (only its hash is stored). */
export interface IssuedInvitation {
  invitation: StaffInvitation;
  token: string;
}

/** Staff join by invitation: an admin invites, the invitee's client makes every key, the server stores public parts. */
@Injectable()
export class InvitationService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly mail: MailService,
    private readonly totp: TotpService,
    private readonly provisioning: ProvisioningService,
    private readonly audit: AuditSink,
  ) {}

  /**
   * Creates a single-use, expiring invitation and mails its link. Without an SMTP
   * server (also when demo mail goes to the outbox) the link is returned to the
   * inviting admin to pass on.
   */
  async invite(
    organisationId: string,
    invitedBy: string,
    dto: InviteDto,
  ): Promise<{ invitationId: string; expiresAt: string; mailed: boolean; activationUrl?: string }> {
    const issued = await this.db.transaction((em) => this.issue(em, organisationId, { kind: 'staff', id: invitedBy, role: 'admin' }, dto));
    return this.deliver(issued);
  }

  /**
   * The invitation row and its audit event, in `em`'s transaction: by an admin, or (actor
   * `system`, no inviter) by the first-run set-up for the organisation's first admin.
   */
  async issue(em: EntityManager, organisationId: string, actor: AuditActor, dto: InviteDto): Promise<IssuedInvitation> {
    const email = dto.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new BadRequestError(StaffErrorCode.InvalidEmail, 'That is not an e-mail address.');
    assertRoles(dto.roles);
    for (const d of dto.designations) {
      if (!dto.roles.includes(d.role)) throw new BadRequestError(StaffErrorCode.DesignationNeedsRole, `A ${d.role} designation needs the ${d.role} role.`);
    }
    const channelIds = [...new Set(dto.designations.map((d) => d.channelId))];
    const found = channelIds.length ? await em.getRepository(Channel).count({ where: { id: In(channelIds), organisationId } }) : 0;
    if (found !== channelIds.length) throw new NotFoundError(StaffErrorCode.ChannelNotFound, 'A designated channel does not exist in this organisation.');
    if (await em.getRepository(StaffUser).exists({ where: { email } }))
      throw new BadRequestError(StaffErrorCode.EmailTaken, `${email} has an account already.`);

    const token = randomBytes(32).toString('base64url');
    const invitation = await em.getRepository(StaffInvitation).save({
      id: randomUUID(),
      organisationId,
      email,
      displayName: dto.displayName.trim(),
      roles: dto.roles,
      designations: dto.designations.map((d) => ({ channelId: d.channelId, role: d.role })),
      tokenHash: tokenHash(token),
      invitedBy: actor.kind === 'staff' ? actor.id : null,
      pendingTotpSecret: null,
      expiresAt: new Date(Date.now() + this.config.invitationTtlHours * 3600_000),
      usedAt: null,
    });
    await this.audit.record(em, {
      organisationId,
      actor,
      action: 'staff.invited',
      details: { invitationId: invitation.id, roles: dto.roles.join(',') },
    });
    return { invitation, token };
  }

  /** Mails an issued invitation's link; without a real mail server the link is returned to pass on. */
  async deliver({ invitation, token }: IssuedInvitation): Promise<{ invitationId: string; expiresAt: string; mailed: boolean; activationUrl?: string }> {
    const org = await this.db.getRepository(Organisation).findOneByOrFail({ id: invitation.organisationId });
    const activationUrl = `${this.config.publicUrl}/staff/activate#${token}`;
    // A mail server that fails must not leave the admin with a live invitation and no link.
    const delivered = await this.mail
      .send({
        to: invitation.email,
        subject: `Your Kanava account at ${org.name}`,
        text: [
          `You have been invited to handle whistleblowing reports for ${org.name} in Kanava.`,
          '',
          `Activate your account within ${this.config.invitationTtlHours} hours: ${activationUrl}`,
          '',
          'The link works once. If you did not expect this, ignore this message.',
        ].join('\n'),
      })
      .catch(() => false as const);
    // Only a real mail server counts as mailed: the demo outbox is a file on the server, so the admin gets the link too.
    const mailed = delivered === 'smtp';
    return { invitationId: invitation.id, expiresAt: invitation.expiresAt.toISOString(), mailed, ...(mailed ? {} : { activationUrl }) };
  }

  /** Open invitations of the organisation (not used, not expired), newest first. */
  async listOpen(organisationId: string) {
    const rows = await this.db.getRepository(StaffInvitation).find({
      where: { organisationId, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
    });
    return rows.map((i) => ({
      id: i.id,
      email: i.email,
      displayName: i.displayName,
      roles: i.roles,
      invitedBy: i.invitedBy,
      expiresAt: i.expiresAt.toISOString(),
    }));
  }

  /** Withdraws an open invitation: its link stops working at once. */
  async revoke(organisationId: string, actorId: string, invitationId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(StaffInvitation, { id: invitationId, organisationId, usedAt: IsNull() });
      if (!result.affected) throw new NotFoundError(StaffErrorCode.InvitationNotFound, 'No such open invitation.');
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'staff.invitation_revoked',
        details: { invitationId },
      });
    });
  }

  async describe(token: string) {
    const inv = await this.live(token);
    const org = await this.db.getRepository(Organisation).findOneByOrFail({ id: inv.organisationId });
    return { email: inv.email, displayName: inv.displayName, roles: inv.roles, organisationName: org.name, expiresAt: inv.expiresAt.toISOString() };
  }

  /** Offers a TOTP secret for the authenticator app; calling again replaces it. */
  async offerTotp(token: string): Promise<{ secret: string; otpauthUrl: string }> {
    const inv = await this.live(token);
    const secret = newTotpSecret();
    await this.db.getRepository(StaffInvitation).update({ id: inv.id }, { pendingTotpSecret: this.totp.seal(secret) });
    return { secret, otpauthUrl: totpFor(secret, inv.email).toString() };
  }

  /** Creates the account from the client's material; the invitation is spent. Returns the backup codes, once. */
  async activate(token: string, dto: ActivateDto): Promise<{ userId: string; backupCodes: string[] }> {
    const kdf = assertAcceptedKdf(dto.kdf);
    return this.db.transaction(async (em) => {
      const inv = await em
        .getRepository(StaffInvitation)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.token_hash = :h AND i.used_at IS NULL AND i.expires_at > now()', { h: tokenHash(token) })
        .getOne();
      if (!inv) throw invalidInvitation();
      if (!inv.pendingTotpSecret) throw new BadRequestError(StaffErrorCode.TotpNotSetUp, 'Set up the authenticator app first (POST …/totp).');
      const step = this.totp.accept(this.totp.open(inv.pendingTotpSecret), dto.totp, 0);
      if (step === null) {
        throw new BadRequestError(StaffErrorCode.TotpInvalid, 'The code from the authenticator app is not right; check the time on your phone and try again.');
      }
      // The invitation speaks for its admin only while they are still an active admin; the first-run
      // set-up's (no inviter, made with the one-time set-up token) stands on its own.
      if (inv.invitedBy !== null) {
        const inviter = await em.findOne(StaffUser, { where: { id: inv.invitedBy, organisationId: inv.organisationId } });
        if (!inviter || !inviter.active || !inviter.roles.includes('admin')) throw invalidInvitation();
      }
      const user = await this.provisioning.insertAccount(em, {
        organisationId: inv.organisationId,
        email: inv.email,
        displayName: inv.displayName,
        roles: inv.roles,
        material: {
          boxPublicKey: fromB64(dto.boxPublicKey, 32),
          signPublicKey: fromB64(dto.signPublicKey, 32),
          kdf,
          salt: fromB64(dto.salt, 16),
          authKeyHash: sha256(fromB64(dto.authKey, 32)),
          keyBundle: fromB64(dto.keyBundle),
          recoveryKeyBundle: fromB64(dto.recoveryKeyBundle),
          recoveryAuthHash: sha256(fromB64(dto.recoveryResetKey, 32)),
        },
        totpSealed: inv.pendingTotpSecret,
        designations: inv.designations,
        designatedBy: inv.invitedBy,
        createdBy: { via: 'invitation', operator: null },
      });
      // The activation code is spent: it cannot be replayed at the first sign-in.
      await em.update(StaffUser, { id: user.id }, { totpLastStep: String(step) });
      await em.update(StaffInvitation, { id: inv.id }, { usedAt: new Date() });
      await this.audit.record(em, {
        organisationId: inv.organisationId,
        actor: { kind: 'staff', id: user.id, role: user.roles[0] },
        action: 'staff.activated',
        details: { invitationId: inv.id },
      });
      return { userId: user.id, backupCodes: await this.provisioning.issueBackupCodes(em, user.id) };
    });
  }

  private async live(token: string): Promise<StaffInvitation> {
    const inv = await this.db
      .getRepository(StaffInvitation)
      .findOne({ where: { tokenHash: tokenHash(token), usedAt: IsNull(), expiresAt: MoreThan(new Date()) } });
    if (!inv) throw invalidInvitation();
    return inv;
  }
}
