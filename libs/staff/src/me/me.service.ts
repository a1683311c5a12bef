import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { toB64 } from '@kanava/crypto';
import { AuditSink, BadRequestError } from '@kanava/common';
import { ChannelMember, StaffUser } from '@kanava/database';
import type { StaffActor } from '@kanava/access';
import { CONFIDENTIALITY_NOTICE, type NoticeLanguage } from './confidentiality-notice';
import { StaffErrorCode } from '../errors';

/** A handler's or custodian's own affairs: the confidentiality notice and the colleague directory. */
@Injectable()
export class MeService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
  ) {}

  /** The notice in one language; `acceptedAt` is set when this user accepted its version, in whichever language. */
  async notice(actor: StaffActor, language: NoticeLanguage = 'en') {
    const user = await this.db.getRepository(StaffUser).findOneByOrFail({ id: actor.userId });
    const accepted = user.confidentialityVersion === CONFIDENTIALITY_NOTICE.version;
    return {
      version: CONFIDENTIALITY_NOTICE.version,
      language,
      text: CONFIDENTIALITY_NOTICE.texts[language],
      acceptedAt: accepted ? (user.confidentialityAcceptedAt?.toISOString() ?? null) : null,
    };
  }

  async acceptNotice(actor: StaffActor, version: number, language?: NoticeLanguage): Promise<void> {
    if (version !== CONFIDENTIALITY_NOTICE.version)
      throw new BadRequestError(StaffErrorCode.NoticeOutdated, 'A newer notice exists; read it and accept that one.');
    await this.db.transaction(async (em) => {
      await em.update(StaffUser, { id: actor.userId }, { confidentialityAcceptedAt: new Date(), confidentialityVersion: version });
      await this.audit.record(em, {
        organisationId: actor.organisationId,
        actor: { kind: 'staff', id: actor.userId, role: actor.roles.includes('handler') ? 'handler' : 'custodian' },
        action: 'confidentiality.accepted',
        details: language ? { version, language } : { version },
      });
    });
  }

  async directory(actor: StaffActor) {
    const users = await this.db.getRepository(StaffUser).find({ where: { organisationId: actor.organisationId, active: true }, order: { displayName: 'ASC' } });
    const members = await this.db.getRepository(ChannelMember).find({ where: { userId: In(users.map((u) => u.id)) } });
    return users
      .filter((u) => u.roles.includes('handler') || u.roles.includes('custodian'))
      .map((u) => ({
        userId: u.id,
        displayName: u.displayName,
        roles: u.roles.filter((r) => r === 'handler' || r === 'custodian'),
        boxPublicKey: toB64(u.boxPublicKey),
        // No fingerprint: one the server computed is only its word; the console computes and pins its own.
        signPublicKey: toB64(u.signPublicKey),
        designations: members.filter((m) => m.userId === u.id).map((m) => ({ channelId: m.channelId, role: m.role })),
      }));
  }
}
