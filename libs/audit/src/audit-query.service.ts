import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseReferencesService } from '@kanava/cases';
import type { AuditEventListed, AuditEventView, AuditStaffMember } from '@kanava/api-contract';
import { EventFilterQuery } from './dto/audit.dto';

export type { AuditEventListed, AuditEventView };

/** Read side of the log for auditors: filters, keyset pages and batches for export. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly references: CaseReferencesService,
  ) {}

  /**
   * The filter with a case reference turned into the case id the log records; null when no
   * case of the organisation has that reference (or it is not the case `caseId` names), so
   * nothing matches.
   */
  async resolve(organisationId: string, filter: EventFilterQuery): Promise<EventFilterQuery | null> {
    if (!filter.reference) return filter;
    const caseId = await this.references.caseIdOf(organisationId, filter.reference);
    if (!caseId || (filter.caseId && filter.caseId !== caseId)) return null;
    return { ...filter, caseId, reference: undefined };
  }

  /** A page of events with their cases' references. */
  async listed(organisationId: string, filter: EventFilterQuery, afterSeq: string | undefined, limit: number): Promise<AuditEventListed[]> {
    const resolved = await this.resolve(organisationId, filter);
    if (!resolved) return [];
    const events = await this.page(organisationId, resolved, afterSeq, limit);
    const refs = await this.references.referencesOf(
      organisationId,
      events.flatMap((e) => (e.caseId ? [e.caseId] : [])),
    );
    return events.map((e) => ({ ...e, caseReference: e.caseId ? (refs.get(e.caseId) ?? null) : null }));
  }

  /**
   * Who can appear as an actor: the organisation's staff, deactivated members
   * included, by id, name and roles (no e-mail address), so the log names people.
   */
  async staff(organisationId: string): Promise<AuditStaffMember[]> {
    return this.db.query(`SELECT id, display_name AS "displayName", roles, active FROM staff_users WHERE organisation_id = $1 ORDER BY display_name, id`, [
      organisationId,
    ]) as Promise<AuditStaffMember[]>;
  }

  async page(organisationId: string, filter: EventFilterQuery, afterSeq: string | undefined, limit: number): Promise<AuditEventView[]> {
    const where = ['organisation_id = $1'];
    const params: unknown[] = [organisationId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.caseId) add('case_id = ?', filter.caseId);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('occurred_at >= ?', new Date(filter.from));
    if (filter.to) add('occurred_at < ?', new Date(filter.to));
    if (afterSeq) add('seq > ?', afterSeq);
    params.push(limit);
    const rows = (await this.db.query(`SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params)) as {
      seq: string;
      occurred_at: Date;
      actor_kind: string;
      actor_id: string | null;
      actor_role: string | null;
      action: string;
      case_id: string | null;
      details: Record<string, unknown>;
      prev_hash: Buffer;
      hash: Buffer;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      occurredAt: r.occurred_at.toISOString(),
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      action: r.action,
      caseId: r.case_id,
      details: r.details,
      prevHash: r.prev_hash.toString('hex'),
      hash: r.hash.toString('hex'),
    }));
  }

  /** Every matching event, a batch at a time (memory stays flat however long the log is). */
  async *all(organisationId: string, query: EventFilterQuery): AsyncGenerator<AuditEventView> {
    const filter = await this.resolve(organisationId, query);
    if (!filter) return;
    let after: string | undefined;
    for (;;) {
      const batch = await this.page(organisationId, filter, after, 2000);
      yield* batch;
      if (batch.length < 2000) return;
      after = batch[batch.length - 1].seq;
    }
  }
}

const CSV_COLUMNS: (keyof AuditEventView)[] = ['seq', 'occurredAt', 'actorKind', 'actorId', 'actorRole', 'action', 'caseId', 'details', 'prevHash', 'hash'];

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

/** RFC 4180 row; a leading =, +, - or @ is quoted with an apostrophe so spreadsheets do not run it. */
export function csvRow(e: AuditEventView): string {
  return (
    CSV_COLUMNS.map((c) => {
      const v = e[c];
      let text = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      if (/^[=+\-@]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }).join(',') + '\r\n'
  );
}
