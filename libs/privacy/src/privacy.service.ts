import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditSink, Clock, KanavaConfig, NotFoundError } from '@kanava/common';
import { Channel, ChannelPrivacyNotice, Organisation } from '@kanava/database';
import type { PrivacyNoticeDto } from './dto/privacy.dto';
import { processingRecord, RecordFacts } from './processing-record';
import { PRIVACY_LANGUAGES, privacyNoticeTemplate, type PrivacyLanguage } from './template';
import { PrivacyErrorCode } from './errors';

const column = { fi: 'textFi', sv: 'textSv', en: 'textEn' } as const;

const channelNotFound = () => new NotFoundError(PrivacyErrorCode.ChannelNotFound, 'There is no such channel.');

/** Channels' privacy notices (GDPR 13–14) and records of processing (GDPR 30), both made from live settings. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
    private readonly config: KanavaConfig,
    private readonly clock: Clock,
  ) {}

  /** The notice a reporter reads: the organisation's own text in that language, else the built-in template. */
  async publicNotice(channelId: string, language: PrivacyLanguage) {
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId } });
    if (!channel) throw channelNotFound();
    const { facts, notice } = await this.facts(this.db.manager, channel);
    const own = notice?.[column[language]] ?? null;
    return {
      channelId,
      language,
      source: own ? ('custom' as const) : ('template' as const),
      text: own ?? privacyNoticeTemplate(facts, language),
      updatedAt: own ? notice!.updatedAt.toISOString() : null,
    };
  }

  /** What the admin edits: each language's own text (null: none, the template shows) beside the template. */
  async adminNotice(organisationId: string, channelId: string) {
    const channel = await this.channel(organisationId, channelId);
    const { facts, notice } = await this.facts(this.db.manager, channel);
    const texts = {} as Record<PrivacyLanguage, string | null>;
    const templates = {} as Record<PrivacyLanguage, string>;
    for (const language of PRIVACY_LANGUAGES) {
      texts[language] = notice?.[column[language]] ?? null;
      templates[language] = privacyNoticeTemplate(facts, language);
    }
    return {
      channelId,
      channelName: channel.name,
      texts,
      templates,
      processor: notice?.processor ?? null,
      storageLocation: notice?.storageLocation ?? null,
      updatedAt: notice?.updatedAt.toISOString() ?? null,
    };
  }

  /** Replaces the channel's notice: blank or missing languages fall back to the template. */
  async setNotice(organisationId: string, actorId: string, channelId: string, dto: PrivacyNoticeDto) {
    const channel = await this.channel(organisationId, channelId);
    const clean = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
    const row: Partial<ChannelPrivacyNotice> = {
      channelId: channel.id,
      textFi: clean(dto.fi),
      textSv: clean(dto.sv),
      textEn: clean(dto.en),
      processor: clean(dto.processor),
      storageLocation: clean(dto.storageLocation),
      updatedBy: actorId,
      // Set here: an upsert that updates an existing row would otherwise keep its first time.
      updatedAt: this.clock.now(),
    };
    await this.db.transaction(async (em) => {
      await em.upsert(ChannelPrivacyNotice, row, ['channelId']);
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'channel.privacy_notice_updated',
        details: { channelId, languages: PRIVACY_LANGUAGES.filter((l) => row[column[l]]).join(',') },
      });
    });
    return this.adminNotice(organisationId, channelId);
  }

  /** The record of processing activities (GDPR 30) of a channel, from the settings as they are now. */
  async processingRecord(organisationId: string, channelId: string) {
    const channel = await this.channel(organisationId, channelId);
    const { facts } = await this.facts(this.db.manager, channel);
    const counts: { role: string; n: number }[] = await this.db.query(
      `SELECT r.role, count(*)::int AS n FROM staff_users u CROSS JOIN LATERAL unnest(u.roles) AS r(role)
        WHERE u.organisation_id = $1 AND u.active GROUP BY r.role`,
      [organisationId],
    );
    const count = (role: string) => counts.find((c) => c.role === role)?.n ?? 0;
    const record: RecordFacts = {
      ...facts,
      organisationId,
      channelId,
      admins: count('admin'),
      auditors: count('auditor'),
      auditRetentionDays: this.config.auditRetentionDays,
      incompleteUploadMaxAgeHours: this.config.incompleteUploadMaxAgeHours,
      sessionIdleMinutes: this.config.sessionIdleMinutes,
      sessionMaxHours: this.config.sessionMaxHours,
      attachmentStorage: { driver: this.config.storageDriver, region: this.config.storageDriver === 's3' ? this.config.s3Region : null },
    };
    return processingRecord(record, this.clock.now());
  }

  private async channel(organisationId: string, channelId: string): Promise<Channel> {
    // Another organisation's channel answers exactly as a missing one.
    const channel = await this.db.getRepository(Channel).findOne({ where: { id: channelId, organisationId } });
    if (!channel) throw channelNotFound();
    return channel;
  }

  private async facts(em: EntityManager, channel: Channel) {
    const organisation = await em.findOneByOrFail(Organisation, { id: channel.organisationId });
    const notice = await em.findOne(ChannelPrivacyNotice, { where: { channelId: channel.id } });
    const members: { role: string; n: number }[] = await em.query(
      `SELECT m.role, count(*)::int AS n FROM channel_members m JOIN staff_users u ON u.id = m.user_id
        WHERE m.channel_id = $1 AND u.active GROUP BY m.role`,
      [channel.id],
    );
    const facts = {
      organisationName: organisation.name,
      channelName: channel.name,
      retentionDays: channel.retentionDays,
      closedRetentionDays: channel.closedRetentionDays,
      handlers: members.find((m) => m.role === 'handler')?.n ?? 0,
      custodians: members.find((m) => m.role === 'custodian')?.n ?? 0,
      processor: notice?.processor ?? null,
      storageLocation: notice?.storageLocation ?? null,
    };
    return { facts, notice };
  }
}
