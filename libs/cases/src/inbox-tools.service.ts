import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, ConflictError, NotFoundError } from '@kanava/common';
import { SavedFilter } from '@kanava/database';
import { LabelsService } from '@kanava/labels';
import type { StaffActor } from '@kanava/access';
import { CaseAccessService } from './case-access.service';
import type { CaseLabelsDto, SavedFilterDto } from './dto/inbox-tools.dto';
import { CaseRuleErrorCode } from './errors';

/** Most filters one handler keeps. */
export const MAX_SAVED_FILTERS = 20;

/** What a working day in the inbox needs besides the list: labels on cases, and filters kept by name. */
@Injectable()
export class InboxToolsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
    private readonly labels: LabelsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds or removes a label on the selected cases: every one must be a case the handler may
   * work on (not only read, as an expert does), or nothing changes and the answer is 404.
   */
  async label(actor: StaffActor, dto: CaseLabelsDto): Promise<{ changed: string[] }> {
    for (const caseId of dto.caseIds) await this.access.assertCaseAccess(actor, caseId, 'reply');
    const changed = await this.db.transaction((em) => this.labels.apply(em, actor.organisationId, actor.userId, dto.caseIds, dto.labelId, dto.action));
    return { changed };
  }

  async savedFilters(actor: StaffActor) {
    const rows = await this.db.getRepository(SavedFilter).find({ where: { userId: actor.userId }, order: { name: 'ASC' } });
    return rows.map((f) => ({ id: f.id, name: f.name, filter: f.filter }));
  }

  async saveFilter(actor: StaffActor, dto: SavedFilterDto) {
    const name = dto.name.trim();
    // Only the filters that are set, as the inbox sends them.
    const filter = Object.fromEntries(Object.entries(dto.filter).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Record<string, string>;
    return this.db.transaction(async (em) => {
      const mine = await em.find(SavedFilter, { where: { userId: actor.userId } });
      if (mine.some((f) => f.name.toLowerCase() === name.toLowerCase()))
        throw new ConflictError(CaseRuleErrorCode.SavedFilterNameTaken, `You have a filter "${name}" already.`);
      if (mine.length >= MAX_SAVED_FILTERS)
        throw new ConflictError(CaseRuleErrorCode.TooManySavedFilters, `You keep ${MAX_SAVED_FILTERS} filters at most: delete one first.`);
      const id = randomUUID();
      await em.insert(SavedFilter, { id, userId: actor.userId, name, filter, createdAt: this.clock.now() });
      return { id, name, filter };
    });
  }

  async deleteFilter(actor: StaffActor, filterId: string): Promise<void> {
    // Another handler's filter answers as a missing one.
    const result = await this.db.getRepository(SavedFilter).delete({ id: filterId, userId: actor.userId });
    if (!result.affected) throw new NotFoundError(CaseRuleErrorCode.SavedFilterNotFound, 'You have no such saved filter.');
  }
}
