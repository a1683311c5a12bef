import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { createHmac, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { AuditEntry, AuditSink, Clock, KanavaConfig } from '@kanava/common';
import { AuditCheckpoint, queryPrepared } from '@kanava/database';
import type { AuditVerifyResult } from '@kanava/api-contract';
import { checkpointMessage, eventHash, GENESIS_HASH } from './chain';

/** The chain's verification, as `GET /api/audit/verify` answers it. */
export type VerifyResult = AuditVerifyResult;

interface EventRow {
  organisation_id: string;
  seq: string;
  /** ISO 8601 UTC with milliseconds, as PostgreSQL formats it for hashing. */
  occurred_at: string;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  case_id: string | null;
  details: Record<string, unknown>;
  prev_hash: Buffer;
  hash: Buffer;
}

const BATCH = 20_000;
/** Pending events chained per run of `chainChunk` at most. */
const CHAIN_CHUNK = 500;
/** How often each process looks for events a crash left pending. */
const SWEEP_MS = 5_000;
/** Where a transaction's query runner remembers the keys of the events it recorded, by organisation. */
const RECORDED_EVENTS = 'kanavaAuditRecordedEvents';

/** A pending event as `chainChunk` reads it: an event row before it has a place in the chain. */
type PendingRow = Omit<EventRow, 'organisation_id' | 'seq' | 'prev_hash' | 'hash'> & { id: string };

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

/** What a run chains: these recorded events (by key), and with `sweep` whatever else has been pending at least that many ms. */
interface ChainWork {
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
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The audit log: one hash chain per organisation (see chain.ts), recorded inside
 * the caller's transaction and chained right after its commit, verified by streaming
 * in batches, pruned only as whole prefixes, and anchored by signed checkpoints.
 *
 * Invariant: a reporter's event tells nobody more than the period it happened in. It
 * is recorded already dated to its period's start (`reporterTimeMinutes`, from the
 * Unix epoch as the digest counts), so its exact time is never stored, and it enters
 * the chain only once that period has ended, with the period's other reporter events
 * (the sweep does it). Dating it coarsely alone would not do: chained at once, it
 * would sit between staff events with exact times, and those would date it.
 */
@Injectable()
export class AuditService extends AuditSink implements EntitySubscriberInterface, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly turns = new Map<string, ChainTurn>();
  private sweeper?: NodeJS.Timeout;
  private readonly signingKey: KeyObject;
  readonly checkpointPublicKey: Buffer;
  /** The length of the period reporter events are dated to and held for. */
  readonly reporterTimeMinutes: number;

  constructor(
    private readonly db: DataSource,
    config: KanavaConfig,
    // Optional for the worker and the CLI, which build this service without Nest; the clock only dates and releases reporter events.
    @Optional() private readonly clock: Clock = new Clock(),
  ) {
    super();
    this.reporterTimeMinutes = reporterTimeMinutes(config);
    if (!config.serverSecret) throw new Error('server secret is not configured');
    // The checkpoint key is derived from the server secret, so every instance signs with the same key.
    const seed = createHmac('sha256', config.serverSecret).update('kanava:audit-checkpoint-key:v1').digest();
    this.signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.checkpointPublicKey = createPublicKey(this.signingKey).export({ format: 'der', type: 'spki' }).subarray(-32);
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
    // A reporter's events wait for the end of their period (see the class comment).
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
    const period = periodStart(this.clock.now(), this.reporterTimeMinutes);
    return entries.map((entry) =>
      entry.actor.kind === 'reporter'
        ? { entry, occurredAt: period, details: { ...entry.details, timeRoundedToMinutes: this.reporterTimeMinutes } }
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
      // pool while callers that queued behind it hold connections (see `chain`).
      await runner.connect();
      await this.chain(organisationId, runner, { ids: [recordedId], sweep: null });
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
      await this.chain(organisationId, runner, { ids: recorded.get(organisationId)!, sweep: null }).catch((e: unknown) =>
        this.logger.warn(`events of ${organisationId} left pending: ${String(e)}`),
      );
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete (event.queryRunner.data as Record<string, unknown>)[RECORDED_EVENTS];
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
  private chain(organisationId: string, runner: QueryRunner, work: ChainWork): Promise<void> {
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

  /**
   * Re-computes the chain from `fromSeq` (default: its start) to `toSeq` (default:
   * the head), a batch at a time, and names the first event that does not verify.
   */
  async verify(organisationId: string, range: { fromSeq?: bigint; toSeq?: bigint } = {}): Promise<VerifyResult> {
    const [head] = (await this.db.query('SELECT seq, hash, pruned_through, pruned_hash FROM audit_heads WHERE organisation_id = $1', [organisationId])) as {
      seq: string;
      hash: Buffer;
      pruned_through: string;
      pruned_hash: Buffer | null;
    }[];
    const headSeq = BigInt(head?.seq ?? 0);
    const headHash = head?.hash ?? GENESIS_HASH;
    const prunedThrough = BigInt(head?.pruned_through ?? 0);
    const from = range.fromSeq && range.fromSeq > prunedThrough + 1n ? range.fromSeq : prunedThrough + 1n;
    const to = range.toSeq && range.toSeq < headSeq ? range.toSeq : headSeq;
    const result = (checked: number, bad: bigint | null, reason: VerifyResult['reason']): VerifyResult => ({
      ok: bad === null,
      checked,
      firstBadSeq: bad === null ? null : bad.toString(),
      reason,
      headSeq: headSeq.toString(),
      headHash: headHash.toString('hex'),
    });

    // The hash the first checked event must point back to.
    let prevHash: Buffer;
    if (from === prunedThrough + 1n) prevHash = prunedThrough > 0n ? head!.pruned_hash! : GENESIS_HASH;
    else {
      const [prev] = (await this.db.query('SELECT hash FROM audit_events WHERE organisation_id = $1 AND seq = $2', [
        organisationId,
        (from - 1n).toString(),
      ])) as { hash: Buffer }[];
      if (!prev) return result(0, from - 1n, 'gap');
      prevHash = prev.hash;
    }
    let expected = from;
    let checked = 0;
    const fetch = (fromSeq: bigint) =>
      this.db.query(
        // The time as ISO text straight from PostgreSQL: parsing a million Dates costs more than hashing them.
        `SELECT organisation_id, seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
                actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash
           FROM audit_events WHERE organisation_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
        [organisationId, fromSeq.toString(), to.toString(), BATCH],
      ) as Promise<EventRow[]>;
    // The next batch is read while this one is hashed: PostgreSQL and Node work side by side.
    let next: Promise<EventRow[]> | null = expected <= to ? fetch(expected) : null;
    const abandon = (r: VerifyResult) => {
      next?.catch(() => undefined);
      return r;
    };
    while (next) {
      const rows = await next;
      if (rows.length === 0) return result(checked, expected, 'gap');
      const last = BigInt(rows[rows.length - 1].seq);
      next = last < to && rows.length === BATCH ? fetch(last + 1n) : null;
      for (const row of rows) {
        const seq = BigInt(row.seq);
        if (seq !== expected) return abandon(result(checked, expected, 'gap'));
        if (!row.prev_hash.equals(prevHash)) return abandon(result(checked, seq, 'broken_link'));
        const recomputed = eventHash(
          {
            organisationId: row.organisation_id,
            seq,
            occurredAt: row.occurred_at,
            actorKind: row.actor_kind,
            actorId: row.actor_id,
            actorRole: row.actor_role,
            action: row.action,
            caseId: row.case_id,
            details: row.details,
          },
          row.prev_hash,
        );
        if (!recomputed.equals(row.hash)) return abandon(result(checked, seq, 'hash_mismatch'));
        prevHash = row.hash;
        expected = seq + 1n;
        checked++;
      }
    }
    if (expected <= to) return result(checked, expected, 'gap');
    // Deleting the newest events leaves a shorter chain that verifies; the head row remembers.
    if (to === headSeq && headSeq > prunedThrough && !prevHash.equals(headHash)) return result(checked, headSeq, 'head_mismatch');
    return result(checked, null, null);
  }

  /** Signs the current head of an organisation's chain. */
  async checkpoint(organisationId: string): Promise<AuditCheckpoint> {
    const [head] = (await this.db.query('SELECT seq, hash FROM audit_heads WHERE organisation_id = $1', [organisationId])) as { seq: string; hash: Buffer }[];
    const seq = BigInt(head?.seq ?? 0);
    const hash = head?.hash ?? GENESIS_HASH;
    const signedAt = new Date();
    const signature = sign(null, checkpointMessage(organisationId, seq, hash, signedAt), this.signingKey);
    return this.db.getRepository(AuditCheckpoint).save({
      id: randomUUID(),
      organisationId,
      seq: seq.toString(),
      hash,
      signedAt,
      publicKey: this.checkpointPublicKey,
      signature,
    });
  }

  /**
   * The worker's periodic job: signs a checkpoint for every organisation whose
   * chain moved since its last one, and applies the retention policy. Returns how
   * many checkpoints were signed.
   */
  async checkpointAndPrune(retentionDays: number): Promise<number> {
    const moved = (await this.db.query(
      `SELECT h.organisation_id FROM audit_heads h
        WHERE h.seq > coalesce((SELECT max(c.seq) FROM audit_checkpoints c WHERE c.organisation_id = h.organisation_id), -1)`,
    )) as { organisation_id: string }[];
    for (const { organisation_id } of moved) await this.checkpoint(organisation_id);
    if (retentionDays > 0) {
      const before = new Date(Date.now() - retentionDays * 86_400_000);
      const orgs = (await this.db.query('SELECT organisation_id FROM audit_heads')) as { organisation_id: string }[];
      for (const { organisation_id } of orgs) await this.prune(organisation_id, before);
    }
    return moved.length;
  }

  async listCheckpoints(organisationId: string) {
    const rows = await this.db.getRepository(AuditCheckpoint).find({ where: { organisationId }, order: { signedAt: 'DESC' }, take: 100 });
    return rows.map((r) => this.checkpointView(r));
  }

  /** A checkpoint as auditors keep it: everything needed to check it later, outside Kanava. */
  checkpointView(cp: AuditCheckpoint) {
    return {
      organisationId: cp.organisationId,
      seq: cp.seq,
      hash: cp.hash.toString('hex'),
      signedAt: cp.signedAt.toISOString(),
      publicKey: cp.publicKey.toString('base64url'),
      signature: cp.signature.toString('base64url'),
    };
  }

  /** Checks a checkpoint's signature and that the chain still has that hash at that seq. */
  async checkCheckpoint(cp: { organisationId: string; seq: bigint; hash: Buffer; signedAt: Date; signature: Buffer; publicKey: Buffer }): Promise<boolean> {
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), cp.publicKey]), format: 'der', type: 'spki' });
    if (!verify(null, checkpointMessage(cp.organisationId, cp.seq, cp.hash, cp.signedAt), key, cp.signature)) return false;
    if (cp.seq === 0n) return cp.hash.equals(GENESIS_HASH);
    const [row] = (await this.db.query('SELECT hash FROM audit_events WHERE organisation_id = $1 AND seq = $2', [cp.organisationId, cp.seq.toString()])) as {
      hash: Buffer;
    }[];
    if (row) return row.hash.equals(cp.hash);
    const [head] = (await this.db.query('SELECT pruned_through, pruned_hash FROM audit_heads WHERE organisation_id = $1', [cp.organisationId])) as {
      pruned_through: string;
      pruned_hash: Buffer | null;
    }[];
    return !!head && BigInt(head.pruned_through) === cp.seq && !!head.pruned_hash?.equals(cp.hash);
  }

  /**
   * Log retention: removes the whole prefix of events older than `before` and
   * remembers the last removed hash, so verification of the rest still works.
   * Signs a checkpoint first, so the removed prefix stays provable.
   */
  async prune(organisationId: string, before: Date): Promise<{ removed: number; prunedThrough: string }> {
    await this.checkpoint(organisationId);
    return this.db.transaction(async (em) => {
      const [head] = (await em.query('SELECT seq, pruned_through FROM audit_heads WHERE organisation_id = $1 FOR UPDATE', [organisationId])) as {
        seq: string;
        pruned_through: string;
      }[];
      if (!head) return { removed: 0, prunedThrough: '0' };
      // The prefix ends at an event with an exact time: a reporter's is dated to its period's
      // start and chained after the period, behind staff events up to a period younger than
      // its date, which a cut at a reporter event would remove before their time.
      const [last] = (await em.query(
        "SELECT seq, hash FROM audit_events WHERE organisation_id = $1 AND occurred_at < $2 AND actor_kind <> 'reporter' ORDER BY seq DESC LIMIT 1",
        [organisationId, before],
      )) as {
        seq: string;
        hash: Buffer;
      }[];
      if (!last) return { removed: 0, prunedThrough: head.pruned_through };
      // Invariant: only this path deletes audit rows; the trigger allows it for this transaction only.
      await em.query("SELECT set_config('kanava.audit_prune', 'on', true)");
      const [, removed] = (await em.query('DELETE FROM audit_events WHERE organisation_id = $1 AND seq <= $2', [organisationId, last.seq])) as [
        unknown,
        number,
      ];
      await em.query('UPDATE audit_heads SET pruned_through = $2, pruned_hash = $3 WHERE organisation_id = $1', [organisationId, last.seq, last.hash]);
      await em.query("SELECT set_config('kanava.audit_prune', 'off', true)");
      return { removed, prunedThrough: last.seq };
    });
  }
}
