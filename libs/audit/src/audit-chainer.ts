import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { Clock, KanavaConfig } from '@kanava/common';
import { queryPrepared } from '@kanava/database';
import { eventHash, GENESIS_HASH } from './chain';

/** Pending events chained per run of `chainChunk` at most. */
const CHAIN_CHUNK = 500;
/** How often each process looks for events a crash left pending. */
const SWEEP_MS = 5_000;

/** A pending event as `chainChunk` reads it: an event row before it has a place in the chain. */
interface PendingRow {
  id: string;
  /** ISO 8601 UTC with milliseconds, as PostgreSQL formats it for hashing. */
  occurred_at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  case_id: string | null;
  details: Record<string, unknown>;
}

/**
 * How long the period is that a reporter's event is dated to: the digest period
 * (KANAVA_DIGEST_MINUTES), and never less than an hour.
 */
export function reporterTimeMinutes(config: Pick<KanavaConfig, 'digestMinutes'>): number {
  return Math.max(config.digestMinutes, 60);
}

/** The start of the period of `minutes` (counted from the Unix epoch, as the digest counts them) that holds `at`. */
export function periodStart(at: Date, minutes: number): Date {
  const period = minutes * 60_000;
  return new Date(Math.floor(at.getTime() / period) * period);
}

/** What a run chains: these recorded events (by key), and with `sweep` whatever else has been pending at least that many ms. */
export interface ChainWork {
  ids: string[];
  sweep: number | null;
}

const NO_WORK = (): ChainWork => ({ ids: [], sweep: null });

/** One organisation's chaining in this process: the run in progress, and the one queued after it with the work it will do. */
interface ChainTurn {
  running?: Promise<void>;
  next?: Promise<void>;
  queued: ChainWork;
}

/**
 * Moves recorded events from audit_pending into their organisation's hash chain (see
 * chain.ts): the events an action recorded right after its commit (AuditRecorder asks),
 * and every SWEEP_MS whatever a crash left pending.
 *
 * Invariant: a reporter's event tells nobody more than the period it happened in. It
 * is recorded already dated to its period's start (`reporterTimeMinutes`, from the
 * Unix epoch as the digest counts), so its exact time is never stored, and it enters
 * the chain only once that period has ended, with the period's other reporter events
 * (the sweep does it). Dating it coarsely alone would not do: chained at once, it
 * would sit between staff events with exact times, and those would date it. The
 * period is this class's, on its clock, and the recorder dates events by it: what
 * dates an event and what releases it can never disagree.
 */
