import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { fromB64, toB64, verifyProof } from '@kanava/crypto';
import { KanavaConfig } from '@kanava/common';
import { Challenge, COMMIT_WITHOUT_FLUSH, param, queryPrepared, Sql, sql } from '@kanava/database';
import { ReporterErrorCode, reporterError } from '../errors';
import { RateBucket, RateLimitService, TakenUnits } from './rate-limit.service';

/** CRYPTO.md: difficulty is at most 22 bits. */
export const MAX_POW_DIFFICULTY = 22;

/** The difficulty under load: 2 bits more once recent submissions reach the threshold, capped at 22. */
export function difficultyUnderLoad(base: number, recentSubmissions: number, threshold: number): number {
  return recentSubmissions >= threshold ? Math.min(MAX_POW_DIFFICULTY, base + 2) : base;
}

/** Proof-of-work challenges (CRYPTO.md "Anti-spam"), kept in PostgreSQL so any instance can check them. */
@Injectable()
export class ChallengeService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly limits: RateLimitService,
  ) {}

  /** When this instance last removed expired challenges (see `issue`). */
  private lastSweep = 0;

  async issue(): Promise<{ id: string; salt: string; difficulty: number; expiresAt: string }> {
    this.sweepExpired();
    const { powDifficulty: base, powRaiseAtSubmissions: threshold } = this.config;
    const challenge = { id: randomUUID(), salt: randomBytes(16), expiresAt: new Date(Date.now() + this.config.challengeTtlSeconds * 1000) };
    // One statement: the recent rate (the larger count of this window and the previous one,
    // as RateLimitService.recentCount) picks between the two difficulties difficultyUnderLoad gives.
    // A challenge is cheap to fetch again, so its commit does not wait for the disk.
    const [row] = await queryPrepared<{ difficulty: number }[]>(
      this.db,
      `INSERT INTO challenges (id, salt, difficulty, expires_at)
       SELECT $1::uuid, $2::bytea,
              CASE WHEN (SELECT coalesce(max(count), 0) FROM rate_limit_windows WHERE bucket = 'submissions' AND window_start >= $7) >= $5::int
                   THEN $4::int ELSE $3::int END,
              $6::timestamptz
         FROM ${COMMIT_WITHOUT_FLUSH}
       RETURNING difficulty`,
      [
        challenge.id,
        challenge.salt,
        difficultyUnderLoad(base, 0, threshold),
        difficultyUnderLoad(base, threshold, threshold),
        threshold,
        challenge.expiresAt,
        this.limits.recentSince(),
      ],
    );
    return { id: challenge.id, salt: toB64(challenge.salt), difficulty: row.difficulty, expiresAt: challenge.expiresAt.toISOString() };
  }

  /**
   * Expired challenges are useless; each instance removes them at most once every ten
   * seconds, beside issuing, which keeps the table small without a job and without a
   * second statement per challenge. A grace minute keeps a just-expired one, so its late
   * proof answers proof_expired, not invalid_proof.
   */
  private sweepExpired(): void {
    if (Date.now() - this.lastSweep < 10_000) return;
    this.lastSweep = Date.now();
    this.db
      .getRepository(Challenge)
      .delete({ expiresAt: LessThan(new Date(Date.now() - 60_000)) })
      .catch(() => (this.lastSweep = 0));
  }

  /**
   * Spends a challenge. Invariant: the DELETE ... RETURNING makes it single use
   * even when two instances receive the same proof at once.
   */
  async spend(em: EntityManager, challengeId: string, nonceB64: string): Promise<void> {
    const rows: SpentChallenge[] = await em.query(
      // A SELECT over the CTE returns plain rows (a bare DELETE answers [rows, count] through TypeORM).
      'WITH spent AS (DELETE FROM challenges WHERE id = $1 RETURNING salt, difficulty, expires_at) SELECT salt, difficulty, expires_at < now() AS expired FROM spent',
      [challengeId],
    );
    checkSpent(rows[0], nonceB64);
  }

  /**
   * Takes a unit from each budget and spends the challenge, in one statement (a
   * submission's hot path). The challenge is spent only when every budget had room, so a
   * 429 leaves the proof for a later attempt; any other failure gives the units back.
   * `alongside` is a read the caller needs in the same round trip (an expression, as a
   * fragment for the statement builder); its value comes back as `read`.
   * Returns the units, for the caller to give back if its own work fails.
   * Like `TAKE_UNITS_SQL` within it, the statement commits without waiting for the disk.
   */
  async spendWithin<R = null>(
    budgets: { bucket: RateBucket; limit: number }[],
    challengeId: string,
    nonceB64: string,
    alongside?: Sql,
  ): Promise<{ taken: TakenUnits; read: R | null }> {
    const taken = this.limits.units(budgets);
    const buckets = param(taken.buckets);
    const [row] = await queryPrepared<(Partial<SpentChallenge> & { taken: { bucket: string; count: number }[]; read: R | null })[]>(
      this.db,
      sql`WITH taken AS (${this.limits.takeUnits(taken, buckets)}),
         over AS (SELECT 1 FROM taken JOIN unnest(${buckets}::text[], ${budgets.map((b) => b.limit)}::int[]) AS l(bucket, lim) ON l.bucket = taken.bucket WHERE taken.count > l.lim),
         spent AS (DELETE FROM challenges WHERE id = ${challengeId} AND NOT EXISTS (SELECT 1 FROM over) RETURNING salt, difficulty, expires_at < now() AS expired)
       SELECT (SELECT json_agg(json_build_object('bucket', bucket, 'count', count)) FROM taken) AS taken,
              spent.salt, spent.difficulty, spent.expired, ${alongside ?? Sql.raw('NULL')} AS read
         FROM (SELECT 1) AS one LEFT JOIN spent ON true`,
    );
    await this.limits.settle(budgets, taken, row.taken);
    try {
      checkSpent(row.salt ? (row as SpentChallenge) : undefined, nonceB64);
    } catch (e) {
      await this.limits.refund(taken).catch(() => undefined);
      throw e;
    }
    return { taken, read: row.read };
  }
}

interface SpentChallenge {
  salt: Buffer;
  difficulty: number;
  expired: boolean;
}

function checkSpent(challenge: SpentChallenge | undefined, nonceB64: string): void {
  if (!challenge) throw reporterError(ReporterErrorCode.InvalidProof);
  if (challenge.expired) throw reporterError(ReporterErrorCode.ProofExpired);
  if (!verifyProof(new Uint8Array(challenge.salt), fromB64(nonceB64, 8), challenge.difficulty)) throw reporterError(ReporterErrorCode.InvalidProof);
}
