import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { AuditEntry, AuditSink } from '@kanava/common';
import { AuditChainer } from './audit-chainer';

/** Where a transaction's query runner remembers the keys of the events it recorded, by organisation. */
const RECORDED_EVENTS = 'kanavaAuditRecordedEvents';

/** An event as it goes into audit_pending: a reporter's dated to its period's start and saying so, anyone else's to the moment. */
interface PendingEntry {
  entry: AuditEntry;
  occurredAt: Date;
  details: Record<string, unknown>;
}

/** The INSERT of events into audit_pending, in order, with parameters numbered from `from`. */
function pendingInsert(entries: PendingEntry[], from: number): { sql: string; parameters: unknown[] } {
  const column = <T>(pick: (e: PendingEntry) => T) => entries.map(pick);
  const p = (i: number) => `$${from + i}`;
  return {
    sql: `INSERT INTO audit_pending (organisation_id, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details)
       SELECT t.organisation_id, t.occurred_at, t.actor_kind, t.actor_id, t.actor_role, t.action, t.case_id, t.details::jsonb
         FROM unnest(${p(0)}::uuid[], ${p(1)}::timestamptz[], ${p(2)}::text[], ${p(3)}::uuid[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::uuid[], ${p(7)}::text[])
           AS t(organisation_id, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details)`,
    parameters: [
      column((e) => e.entry.organisationId),
      column((e) => e.occurredAt),
      column((e) => e.entry.actor.kind),
      column((e) => (e.entry.actor.kind === 'staff' ? e.entry.actor.id : null)),
      column((e) => (e.entry.actor.kind === 'staff' ? e.entry.actor.role : null)),
      column((e) => e.entry.action),
      column((e) => e.entry.caseId ?? null),
      column((e) => JSON.stringify(e.details)),
    ],
  };
}

/**
 * The AuditSink every lib records through: events go into audit_pending inside the
 * caller's transaction, and are handed to the chainer right after its commit (this
 * class is a TypeORM subscriber of the data source for that). A reporter's event is
 * dated to its period and left for the sweep (see AuditChainer).
 */
@Injectable()
export class AuditRecorder extends AuditSink implements EntitySubscriberInterface {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly db: DataSource,
    private readonly chainer: AuditChainer,
  ) {
    super();
    // Told of every commit on this data source, to chain the events recorded in it.
    db.subscribers.push(this);
  }

  /**
   * Records one event in the caller's transaction; it is chained right after that
   * transaction commits (see `recordMany`).
   */
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(em, [entry]);
  }

  /**
   * Records events, in order, in the caller's transaction (or a transaction of their
   * own), as pending rows: one statement, and no lock that other actions wait for.
   * When the transaction commits, `afterTransactionCommit` chains them before the
   * caller's `transaction()` returns, so an answer sent after it finds its event in
   * the chain. Why not append to the chain here: that holds the organisation's head
   * row locked until the caller commits, and every action of the organisation (every
   * report, every reporter's read) queues behind it; under load the holder also waits
   * for its own event loop, so reports per second were capped by the lock.
   */
  override async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) {
      await this.db.transaction((tx) => this.recordMany(tx, entries));
      return;
    }
    const { sql, parameters } = pendingInsert(this.pending(entries), 1);
    const rows = (await em.query(`${sql} RETURNING id, organisation_id, actor_kind`, parameters)) as {
      id: string;
      organisation_id: string;
      actor_kind: string;
    }[];
    const recorded = ((runner.data as Record<string, unknown>)[RECORDED_EVENTS] ??= new Map<string, string[]>()) as Map<string, string[]>;
    // A reporter's events wait for the end of their period (see AuditChainer).
    for (const r of rows.filter((row) => row.actor_kind !== 'reporter')) {
      const ids = recorded.get(r.organisation_id);
      if (ids) ids.push(r.id);
      else recorded.set(r.organisation_id, [r.id]);
    }
  }

  /**
   * Each entry with the time it is recorded at and the details it is recorded with: a
   * reporter's event dated to the start of its period and saying how long that is
   * (`timeRoundedToMinutes`, so the event tells its own precision, under its hash), an
   * operator's naming them.
   */
  private pending(entries: AuditEntry[]): PendingEntry[] {
    const now = new Date();
    const period = this.chainer.reporterPeriodStart();
    const minutes = this.chainer.reporterTimeMinutes;
    return entries.map((entry) =>
      entry.actor.kind === 'reporter'
        ? { entry, occurredAt: period, details: { ...entry.details, timeRoundedToMinutes: minutes } }
        : // An operator has no account: the name they gave (or their OS account) is kept with the event, under its hash (R38).
          { entry, occurredAt: now, details: entry.actor.kind === 'operator' ? { ...entry.details, operator: entry.actor.name } : (entry.details ?? {}) },
    );
  }

  override recordingCte(entry: AuditEntry, firstParameter = 1): { cte: string; parameters: unknown[]; id: string } {
    const { sql, parameters } = pendingInsert(this.pending([entry]), firstParameter);
    return { cte: `recorded AS (${sql} RETURNING id)`, parameters, id: '(SELECT id FROM recorded)' };
  }

  override async committed(entry: AuditEntry, recordedId: string): Promise<void> {
    // A reporter's event waits for the end of its period; the sweep chains it then.
    if (entry.actor.kind === 'reporter') return;
    const { organisationId } = entry;
    const runner = this.db.createQueryRunner();
    try {
      // The connection is taken before joining the turn: a run must never wait for the
      // pool while callers that queued behind it hold connections (see AuditChainer.chain).
      await runner.connect();
      await this.chainer.chain(organisationId, runner, { ids: [recordedId], sweep: null });
    } catch (e) {
      this.logger.warn(`events of ${organisationId} left pending: ${String(e)}`);
    } finally {
      await runner.release();
    }
  }

  /** TypeORM calls this after every commit (and after a savepoint's release, which is not one). */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return;
    const data = runner.data as Record<string, unknown>;
    const recorded = data[RECORDED_EVENTS] as Map<string, string[]> | undefined;
    if (!recorded) return;
    delete data[RECORDED_EVENTS];
    // Never throws: the caller's work is committed, and an error here would tell it
    // otherwise. Events left pending are chained by the sweep.
    for (const organisationId of [...recorded.keys()].sort()) {
      await this.chainer
        .chain(organisationId, runner, { ids: recorded.get(organisationId)!, sweep: null })
        .catch((e: unknown) => this.logger.warn(`events of ${organisationId} left pending: ${String(e)}`));
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete (event.queryRunner.data as Record<string, unknown>)[RECORDED_EVENTS];
  }
}