@Injectable()
export class AuditChainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly turns = new Map<string, ChainTurn>();
  private sweeper?: NodeJS.Timeout;
  /** The length of the period reporter events are dated to and held for. */
  readonly reporterTimeMinutes: number;

  constructor(
    private readonly db: DataSource,
    config: KanavaConfig,
    // Optional for the worker and the CLI, which build this class without Nest; the clock only dates and releases reporter events.
    @Optional() private readonly clock: Clock = new Clock(),
  ) {
    this.reporterTimeMinutes = reporterTimeMinutes(config);
  }

  /** The start of the current period: what a reporter's event recorded now is dated to. */
  reporterPeriodStart(): Date {
    return periodStart(this.clock.now(), this.reporterTimeMinutes);
  }

  /**
   * Chains `work` for the organisation, resolving once a run that started after this
   * call has finished. Runs of one organisation take turns in this process: a caller
   * that finds one running adds its work to the next, so under load one run chains the
   * events of many requests. Runs of several processes are kept apart by the optimistic
   * check of `chainChunk`.
   * The run uses the caller's connection (its transaction is over), never a new one:
   * callers waiting here hold theirs, and a run that needed another could wait forever
   * on a pool they have emptied.
   */
  chain(organisationId: string, runner: QueryRunner, work: ChainWork): Promise<void> {
    let turn = this.turns.get(organisationId);
    if (!turn) this.turns.set(organisationId, (turn = { queued: NO_WORK() }));
    const { running } = turn;
    if (!running) return this.startRun(organisationId, turn, runner, work);
    const current = turn;
    current.queued.ids.push(...work.ids);
    const sweeps = [current.queued.sweep, work.sweep].filter((age) => age !== null);
    current.queued.sweep = sweeps.length ? Math.min(...sweeps) : null;
    const start = () => {
      const queued = current.queued;
      current.queued = NO_WORK();
      return this.startRun(organisationId, current, runner, queued);
    };
    current.next ??= running.then(start, start);
    return current.next;
  }

  private startRun(organisationId: string, turn: ChainTurn, runner: QueryRunner, work: ChainWork): Promise<void> {
    turn.next = undefined;
    const run: Promise<void> = this.chainWork(organisationId, runner, work).finally(() => {
      if (turn.running !== run) return;
      turn.running = undefined;
      if (!turn.next) this.turns.delete(organisationId);
    });
    turn.running = run;
    return run;
  }

  /**
   * Moves events from audit_pending into the organisation's chain, at most CHAIN_CHUNK
   * at a time (a purge batch records a thousand deletions at once): first the given
   * ones, in recording order, then with `sweep` all that have been pending that long, oldest first.
   * Why an action's own events are read by key and not as "the oldest pending": every
   * chained event leaves a dead row in audit_pending until vacuum, at the front of the
   * organisation's index range, and the oldest-first read steps over all of them; during
   * a purge (a thousand events a batch) each read grew to milliseconds, on every request.
   * An event another run chained first is simply not found: it is in the chain.
   */
  private async chainWork(organisationId: string, runner: QueryRunner, work: ChainWork): Promise<void> {
    const ids = [...new Set(work.ids)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    for (let at = 0; at < ids.length; at += CHAIN_CHUNK) await this.chainChunk(organisationId, runner, ids.slice(at, at + CHAIN_CHUNK));
    if (work.sweep === null) return;
    let chained: number;
    do chained = await this.chainChunk(organisationId, runner, { olderThanMs: work.sweep });
    while (chained === CHAIN_CHUNK);
  }

  /**
   * Chains one chunk in two statements and no transaction, with an optimistic check
   * instead of a lock: the head, and the pending events, are read; their hashes are
   * computed here; then one statement moves the head from the seq it was read at to the
   * new one and, only if that succeeded, inserts the events and removes them from
   * audit_pending. If another process chained in between, the head is no longer at the
   * seq read, the statement changes nothing, and the chunk is read again. So the chain
   * never forks or skips, as with a lock, but nothing waits on a lock held across a
   * round trip to this process, and a chunk costs two round trips instead of five.
   * Returns how many events were chained.
   */
  private async chainChunk(organisationId: string, runner: QueryRunner, events: string[] | { olderThanMs: number }): Promise<number> {
    // These events (by key), or the oldest of those pending at least that long; and
    // Invariant: a reporter's event only once its period has ended ($3: events dated at or before it are due).
    const [which, parameters] = Array.isArray(events)
      ? [`id = ANY($2::bigint[]) AND organisation_id = $1 AND (actor_kind <> 'reporter' OR occurred_at <= $3) ORDER BY id`, [events]]
      : [
          `organisation_id = $1 AND CASE WHEN actor_kind = 'reporter' THEN occurred_at <= $3 ELSE occurred_at <= now() - $2 * interval '1 millisecond' END
            ORDER BY id LIMIT ${CHAIN_CHUNK}`,
          [events.olderThanMs],
        ];
    for (;;) {
      const [read] = await queryPrepared<{ seq: string | null; hash: Buffer | null; pending: PendingRow[] }[]>(
        runner,
        `SELECT h.seq, h.hash,
                (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM (
                   SELECT id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
                          actor_kind, actor_id, actor_role, action, case_id, details
                     FROM audit_pending WHERE ${which}) p) AS pending
           FROM (SELECT 1) one LEFT JOIN audit_heads h ON h.organisation_id = $1`,
        [organisationId, ...parameters, this.reporterEventsDueBefore()],
      );
      const { pending } = read;
      if (pending.length === 0) return 0;
      if (read.seq === null || read.hash === null) {
        // The organisation's first event: its head starts at the genesis hash.
        await runner.query('INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [organisationId, GENESIS_HASH]);
        continue;
      }
      const fromSeq = BigInt(read.seq);
      let seq = fromSeq;
      let prevHash = read.hash;
      const rows = pending.map((p) => {
        seq += 1n;
        const fields = {
          organisationId,
          seq,
          occurredAt: p.occurred_at,
          actorKind: p.actor_kind,
          actorId: p.actor_id,
          actorRole: p.actor_role,
          action: p.action,
          caseId: p.case_id,
          details: p.details,
        };
        const hash = eventHash(fields, prevHash);
        const row = { ...fields, prevHash, hash };
        prevHash = hash;
        return row;
      });
      const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
      // The DELETE names the organisation although the ids alone are enough: with it the
      // prepared statement's generic plan uses ix_audit_pending_org; by id alone it was a scan
      // of the whole table, dead rows included (test/generic-plans.e2e-spec.ts).
      const [moved] = await queryPrepared<{ moved: number }[]>(
        runner,
        `WITH head AS (
           UPDATE audit_heads SET seq = $14, hash = $13 WHERE organisation_id = $1 AND seq = $15 RETURNING 1),
         appended AS (
           INSERT INTO audit_events (organisation_id, seq, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash)
           SELECT $1, t.seq, t.occurred_at, t.actor_kind, t.actor_id, t.actor_role, t.action, t.case_id, t.details::jsonb, decode(t.prev_hash, 'hex'), decode(t.hash, 'hex')
             FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[])
               AS t(seq, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash)
            WHERE EXISTS (SELECT 1 FROM head)
           RETURNING 1),
         removed AS (DELETE FROM audit_pending WHERE organisation_id = $1 AND id = ANY($12::bigint[]) AND EXISTS (SELECT 1 FROM head) RETURNING 1)
         SELECT (SELECT count(*) FROM head)::int AS moved`,
        [
          organisationId,
          column((r) => r.seq.toString()),
          column((r) => r.occurredAt),
          column((r) => r.actorKind),
          column((r) => r.actorId),
          column((r) => r.actorRole),
          column((r) => r.action),
          column((r) => r.caseId),
          column((r) => JSON.stringify(r.details)),
          column((r) => r.prevHash.toString('hex')),
          column((r) => r.hash.toString('hex')),
          pending.map((p) => p.id),
          prevHash,
          seq.toString(),
          fromSeq.toString(),
        ],
      );
      if (moved.moved === 1) return pending.length;
    }
  }

  /**
   * Chains what a crash (or a failed run) left pending, for every organisation: the
   * events pending for at least `olderThanMs`. Runs every SWEEP_MS in each process that
   * records events, for events pending that long; younger ones are still their own
   * process's to chain, and a sweep that took them (a purge batch's thousand) would hold
   * up this process's requests, whose runs queue behind it.
   */
  async chainLeftovers(olderThanMs = 0): Promise<void> {
    const orgs = (await this.db.query(
      `SELECT DISTINCT organisation_id FROM audit_pending
        WHERE CASE WHEN actor_kind = 'reporter' THEN occurred_at <= $2 ELSE occurred_at <= now() - $1 * interval '1 millisecond' END`,
      [olderThanMs, this.reporterEventsDueBefore()],
    )) as { organisation_id: string }[];
    if (orgs.length === 0) return;
    const runner = this.db.createQueryRunner();
    try {
      for (const { organisation_id } of orgs) await this.chain(organisation_id, runner, { ids: [], sweep: olderThanMs });
    } finally {
      await runner.release();
    }
  }

  /** Reporter events dated at or before this are of a period that has ended, and may enter the chain. */
  private reporterEventsDueBefore(): Date {
    return new Date(this.clock.nowMs() - this.reporterTimeMinutes * 60_000);
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => {
      if (this.db.isInitialized) this.chainLeftovers(SWEEP_MS).catch((e: unknown) => this.logger.warn(`pending events not chained: ${String(e)}`));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
