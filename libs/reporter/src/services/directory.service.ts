import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { caseSecretSalt, toB64 } from '@kanava/crypto';
import { Category, Channel, ChannelMember, MemberRole, Organisation, StaffUser } from '@kanava/database';
import { ReporterErrorCode, reporterError } from '../errors';

/** A designation counts only for an active account that still holds the designated role (m: channel_members, u: staff_users). */
const MEMBER_HOLDS_ROLE = 'u.active AND m.role = ANY(u.roles)';

export interface Recipient {
  userId: string;
  displayName: string;
  boxPublicKey: Buffer;
  signPublicKey: Buffer;
}

/** What a submission is checked against, read in one statement (see `DirectoryService.submissionContext`). */
export interface SubmissionContext {
  organisationId: string;
  allowAnonymous: boolean;
  exclusionEnabled: boolean;
  hasRecoveryKey: boolean;
  categoryKnown: boolean;
  handlerIds: string[];
  custodianIds: string[];
  caseIdTaken: boolean;
  lookupTokenTaken: boolean;
  itemIdTaken: boolean;
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

  /**
   * Everything a new report is checked against, in one statement (a submission's hot
   * path): the channel and its organisation's recovery key, whether the category belongs
   * to the channel, the ids of the handlers and custodians it must be sealed to (the rule
   * of `members`), and whether the case id, lookup token or any item id is taken. Null for
   * an unknown channel.
   */
  async submissionContext(
    channelId: string,
    categoryId: string | null,
    claimed: { caseId: string; lookupTokenHash: Buffer; itemIds: string[] },
  ): Promise<SubmissionContext | null> {
    const rows: SubmissionContext[] = await this.db.query(
      `SELECT ch.organisation_id AS "organisationId", ch.allow_anonymous AS "allowAnonymous", ch.exclusion_enabled AS "exclusionEnabled",
              o.recovery_public_key IS NOT NULL AS "hasRecoveryKey",
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM categories WHERE id = $2 AND channel_id = ch.id)) AS "categoryKnown",
              ARRAY(SELECT u.id FROM channel_members m JOIN staff_users u ON u.id = m.user_id
                     WHERE m.channel_id = ch.id AND m.role = 'handler' AND ${MEMBER_HOLDS_ROLE}) AS "handlerIds",
              ARRAY(SELECT u.id FROM channel_members m JOIN staff_users u ON u.id = m.user_id
                     WHERE m.channel_id = ch.id AND m.role = 'custodian' AND ${MEMBER_HOLDS_ROLE}) AS "custodianIds",
              EXISTS (SELECT 1 FROM cases WHERE id = $3) AS "caseIdTaken",
              EXISTS (SELECT 1 FROM cases WHERE lookup_token_hash = $4) AS "lookupTokenTaken",
              EXISTS (SELECT 1 FROM case_items WHERE id = ANY($5::uuid[])) AS "itemIdTaken"
         FROM channels ch JOIN organisations o ON o.id = ch.organisation_id
        WHERE ch.id = $1`,
      [channelId, categoryId, claimed.caseId, claimed.lookupTokenHash, claimed.itemIds],
    );
    return rows[0] ?? null;
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
      .where(`m.channel_id = :channelId AND m.role IN (:...roles) AND ${MEMBER_HOLDS_ROLE}`, { channelId, roles })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getRawMany<Recipient & { role: MemberRole }>();
    return rows;
  }
}
