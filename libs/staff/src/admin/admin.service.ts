import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { fingerprint, fromB64 } from '@kanava/crypto';
import { AuditDetail, AuditSink, BadRequestError, CaseGrantsPort, ConflictError, KanavaConfig, NotFoundError } from '@kanava/common';
import {
  Category,
  CategoryTranslations,
  Channel,
  ChannelMember,
  ChannelTranslations,
  InformationPage,
  MemberRole,
  Organisation,
  StaffRole,
  StaffUser,
  TEXT_LANGUAGES,
} from '@kanava/database';
import { ChannelTranslationsDto, CreateChannelDto, InformationPageDto, UpdateChannelDto, UpdateStaffDto } from '../dto/admin.dto';
import { throttleKey } from '../auth/throttle';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { StaffErrorCode } from '../errors';

/** Organisation administration. Invariant: nothing here reads or returns case content or identities. */
@Injectable()
export class AdminService {
  constructor(
    private readonly db: DataSource,
    private readonly provisioning: ProvisioningService,
    private readonly config: KanavaConfig,
    private readonly audit: AuditSink,
    private readonly grants: CaseGrantsPort,
  ) {}

  /** Records an admin action (never names or addresses: ids and codes only). */
  private event(em: EntityManager, organisationId: string, actorId: string, action: string, details: Record<string, AuditDetail> = {}): Promise<void> {
    return this.audit.record(em, { organisationId, actor: { kind: 'staff', id: actorId, role: 'admin' }, action, details });
  }

  private serverSecret(): string {
    if (!this.config.serverSecret) throw new Error('server secret is not configured');
    return this.config.serverSecret;
  }

