import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventFilterQuery } from './dto/audit.dto';

export interface AuditEventView {
  seq: string;
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  caseId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Read side of the log for auditors: filters, keyset pages and batches for export. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly db: DataSource) {}

  /**
   * Who can appear as an actor: the organisation's staff, deactivated members
   * included, by id, name and roles (no e-mail address), so the log names people.
   */
  async staff(organisationId: string): Promise<{ id: string; displayName: string; roles: string[]; active: boolean }[]> {
    return this.db.query(`SELECT id, display_name AS "displayName", roles, active FROM staff_users WHERE organisation_id = $1 ORDER BY display_name, id`, [
      organisationId,
    ]) as Promise<{ id: string; displayName: string; roles: string[]; active: boolean }[]>;
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
  async *all(organisationId: string, filter: EventFilterQuery): AsyncGenerator<AuditEventView> {
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
