import { Injectable } from '@nestjs/common';
import { createHmac, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KanavaConfig } from '@kanava/common';
import { AuditCheckpoint } from '@kanava/database';
import { checkpointMessage, GENESIS_HASH } from './chain';

/** The DER header that makes a 32-byte Ed25519 seed a PKCS#8 private key: the key is derived, never stored. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Signed checkpoints of an organisation's chain head, and the log's retention: a
 * checkpoint kept outside Kanava contradicts any later rewrite of the log before it,
 * and pruning removes only whole prefixes, after signing one, so what was removed
 * stays provable and the rest still verifies.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly signingKey: KeyObject;
  readonly checkpointPublicKey: Buffer;

  constructor(
    private readonly db: DataSource,
    config: KanavaConfig,
  ) {
    if (!config.serverSecret) throw new Error('server secret is not configured');
    // The checkpoint key is derived from the server secret, so every instance signs with the same key.
    const seed = createHmac('sha256', config.serverSecret).update('kanava:audit-checkpoint-key:v1').digest();
    this.signingKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.checkpointPublicKey = createPublicKey(this.signingKey).export({ format: 'der', type: 'spki' }).subarray(-32);
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
