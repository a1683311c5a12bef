import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditSink, Clock, ConflictError, NotFoundError } from '@kanava/common';
import { CaseLabel, Label } from '@kanava/database';
import { LabelErrorCode } from './errors';

export interface LabelView {
  id: string;
  name: string;
  /** How many cases carry it. */
  cases: number;
}

const notFound = () => new NotFoundError(LabelErrorCode.LabelNotFound, 'There is no such label.');

/**
 * The organisation's labels, which admins define and handlers put on cases: names only,
 * so they are shown like the status and kept in the audit trail by id. Owns `labels` and
 * `case_labels`; the cases lib checks case access before it asks for a change here.
 */
@Injectable()
export class LabelsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async list(organisationId: string): Promise<LabelView[]> {
    const rows = (await this.db.query(
      `SELECT l.id, l.name, (SELECT count(*)::int FROM case_labels cl WHERE cl.label_id = l.id) AS cases
         FROM labels l WHERE l.organisation_id = $1 ORDER BY lower(l.name), l.id`,
      [organisationId],
    )) as LabelView[];
    return rows;
  }

  async create(organisationId: string, actorId: string, name: string): Promise<LabelView> {
    const id = randomUUID();
    await this.db.transaction(async (em) => {
      await this.assertFree(em, organisationId, name.trim());
      await em.insert(Label, { id, organisationId, name: name.trim(), createdAt: this.clock.now() });
      await this.audit.record(em, { organisationId, actor: { kind: 'staff', id: actorId, role: 'admin' }, action: 'label.created', details: { labelId: id } });
    });
    return { id, name: name.trim(), cases: 0 };
  }

  async rename(organisationId: string, actorId: string, labelId: string, name: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.owned(em, organisationId, labelId);
      await this.assertFree(em, organisationId, name.trim(), labelId);
      await em.update(Label, { id: labelId }, { name: name.trim() });
      await this.audit.record(em, { organisationId, actor: { kind: 'staff', id: actorId, role: 'admin' }, action: 'label.renamed', details: { labelId } });
    });
  }

  /** Deletes the label and takes it off every case. */
  async remove(organisationId: string, actorId: string, labelId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.owned(em, organisationId, labelId);
      const cases = await em.count(CaseLabel, { where: { labelId } });
      await em.delete(Label, { id: labelId });
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'admin' },
        action: 'label.deleted',
        details: { labelId, cases },
      });
    });
  }

  /** The labels of these cases (access checked by the caller), by case id. */
  async ofCases(caseIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const out = new Map<string, { id: string; name: string }[]>();
    if (!caseIds.length) return out;
    const rows = (await this.db.query(
      `SELECT cl.case_id, l.id, l.name FROM case_labels cl JOIN labels l ON l.id = cl.label_id
        WHERE cl.case_id = ANY($1::uuid[]) ORDER BY lower(l.name), l.id`,
      [caseIds],
    )) as { case_id: string; id: string; name: string }[];
    for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), { id: r.id, name: r.name }]);
    return out;
  }

  /** The SQL condition "case `alias` carries label :labelId", for the inbox's filter. */
  static carries(alias: string): string {
    return `EXISTS (SELECT 1 FROM case_labels cl WHERE cl.case_id = ${alias}.id AND cl.label_id = :labelId)`;
  }

  /**
   * Adds or removes a label on cases the caller checked the actor may change, in `em`'s
   * transaction; records an event per case changed. Returns the ids of the cases changed.
   */
  async apply(em: EntityManager, organisationId: string, actorId: string, caseIds: string[], labelId: string, action: 'add' | 'remove'): Promise<string[]> {
    await this.owned(em, organisationId, labelId);
    // Decided by the rows themselves, so two handlers labelling the same case at once log one change, not a conflict.
    const changed: string[] =
      action === 'add'
        ? (
            (await em.query(
              `INSERT INTO case_labels (case_id, label_id, labelled_by, labelled_at)
                 SELECT unnest($1::uuid[]), $2, $3, $4 ON CONFLICT DO NOTHING RETURNING case_id`,
              [caseIds, labelId, actorId, this.clock.now()],
            )) as { case_id: string }[]
          ).map((r) => r.case_id)
        : (
            (await em.query('DELETE FROM case_labels WHERE label_id = $1 AND case_id = ANY($2::uuid[]) RETURNING case_id', [labelId, caseIds])) as [
              { case_id: string }[],
              number,
            ]
          )[0].map((r) => r.case_id);
    for (const caseId of changed) {
      await this.audit.record(em, {
        organisationId,
        actor: { kind: 'staff', id: actorId, role: 'handler' },
        action: action === 'add' ? 'case.label_added' : 'case.label_removed',
        caseId,
        details: { labelId },
      });
    }
    return changed;
  }

  private async owned(em: EntityManager, organisationId: string, labelId: string): Promise<Label> {
    // Another organisation's label answers exactly as a missing one.
    const label = await em.findOne(Label, { where: { id: labelId, organisationId } });
    if (!label) throw notFound();
    return label;
  }

  private async assertFree(em: EntityManager, organisationId: string, name: string, except?: string): Promise<void> {
    const rows = (await em.query('SELECT id FROM labels WHERE organisation_id = $1 AND lower(name) = lower($2)', [organisationId, name])) as { id: string }[];
    if (rows.some((r) => r.id !== except)) throw new ConflictError(LabelErrorCode.LabelNameTaken, `A label "${name}" exists already.`);
  }
}