  async listStaff(organisationId: string) {
    const users = await this.db.getRepository(StaffUser).find({ where: { organisationId }, order: { displayName: 'ASC', id: 'ASC' } });
    const lockedRows = (await this.db.query('SELECT key_hash FROM login_throttle WHERE locked_until > now() AND key_hash = ANY($1)', [
      users.map((u) => throttleKey(this.serverSecret(), u.email)),
    ])) as { key_hash: Buffer }[];
    const locked = new Set(lockedRows.map((r) => r.key_hash.toString('hex')));
    const members = await this.db
      .getRepository(ChannelMember)
      .createQueryBuilder('m')
      .innerJoin(Channel, 'c', 'c.id = m.channel_id')
      .where('c.organisation_id = :organisationId', { organisationId })
      .getMany();
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: u.roles,
      active: u.active,
      deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
      locked: locked.has(throttleKey(this.serverSecret(), u.email).toString('hex')),
      confidentialityAcceptedAt: u.confidentialityAcceptedAt?.toISOString() ?? null,
      fingerprint: fingerprint(u.boxPublicKey, u.signPublicKey),
      designations: members.filter((m) => m.userId === u.id).map((m) => ({ channelId: m.channelId, role: m.role })),
    }));
  }

  async updateStaff(organisationId: string, actorId: string, userId: string, dto: UpdateStaffDto): Promise<void> {
    await this.db.transaction(async (em) => {
      const user = await this.user(em, organisationId, userId);
      if (dto.roles) {
        // Invariant: nobody changes their own roles, so an admin cannot make themselves a handler of cases.
        if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotChangeOwnRoles, 'You cannot change your own roles; ask another admin.');
        // A role taken away takes its designations and their case keys with it.
        for (const role of ['handler', 'custodian'] as MemberRole[]) {
          if (user.roles.includes(role) && !dto.roles.includes(role)) {
            await em.delete(ChannelMember, { userId, role });
            await this.grants.revoke(em, userId, role, null);
          }
        }
        user.roles = dto.roles as StaffRole[];
      }
      if (dto.displayName) user.displayName = dto.displayName.trim();
      await em.save(user);
      await this.event(em, organisationId, actorId, 'staff.updated', { userId, roles: user.roles.join(','), renamed: !!dto.displayName });
    });
  }

  /** Deactivation: no sign-in, no session, no designation, no grant. */
  async deactivate(organisationId: string, actorId: string, userId: string): Promise<{ grantsRemoved: number }> {
    if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotDeactivateSelf, 'You cannot deactivate your own account.');
    return this.db.transaction(async (em) => {
      const user = await this.user(em, organisationId, userId);
      if (!user.active) throw new ConflictError(StaffErrorCode.AlreadyDeactivated, 'This account is deactivated already.');
      const grantsRemoved = await this.grants.revoke(em, userId, 'all', null);
      await em.delete(ChannelMember, { userId });
      await em.query('DELETE FROM staff_sessions WHERE user_id = $1', [userId]);
      await em.update(StaffUser, { id: userId }, { active: false, deactivatedAt: new Date() });
      await this.event(em, organisationId, actorId, 'staff.deactivated', { userId, grantsRemoved });
      return { grantsRemoved };
    });
  }

  async unlock(organisationId: string, actorId: string, userId: string): Promise<void> {
    const user = await this.user(this.db.manager, organisationId, userId);
    await this.db.transaction(async (em) => {
      await em.query('DELETE FROM login_throttle WHERE key_hash = $1', [throttleKey(this.serverSecret(), user.email)]);
      await this.event(em, organisationId, actorId, 'staff.unlocked', { userId });
    });
  }

  async listChannels(organisationId: string) {
    const channels = await this.db.getRepository(Channel).find({ where: { organisationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const categories = await this.db
      .getRepository(Category)
      .createQueryBuilder('c')
      .innerJoin(Channel, 'ch', 'ch.id = c.channel_id')
      .where('ch.organisation_id = :organisationId', { organisationId })
      .orderBy('c.position', 'ASC')
      .getMany();
    return channels.map((ch) => ({
      id: ch.id,
      name: ch.name,
      description: ch.description,
      allowAnonymous: ch.allowAnonymous,
      exclusionEnabled: ch.exclusionEnabled,
      voiceEnabled: ch.voiceEnabled,
      meetingsEnabled: ch.meetingsEnabled,
      retentionDays: ch.retentionDays,
      closedRetentionDays: ch.closedRetentionDays,
      translations: ch.translations,
      categories: categories.filter((c) => c.channelId === ch.id).map((c) => ({ id: c.id, label: c.label, translations: c.translations })),
    }));
  }

  async createChannel(organisationId: string, actorId: string, dto: CreateChannelDto) {
    const { channel, categories } = await this.provisioning.createChannel(
      { organisationId, ...dto },
      { actor: { kind: 'staff', id: actorId, role: 'admin' }, audit: this.audit },
    );
    return { id: channel.id, categories: categories.map((c) => ({ id: c.id, label: c.label })) };
  }

  async updateChannel(organisationId: string, actorId: string, channelId: string, dto: UpdateChannelDto): Promise<void> {
    const channel = await this.channel(organisationId, channelId);
    const changed = Object.entries(dto).filter(([, v]) => v !== undefined);
    Object.assign(channel, Object.fromEntries(changed));
    await this.db.transaction(async (em) => {
      await em.getRepository(Channel).save(channel);
      await this.event(em, organisationId, actorId, 'channel.updated', { channelId, fields: changed.map(([k]) => k).join(',') });
    });
  }

  async addCategory(organisationId: string, actorId: string, channelId: string, label: string) {
    await this.channel(organisationId, channelId);
    const position = await this.db.getRepository(Category).count({ where: { channelId } });
    const category = await this.db.getRepository(Category).save({ id: randomUUID(), channelId, label: label.trim(), position });
    await this.event(this.db.manager, organisationId, actorId, 'category.created', { channelId, categoryId: category.id });
    return { id: category.id, label: category.label };
  }

  async renameCategory(organisationId: string, actorId: string, categoryId: string, label: string): Promise<void> {
    const category = await this.db
      .getRepository(Category)
      .createQueryBuilder('c')
      .innerJoin(Channel, 'ch', 'ch.id = c.channel_id')
      .where('c.id = :categoryId AND ch.organisation_id = :organisationId', { categoryId, organisationId })
      .getOne();
    if (!category) throw new NotFoundError(StaffErrorCode.CategoryNotFound, 'No such category.');
    await this.db.transaction(async (em) => {
      await em.getRepository(Category).update({ id: categoryId }, { label: label.trim() });
      await this.event(em, organisationId, actorId, 'category.updated', { categoryId });
    });
  }

  /**
   * Replaces the channel's and its categories' texts per language. Everything is checked
   * before anything is written: a language twice or a category of another channel
   * answers 400 and changes nothing. The audit event names the languages, never the texts.
   */
  async setChannelTranslations(organisationId: string, actorId: string, channelId: string, dto: ChannelTranslationsDto): Promise<void> {
    await this.channel(organisationId, channelId);
    const seen = new Set<string>();
    for (const entry of dto.languages) {
      if (seen.has(entry.language)) throw new BadRequestError(StaffErrorCode.DuplicateLanguage, `The language ${entry.language} is given more than once.`);
      seen.add(entry.language);
    }
    const categories = await this.db.getRepository(Category).find({ where: { channelId } });
    const known = new Set(categories.map((c) => c.id));
    const channelTexts: ChannelTranslations = {};
    const labels = new Map<string, CategoryTranslations>(categories.map((c) => [c.id, {}]));
    for (const entry of dto.languages) {
      const name = entry.name?.trim();
      const description = entry.description?.trim();
      if (name || description) channelTexts[entry.language] = { ...(name ? { name } : {}), ...(description ? { description } : {}) };
      const labelled = new Set<string>();
      for (const item of entry.categories ?? []) {
        if (!known.has(item.categoryId))
          throw new BadRequestError(StaffErrorCode.CategoryNotInChannel, `The category ${item.categoryId} is not one of this channel's categories.`);
        if (labelled.has(item.categoryId))
          throw new BadRequestError(StaffErrorCode.DuplicateCategory, `The category ${item.categoryId} is given more than once for ${entry.language}.`);
        labelled.add(item.categoryId);
        const label = item.label.trim();
        if (label) labels.get(item.categoryId)![entry.language] = { label };
      }
    }
    const languages = TEXT_LANGUAGES.filter((l) => channelTexts[l] || [...labels.values()].some((t) => t[l]));
    await this.db.transaction(async (em) => {
      await em.update(Channel, { id: channelId }, { translations: channelTexts });
      for (const [categoryId, translations] of labels) await em.update(Category, { id: categoryId }, { translations });
      await this.event(em, organisationId, actorId, 'channel.translations_updated', { channelId, languages: languages.join(',') });
    });
  }

  /** Designates a user for a channel (R10: records who designated whom, when). */
  async designate(organisationId: string, actorId: string, channelId: string, userId: string, role: MemberRole): Promise<void> {
    if (userId === actorId) throw new BadRequestError(StaffErrorCode.CannotDesignateSelf, 'You cannot designate yourself; ask another admin.');
    await this.channel(organisationId, channelId);
    const user = await this.user(this.db.manager, organisationId, userId);
    if (!user.active) throw new BadRequestError(StaffErrorCode.AccountDeactivated, 'A deactivated account cannot be designated.');
    if (!user.roles.includes(role)) throw new BadRequestError(StaffErrorCode.DesignationNeedsRole, `Give the person the ${role} role first.`);
    if (await this.db.getRepository(ChannelMember).exists({ where: { channelId, userId, role } }))
      throw new ConflictError(StaffErrorCode.AlreadyDesignated, 'Already designated.');
    await this.db.transaction(async (em) => {
      await em.getRepository(ChannelMember).save({ channelId, userId, role, designatedBy: actorId });
      await this.event(em, organisationId, actorId, 'designation.added', { channelId, userId, role });
    });
  }

  /** Ends a designation and removes its case keys at once (R14). */
  async undesignate(organisationId: string, actorId: string, channelId: string, userId: string, role: MemberRole): Promise<{ grantsRemoved: number }> {
    await this.channel(organisationId, channelId);
    return this.db.transaction(async (em) => {
      const result = await em.delete(ChannelMember, { channelId, userId, role });
      if (!result.affected) throw new NotFoundError(StaffErrorCode.DesignationNotFound, 'No such designation.');
      const grantsRemoved = await this.grants.revoke(em, userId, role, [channelId]);
      await this.event(em, organisationId, actorId, 'designation.removed', { channelId, userId, role, grantsRemoved });
      return { grantsRemoved };
    });
  }

  /**
   * Who is designated where, by whom and since when, and how many cases each can open (R14);
   * accounts an operator made outside the console are marked, with the operator's name (R38).
   */
  async accessReview(organisationId: string) {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ch.id AS "channelId", ch.name AS "channelName", m.role, u.id AS "userId", u.display_name AS "displayName", u.email,
              u.created_via AS "createdVia", u.created_by_operator AS "createdByOperator",
              m.designated_by AS "designatedBy", d.display_name AS "designatedByName", m.created_at AS "designatedAt"
         FROM channels ch
         JOIN channel_members m ON m.channel_id = ch.id
         JOIN staff_users u ON u.id = m.user_id
         LEFT JOIN staff_users d ON d.id = m.designated_by
        WHERE ch.organisation_id = $1
        ORDER BY ch.name, m.role, u.display_name`,
      [organisationId],
    );
    const granted = await this.grants.casesGranted(organisationId);
    return {
      generatedAt: new Date().toISOString(),
      designations: rows.map((r) => ({
        ...r,
        designatedAt: (r.designatedAt as Date).toISOString(),
        casesGranted: granted.get(`${r.userId as string}:${r.channelId as string}`) ?? 0,
      })),
    };
  }

  /**
   * Sets the organisation recovery key once. Invariant: an admin cannot replace it,
   * or they could route every new case's keys to a key of their own; rotation is
   * an operator action (CLI) that the organisation sees.
   */
  async setRecoveryKey(organisationId: string, actorId: string, publicKey: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Organisation)
        .set({ recoveryPublicKey: Buffer.from(fromB64(publicKey, 32)) })
        .where('id = :organisationId AND recovery_public_key IS NULL', { organisationId })
        .execute();
      if (!result.affected)
        throw new ConflictError(StaffErrorCode.RecoveryKeySet, 'The organisation recovery key is set already; rotating it is an operator task.');
      await this.event(em, organisationId, actorId, 'organisation.recovery_key_set', {
        fingerprint: Buffer.from(fromB64(publicKey, 32)).subarray(0, 8).toString('hex'),
      });
    });
  }

  /** The information page's own text as set, per language (`{}` when none), for the editor to start from. */
  async informationPage(organisationId: string): Promise<InformationPage> {
    const org = await this.db.getRepository(Organisation).findOne({ select: { id: true, informationPage: true }, where: { id: organisationId } });
    return org?.informationPage ?? {};
  }

  /** Replaces the information page's own text (R3); the audit event names the languages set, never the text. */
  async setInformationPage(organisationId: string, actorId: string, dto: InformationPageDto): Promise<void> {
    const page: InformationPage = {};
    for (const language of ['fi', 'sv', 'en'] as const) {
      const text = dto[language]?.trim();
      if (text) page[language] = text;
    }
    const languages = Object.keys(page);
    await this.db.transaction(async (em) => {
      await em.update(Organisation, { id: organisationId }, { informationPage: languages.length ? page : null });
      await this.event(em, organisationId, actorId, 'organisation.information_page_updated', { languages: languages.join(',') });
    });
  }

  private async user(em: EntityManager, organisationId: string, userId: string): Promise<StaffUser> {
    const user = await em.findOne(StaffUser, { where: { id: userId, organisationId } });
    if (!user) throw new NotFoundError(StaffErrorCode.UserNotFound, 'No such staff member.');
    return user;
  }

  private async channel(organisationId: string, channelId: string): Promise<Channel> {
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId, organisationId } });
    if (!channel) throw new NotFoundError(StaffErrorCode.ChannelNotFound, 'No such channel.');
    return channel;
  }
}
