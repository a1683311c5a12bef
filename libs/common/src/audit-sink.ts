import type { EntityManager } from 'typeorm';

/**
 * Who did something: a staff member (with the role they acted in), the reporter, Kanava itself,
 * or an operator at the command line (R38), named by `--operator` or their OS account. The
 * operator's name is the one name an event carries: it goes into the details as `operator`.
 */
export type AuditActor = { kind: 'staff'; id: string; role: string } | { kind: 'reporter' } | { kind: 'system' } | { kind: 'operator'; name: string };

/** A value in an event's details: codes, ids and counts only, never content, names or identities. */
export type AuditDetail = string | number | boolean | null;

export interface AuditEntry {
  organisationId: string;
  actor: AuditActor;
  /** A dotted action code, e.g. `case.viewed`. */
  action: string;
  caseId?: string | null;
  details?: Record<string, AuditDetail>;
}

/**
 * Where feature libs write audit events. The audit lib provides the implementation
 * (a hash chain per organisation); libs depend on this contract only, so the
 * audit lib can depend on them without a cycle.
 * Invariant: `record` joins the caller's transaction, so an action and its event
 * commit or roll back together.
 */
export abstract class AuditSink {
  abstract record(em: EntityManager, entry: AuditEntry): Promise<void>;

  /**
   * For an action that is a single statement (no transaction of its own): a CTE named
   * `recorded` that records the event, to put in that statement, with its parameters
   * numbered from `firstParameter` (from $1 when omitted, for a caller that splices it in
   * with the statement builder's `Sql.numbered`), and `id`, an expression for the statement
   * to select (the recorded event's key). The event commits with the statement; pass that
   * key to `committed` after it ran.
   */
  abstract recordingCte(entry: AuditEntry, firstParameter?: number): { cte: string; parameters: unknown[]; id: string };

  /**
   * After a statement with `recordingCte` committed: its event is in the chain once
   * this resolves, unless it is a reporter's, which enters it after its period ends.
   */
  abstract committed(entry: AuditEntry, recordedId: string): Promise<void>;

  /** Appends several events in order, in the caller's transaction; implementations may batch. */
  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    for (const entry of entries) await this.record(em, entry);
  }
}
