import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { caseSecretSalt, toB64 } from '@kanava/crypto';
import { Category, Channel, ChannelMember, MemberRole, Organisation, StaffUser } from '@kanava/database';
import { ReporterErrorCode, reporterError } from '../errors';

export interface Recipient {
  userId: string;
  displayName: string;
  boxPublicKey: Buffer;
  signPublicKey: Buffer;
}

/** Public facts about organisations and the staff keys a reporter encrypts to. */
@Injectable()
export class DirectoryService {
  constructor(private readonly db: DataSource) {}

  async organisation(slug: string) {
    const org = await this.db.getRepository(Organisation).findOne({ where: { slug } });
    if (!org) throw reporterError(ReporterErrorCode.OrganisationNotFound);
    const channels = await this.db.getRepository(Channel).find({ where: { organisationId: org.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const categories = channels.length
      ? await this.db
          .getRepository(Category)
          .createQueryBuilder('c')
          .where('c.channel_id IN (:...ids)', { ids: channels.map((c) => c.id) })
          .orderBy('c.position', 'ASC')
          .addOrderBy('c.label', 'ASC')
          .getMany()
      : [];
    return {
      id: org.id,
      slug: org.slug,
      name: org.name,
      caseSecretSalt: toB64(caseSecretSalt(org.id)),
      recoveryPublicKey: org.recoveryPublicKey ? toB64(org.recoveryPublicKey) : null,
      // Extension of API.md (docs/reporter-portal.md): the organisation's own text for the portal's information page.
      informationPage: org.informationPage ?? null,
      channels: channels.map((ch) => ({
        id: ch.id,
        name: ch.name,
        description: ch.description,
        allowAnonymous: ch.allowAnonymous,
        exclusionEnabled: ch.exclusionEnabled,
        categories: categories.filter((c) => c.channelId === ch.id).map((c) => ({ id: c.id, label: c.label })),
      })),
    };
  }

  async recipientsView(channelId: string) {
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId } });
    if (!channel) throw reporterError(ReporterErrorCode.ChannelNotFound);
    const { handlers, custodians } = await this.recipients(this.db.manager, channelId);
    return {
      handlers: handlers.map((h) => ({
        userId: h.userId,
        displayName: h.displayName,
        boxPublicKey: toB64(h.boxPublicKey),
        signPublicKey: toB64(h.signPublicKey),
      })),
      custodians: custodians.map((c) => ({ userId: c.userId, boxPublicKey: toB64(c.boxPublicKey), signPublicKey: toB64(c.signPublicKey) })),
    };
  }

  /** The channel's handlers and custodians a report is sealed to, in one query. */
  async recipients(em: EntityManager, channelId: string): Promise<{ handlers: Recipient[]; custodians: Recipient[] }> {
    const rows = await this.members(em, channelId, ['handler', 'custodian']);
    return { handlers: rows.filter((r) => r.role === 'handler'), custodians: rows.filter((r) => r.role === 'custodian') };
  }

  /** Active members of a channel in the given roles who also hold that staff role. */
  async members(em: EntityManager, channelId: string, roles: MemberRole[]): Promise<(Recipient & { role: MemberRole })[]> {
    const rows = await em
      .getRepository(ChannelMember)
      .createQueryBuilder('m')
      .innerJoin(StaffUser, 'u', 'u.id = m.user_id')
      .select([
        'm.role AS role',
        'u.id AS "userId"',
        'u.display_name AS "displayName"',
        'u.box_public_key AS "boxPublicKey"',
        'u.sign_public_key AS "signPublicKey"',
      ])
      .where('m.channel_id = :channelId AND m.role IN (:...roles) AND u.active AND m.role = ANY(u.roles)', { channelId, roles })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getRawMany<Recipient & { role: MemberRole }>();
    return rows;
  }
}
