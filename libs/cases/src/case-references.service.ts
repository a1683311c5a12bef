import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Case references for the audit log (issue 22): the reference a handler writes ↔ the case id the
 * log records. Metadata only; a deleted case has no reference any more, only its id in the log.
 */
@Injectable()
export class CaseReferencesService {
  constructor(private readonly db: DataSource) {}

  /** The id of the organisation's case with this (normalised) reference, or null. */
  async caseIdOf(organisationId: string, reference: string): Promise<string | null> {
    const rows = (await this.db.query('SELECT id FROM cases WHERE organisation_id = $1 AND reference = $2', [organisationId, reference])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** The references of those of these cases that still exist in the organisation, by id. */
  async referencesOf(organisationId: string, caseIds: string[]): Promise<Map<string, string>> {
    if (!caseIds.length) return new Map();
    const rows = (await this.db.query('SELECT id, reference FROM cases WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [
      organisationId,
      [...new Set(caseIds)],
    ])) as { id: string; reference: string }[];
    return new Map(rows.map((r) => [r.id, r.reference]));
  }
}
