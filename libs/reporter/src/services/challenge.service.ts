import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { fromB64, toB64, verifyProof } from '@kanava/crypto';
import { KanavaConfig } from '@kanava/common';
import { Challenge } from '@kanava/database';
import { ReporterErrorCode, reporterError } from '../errors';
import { RateLimitService } from './rate-limit.service';

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

  async issue(): Promise<{ id: string; salt: string; difficulty: number; expiresAt: string }> {
    const repo = this.db.getRepository(Challenge);
    // Expired challenges are useless; removing them on each issue keeps the table small without a job.
    // A grace minute keeps a just-expired one, so its late proof answers proof_expired, not invalid_proof.
    const [, recent] = await Promise.all([repo.delete({ expiresAt: LessThan(new Date(Date.now() - 60_000)) }), this.limits.recentCount('submissions')]);
    const challenge = {
      id: randomUUID(),
      salt: randomBytes(16),
      difficulty: difficultyUnderLoad(this.config.powDifficulty, recent, this.config.powRaiseAtSubmissions),
      expiresAt: new Date(Date.now() + this.config.challengeTtlSeconds * 1000),
    };
    // insert, not save: the id is new, so save()'s lookup and wrapping transaction are not needed.
    await repo.insert(challenge);
    return { id: challenge.id, salt: toB64(challenge.salt), difficulty: challenge.difficulty, expiresAt: challenge.expiresAt.toISOString() };
  }

  /**
   * Spends a challenge. Invariant: the DELETE ... RETURNING makes it single use
   * even when two instances receive the same proof at once.
   */
  async spend(em: EntityManager, challengeId: string, nonceB64: string): Promise<void> {
    const rows: { salt: Buffer; difficulty: number; expired: boolean }[] = await em.query(
      // A SELECT over the CTE returns plain rows (a bare DELETE answers [rows, count] through TypeORM).
      'WITH spent AS (DELETE FROM challenges WHERE id = $1 RETURNING salt, difficulty, expires_at) SELECT salt, difficulty, expires_at < now() AS expired FROM spent',
      [challengeId],
    );
    const challenge = rows[0];
    if (!challenge) throw reporterError(ReporterErrorCode.InvalidProof);
    if (challenge.expired) throw reporterError(ReporterErrorCode.ProofExpired);
    if (!verifyProof(new Uint8Array(challenge.salt), fromB64(nonceB64, 8), challenge.difficulty)) throw reporterError(ReporterErrorCode.InvalidProof);
  }
}
