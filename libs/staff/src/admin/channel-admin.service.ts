import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditDetail, AuditSink, BadRequestError, NotFoundError } from '@kanava/common';
import { Category, CategoryTranslations, Channel, ChannelTranslations } from '@kanava/database';
import { ChannelTranslationsDto, CreateChannelDto, UpdateChannelDto } from '../dto/admin.dto';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { StaffErrorCode } from '../errors';
import { recordAdminEvent } from './admin-event';
import { TextLanguagesService } from './text-languages.service';

/** Administration of channels, their categories and their texts per language. */
@Injectable()
export class ChannelAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly provisioning: ProvisioningService,
    private readonly audit: AuditSink,
    private readonly textLanguages: TextLanguagesService,
  ) {}

  private event(em: EntityManager, organisationId: string, actorId: string, action: string, details: Record<string, AuditDetail> = {}): Promise<void> {
    return recordAdminEvent(this.audit, em, organisationId, actorId, action, details);
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
    const languages = [...seen].filter((l) => channelTexts[l] || [...labels.values()].some((t) => t[l]));
    await this.db.transaction(async (em) => {
      await this.textLanguages.assertWritable(em, organisationId, seen);
      await em.update(Channel, { id: channelId }, { translations: channelTexts });
      for (const [categoryId, translations] of labels) await em.update(Category, { id: categoryId }, { translations });
      await this.event(em, organisationId, actorId, 'channel.translations_updated', { channelId, languages: languages.join(',') });
    });
  }

  private async channel(organisationId: string, channelId: string): Promise<Channel> {
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId, organisationId } });
    if (!channel) throw new NotFoundError(StaffErrorCode.ChannelNotFound, 'No such channel.');
    return channel;
  }
}
