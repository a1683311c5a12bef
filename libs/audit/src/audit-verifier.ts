import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditVerifyResult } from '@kanava/api-contract';
import { eventHash, GENESIS_HASH } from './chain';

/** The chain's verification, as `GET /api/audit/verify` answers it. */
export type VerifyResult = AuditVerifyResult;

/** A chained event as verification reads it. */
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

/** Events read per query: a million-event chain streams through in bounded memory. */
const BATCH = 20_000;

/**
 * Verification of an organisation's chain (see chain.ts): what the auditor's
 * `GET /api/audit/verify` and `npm run cli -- audit:verify` answer. It reads only
 * audit_heads and audit_events and writes nothing, so any process may run it.
 */
@Injectable()
export class AuditVerifier {
  constructor(private readonly db: DataSource) {}

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
}
