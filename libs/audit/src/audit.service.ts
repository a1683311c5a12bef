import { Injectable } from '@nestjs/common';
import { createHmac, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditSink, KanavaConfig } from '@kanava/common';
import { AuditCheckpoint } from '@kanava/database';
import { checkpointMessage, eventHash, GENESIS_HASH } from './chain';

export interface VerifyResult {
  ok: boolean;
  /** Events checked in this run. */
  checked: number;
  /** The first sequence number that does not verify, and why. */
  firstBadSeq: string | null;
  reason: 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch' | null;
  headSeq: string;
  headHash: string;
}

interface EventRow {
  organisation_id: string;
  seq: string;
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
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The audit log: one hash chain per organisation (see chain.ts), appended inside
 * the caller's transaction, verified by streaming in batches, pruned only as whole
 * prefixes, and anchored by signed checkpoints.
 */
@Injectable()
export class AuditService extends AuditSink {
  private readonly signingKey: KeyObject;
  readonly checkpointPublicKey: Buffer;

  constructor(
    private readonly db: DataSource,
    config: KanavaConfig,
  ) {
    super();
    if (!config.serverSecret) throw new Error('server secret is not configured');
    // The checkpoint key is derived from the server secret, so every instance signs with the same key.
    const seed = createHmac('sha256', config.serverSecret).update('kanava:audit-checkpoint-key:v1').digest();
    this.signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.checkpointPublicKey = createPublicKey(this.signingKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  }

  /**
   * Appends one event. The organisation's head row is locked from here to the end
   * of the caller's transaction, so appends of one organisation are serialised
   * (no forks, no gaps) while other organisations are not held up. Callers record
   * last in their transaction to keep that window short.
   */
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(em, [entry]);
  }

  /**
   * Appends events in order, one round trip per organisation (the purge job
   * records a deletion per case, thousands at a time). Heads are locked in
   * organisation-id order, so two batches spanning the same organisations cannot
   * deadlock.
   */
  override async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!em.queryRunner?.isTransactionActive) {
      await this.db.transaction((tx) => this.recordMany(tx, entries));
      return;
    }
    const byOrganisation = new Map<string, AuditEntry[]>();
    for (const e of entries) byOrganisation.set(e.organisationId, [...(byOrganisation.get(e.organisationId) ?? []), e]);
    for (const organisationId of [...byOrganisation.keys()].sort()) await this.appendChain(em, organisationId, byOrganisation.get(organisationId)!);
  }

  private async appendChain(em: EntityManager, organisationId: string, entries: AuditEntry[]): Promise<void> {
    const lockHead = async () =>
      ((await em.query('SELECT seq, hash FROM audit_heads WHERE organisation_id = $1 FOR UPDATE', [organisationId])) as { seq: string; hash: Buffer }[])[0];
    let head = await lockHead();
    if (!head) {
      await em.query('INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [organisationId, GENESIS_HASH]);
      head = await lockHead();
    }
    const occurredAt = new Date();
    let seq = BigInt(head.seq);
    let prevHash = head.hash;
    const rows = entries.map((entry) => {
      const actor = entry.actor;
      seq += 1n;
      const fields = {
        organisationId,
        seq,
        occurredAt,
        actorKind: actor.kind,
        actorId: actor.kind === 'staff' ? actor.id : null,
        actorRole: actor.kind === 'staff' ? actor.role : null,
        action: entry.action,
        caseId: entry.caseId ?? null,
        details: entry.details ?? {},
      };
      const hash = eventHash(fields, prevHash);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    if (rows.length === 1) {
      // The common case, one event per action: plain VALUES, one round trip, no array decoding.
      const [r] = rows;
      await em.query(
        `WITH appended AS (
           INSERT INTO audit_events (organisation_id, seq, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq)
         UPDATE audit_heads SET seq = (SELECT seq FROM appended), hash = $11 WHERE organisation_id = $1`,
        [organisationId, r.seq.toString(), occurredAt, r.actorKind, r.actorId, r.actorRole, r.action, r.caseId, r.details, r.prevHash, r.hash],
      );
      return;
    }
    const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
    // One round trip for the events and the new head, while the head row is locked.
    await em.query(
      `WITH appended AS (
         INSERT INTO audit_events (organisation_id, seq, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash)
         SELECT $1, t.seq, $2, t.actor_kind, t.actor_id, t.actor_role, t.action, t.case_id, t.details::jsonb, decode(t.prev_hash, 'hex'), decode(t.hash, 'hex')
           FROM unnest($3::bigint[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[])
             AS t(seq, actor_kind, actor_id, actor_role, action, case_id, details, prev_hash, hash)
         RETURNING seq)
       UPDATE audit_heads SET seq = (SELECT max(seq) FROM appended), hash = $12 WHERE organisation_id = $1`,
      [
        organisationId,
        occurredAt,
        column((r) => r.seq.toString()),
        column((r) => r.actorKind),
        column((r) => r.actorId),
        column((r) => r.actorRole),
        column((r) => r.action),
        column((r) => r.caseId),
        column((r) => JSON.stringify(r.details)),
        column((r) => r.prevHash.toString('hex')),
        column((r) => r.hash.toString('hex')),
        prevHash,
      ],
    );
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
      const [last] = (await em.query('SELECT seq, hash FROM audit_events WHERE organisation_id = $1 AND occurred_at < $2 ORDER BY seq DESC LIMIT 1', [
        organisationId,
        before,
      ])) as {
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
