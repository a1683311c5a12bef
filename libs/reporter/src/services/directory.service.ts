import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { caseSecretSalt, toB64 } from '@kanava/crypto';
import { Clock } from '@kanava/common';
import { Category, Channel, ChannelMember, MemberRole, Organisation, param, Sql, sql, StaffUser } from '@kanava/database';
import { directoryListedSql } from '@kanava/protocol';
import { ReporterErrorCode, reporterError } from '../errors';

/**
 * A designation counts only for an active account that still holds the designated
 * role and, where the organisation has a key directory, whose current signed entry
 * lists that role with the account's keys (m: channel_members, u: staff_users; `at`:
 * the time as an SQL expression). So the recipients served, the grants a submission
 * must carry and the keys a verifying portal accepts are one set.
 */
const memberHoldsRole = (at: string) => `u.active AND m.role = ANY(u.roles) AND ${directoryListedSql('u', 'm.role', at)}`;

export interface Recipient {
  userId: string;
  displayName: string;
  boxPublicKey: Buffer;
  signPublicKey: Buffer;
}

/** What a submission is checked against (see `DirectoryService.submissionContextRead`). */
export interface SubmissionContext {
  organisationId: string;
  allowAnonymous: boolean;
  exclusionEnabled: boolean;
  hasRecoveryKey: boolean;
  categoryKnown: boolean;
  /** No questionnaire was named, or it is a version of this channel's. */
  questionnaireKnown: boolean;
  handlerIds: string[];
  custodianIds: string[];
  caseIdTaken: boolean;
  lookupTokenTaken: boolean;
}

/** Public facts about organisations and the staff keys a reporter encrypts to. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Channel id → organisation id, for channels found (see `organisationOf`). */
  private readonly channelOrganisations = new Map<string, string>();

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
      // Extension of API.md (docs/reporter-protocol-extensions.md): the key that signs the key directory.
      directoryPublicKey: org.directoryPublicKey ? toB64(org.directoryPublicKey) : null,
      // Extension of API.md (docs/reporter-portal.md): the organisation's own text for the portal's information page.
      informationPage: org.informationPage ?? null,
      // Extension (docs/reporter-protocol-extensions.md, "Languages the organisation adds"): the
      // languages beyond fi, sv and en that the texts above and the channels' may be given in.
      textLanguages: org.textLanguages,
      channels: channels.map((ch) => ({
        id: ch.id,
        name: ch.name,
        description: ch.description,
        allowAnonymous: ch.allowAnonymous,
        exclusionEnabled: ch.exclusionEnabled,
        // Extension of API.md (docs/reporter-protocol-extensions.md): the portal offers voice messages.
        voiceEnabled: ch.voiceEnabled,
        // Extension: reporters may ask for a meeting or a call (docs/reporter-protocol-extensions.md "Meetings and calls").
        meetingsEnabled: ch.meetingsEnabled,
        // Extension of API.md (docs/reporter-protocol-extensions.md): name and description per language; `name` and `description` stay the default.
        translations: ch.translations,
        categories: categories.filter((c) => c.channelId === ch.id).map((c) => ({ id: c.id, label: c.label, translations: c.translations })),
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
   * The organisation a channel belongs to, or null for no such channel. A channel never
   * moves to another organisation, so a found answer is kept: a submission then knows its
   * organisation's budget before its first statement (see `SubmissionService.submit`).
   */
  async organisationOf(channelId: string): Promise<string | null> {
    const known = this.channelOrganisations.get(channelId);
    if (known) return known;
    const channel = await this.db.getRepository(Channel).findOne({ select: { organisationId: true }, where: { id: channelId } });
    if (channel) this.channelOrganisations.set(channelId, channel.organisationId);
    return channel?.organisationId ?? null;
  }

  /**
   * Everything a new report is checked against, as one expression to put in the
   * submission's statement (its hot path): the channel and its organisation's recovery
   * key, whether the category belongs to the channel, the ids of the handlers and
   * custodians it must be sealed to (the rule of `members`), and whether the case id or
   * lookup token is taken. It evaluates to a `SubmissionContext` as JSON, or to null for
   * an unknown channel: a fragment for the statement builder (`sql`).
   * Item ids are left to case_items' primary key when the report is inserted: a check
   * here (EXISTS over `id = ANY(...)`) was planned, once the statement was prepared, as a
   * scan that stops at the first match, and the usual answer, no match, read the whole
   * table on every submission (see test/generic-plans.e2e-spec.ts).
   */
  submissionContextRead(
    channelId: string,
    categoryId: string | null,
    claimed: { caseId: string; lookupTokenHash: Buffer },
    questionnaireId: string | null = null,
  ): Sql {
    const category = param(categoryId);
    const questionnaire = param(questionnaireId);
    const holdsRole = Sql.numbered(memberHoldsRole('$1'), [this.clock.now()]);
    return sql`(SELECT row_to_json(context) FROM (
        SELECT ch.organisation_id AS "organisationId", ch.allow_anonymous AS "allowAnonymous", ch.exclusion_enabled AS "exclusionEnabled",
               o.recovery_public_key IS NOT NULL AS "hasRecoveryKey",
               (${category}::uuid IS NULL OR EXISTS (SELECT 1 FROM categories WHERE id = ${category}::uuid AND channel_id = ch.id)) AS "categoryKnown",
               (${questionnaire}::uuid IS NULL OR EXISTS (SELECT 1 FROM questionnaires WHERE id = ${questionnaire}::uuid AND channel_id = ch.id)) AS "questionnaireKnown",
               ARRAY(SELECT u.id FROM channel_members m JOIN staff_users u ON u.id = m.user_id
                      WHERE m.channel_id = ch.id AND m.role = 'handler' AND ${holdsRole}) AS "handlerIds",
               ARRAY(SELECT u.id FROM channel_members m JOIN staff_users u ON u.id = m.user_id
                      WHERE m.channel_id = ch.id AND m.role = 'custodian' AND ${holdsRole}) AS "custodianIds",
               EXISTS (SELECT 1 FROM cases WHERE id = ${claimed.caseId}::uuid) AS "caseIdTaken",
               EXISTS (SELECT 1 FROM cases WHERE lookup_token_hash = ${claimed.lookupTokenHash}::bytea) AS "lookupTokenTaken"
          FROM channels ch JOIN organisations o ON o.id = ch.organisation_id
         WHERE ch.id = ${channelId}::uuid) AS context)`;
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
      .where(`m.channel_id = :channelId AND m.role IN (:...roles) AND ${memberHoldsRole(':at')}`, { channelId, roles, at: this.clock.now() })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getRawMany<Recipient & { role: MemberRole }>();
    return rows;
  }
}
