import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditSink, Clock, NotFoundError } from '@kanava/common';
import type { AdminQuestionnaireView, PublicQuestionnaireView, QuestionnaireVersionView } from '@kanava/api-contract';
import { Channel, Questionnaire } from '@kanava/database';
import { TextLanguagesService } from '@kanava/staff';
import type { QuestionnaireDto } from './dto/questionnaire.dto';
import { QuestionnaireErrorCode } from './errors';
import { checkQuestions, languagesOf } from './rules';

const channelNotFound = () => new NotFoundError(QuestionnaireErrorCode.ChannelNotFound, 'There is no such channel.');

/** A version as the portal and the console read it. */
function versionView(q: Questionnaire): QuestionnaireVersionView {
  return { id: q.id, version: q.version, questions: q.questions, createdAt: q.createdAt.toISOString() };
}

/** Questionnaires per channel: each save a new version; the portal asks the newest. */
@Injectable()
export class QuestionnairesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly textLanguages: TextLanguagesService,
  ) {}

  /** What the portal asks on a channel: its newest version, or null for the plain report form. */
  async forReporters(channelId: string): Promise<PublicQuestionnaireView> {
    if (!(await this.db.getRepository(Channel).exists({ where: { id: channelId } }))) throw channelNotFound();
    const newest = await this.newest(this.db.manager, channelId);
    return { channelId, questionnaire: newest && newest.questions.length > 0 ? versionView(newest) : null };
  }

  /** What the admin edits: the newest version and the list of all, newest first. */
  async forAdmin(organisationId: string, channelId: string): Promise<AdminQuestionnaireView> {
    const channel = await this.channel(this.db.manager, organisationId, channelId);
    const versions = await this.db.getRepository(Questionnaire).find({ where: { channelId }, order: { version: 'DESC' } });
    return {
      channelId,
      channelName: channel.name,
      current: versions[0] ? versionView(versions[0]) : null,
      versions: versions.map((v) => ({ id: v.id, version: v.version, questions: v.questions.length, createdAt: v.createdAt.toISOString() })),
    };
  }

  /** Saves the questions as the channel's next version; cases already answered keep theirs. */
  async save(organisationId: string, actorId: string, channelId: string, dto: QuestionnaireDto): Promise<AdminQuestionnaireView> {
    const questions = checkQuestions(dto.questions);
    await this.db.transaction(async (em) => {
      // The channel's row lock orders two admins saving at once: each gets its own version number.
      await this.channel(em, organisationId, channelId, { lock: true });
      await this.textLanguages.assertWritable(em, organisationId, languagesOf(questions));
      const version = ((await this.newest(em, channelId))?.version ?? 0) + 1;
      await em.insert(Questionnaire, { id: randomUUID(), channelId, version, questions, createdBy: actorId, createdAt: this.clock.now() });
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'channel.questionnaire_saved',
        details: { channelId, version, questions: questions.length },
      });
    });
    return this.forAdmin(organisationId, channelId);
  }

  private newest(em: EntityManager, channelId: string): Promise<Questionnaire | null> {
    return em.findOne(Questionnaire, { where: { channelId }, order: { version: 'DESC' } });
  }

  private async channel(em: EntityManager, organisationId: string, channelId: string, options: { lock?: boolean } = {}): Promise<Channel> {
    // Another organisation's channel answers exactly as a missing one.
    const channel = await em.findOne(Channel, {
      where: { id: channelId, organisationId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!channel) throw channelNotFound();
    return channel;
  }
}
