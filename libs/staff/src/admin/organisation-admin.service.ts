import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditDetail, AuditSink, BadRequestError, ConflictError } from '@kanava/common';
import { InformationPage, Organisation } from '@kanava/database';
import type { InformationPageDto } from '../dto/admin.dto';
import { StaffErrorCode } from '../errors';
import { recordAdminEvent } from './admin-event';
import { TextLanguagesService } from './text-languages.service';

/** The organisation's own settings an admin keeps: its recovery key (set once) and the information page. */
@Injectable()
export class OrganisationAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
    private readonly textLanguages: TextLanguagesService,
  ) {}

  private event(em: EntityManager, organisationId: string, actorId: string, action: string, details: Record<string, AuditDetail> = {}): Promise<void> {
    return recordAdminEvent(this.audit, em, organisationId, actorId, action, details);
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

  /**
   * Replaces the information page's own text (R3), in fi, sv, en and the languages the
   * organisation added (`others`); the audit event names the languages set, never the text.
   */
  async setInformationPage(organisationId: string, actorId: string, dto: InformationPageDto): Promise<void> {
    const page: InformationPage = {};
    for (const language of ['fi', 'sv', 'en'] as const) {
      const text = dto[language]?.trim();
      if (text) page[language] = text;
    }
    const others = dto.others ?? [];
    const seen = new Set<string>();
    for (const { language } of others) {
      if (seen.has(language) || language in dto)
        throw new BadRequestError(StaffErrorCode.DuplicateLanguage, `The language ${language} is given more than once.`);
      seen.add(language);
    }
    for (const { language, text } of others) if (text.trim()) page[language] = text.trim();
    const languages = Object.keys(page);
    await this.db.transaction(async (em) => {
      // This writes the organisation's row: lock it for that first, so two saves at once queue
      // instead of both holding the language check's shared lock and deadlocking on the update.
      await em.query(`SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE`, [organisationId]);
      await this.textLanguages.assertWritable(em, organisationId, seen);
      await em.update(Organisation, { id: organisationId }, { informationPage: languages.length ? page : null });
      await this.event(em, organisationId, actorId, 'organisation.information_page_updated', { languages: languages.join(',') });
    });
  }
}
