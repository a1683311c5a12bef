import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { fromB64, toB64, verifyProof } from '@kanava/crypto';
import { KanavaConfig } from '@kanava/common';
import { Challenge } from '@kanava/database';
import { ReporterErrorCode, reporterError } from '../errors';

/** Proof-of-work challenges (CRYPTO.md "Anti-spam"), kept in PostgreSQL so any instance can check them. */
@Injectable()
export class ChallengeService {
  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
  ) {}

  async issue(): Promise<{ id: string; salt: string; difficulty: number; expiresAt: string }> {
    const repo = this.db.getRepository(Challenge);
    // Expired challenges are useless; removing a few on each issue keeps the table small without a job.
    await repo.delete({ expiresAt: LessThan(new Date()) });
    const challenge = await repo.save(
      repo.create({
        id: randomUUID(),
        salt: randomBytes(16),
        difficulty: this.config.powDifficulty,
        expiresAt: new Date(Date.now() + this.config.challengeTtlSeconds * 1000),
      }),
    );
    return { id: challenge.id, salt: toB64(challenge.salt), difficulty: challenge.difficulty, expiresAt: challenge.expiresAt.toISOString() };
  }

  /**
   * Spends a challenge. Invariant: the DELETE ... RETURNING makes it single use
   * even when two instances receive the same proof at once.
   */
  async spend(em: EntityManager, challengeId: string, nonceB64: string): Promise<void> {
    const rows: Challenge[] = await em
      .createQueryBuilder()
      .delete()
      .from(Challenge)
      .where('id = :id', { id: challengeId })
      .returning(['salt', 'difficulty', 'expires_at'])
      .execute()
      .then((r) => (r.raw as Record<string, unknown>[]).map((row) => ({ salt: row.salt, difficulty: row.difficulty, expiresAt: row.expires_at }) as Challenge));
    const challenge = rows[0];
    if (!challenge) throw reporterError(ReporterErrorCode.InvalidProof);
    if (new Date(challenge.expiresAt).getTime() < Date.now()) throw reporterError(ReporterErrorCode.ProofExpired);
    if (!verifyProof(new Uint8Array(challenge.salt), fromB64(nonceB64, 8), challenge.difficulty)) throw reporterError(ReporterErrorCode.InvalidProof);
  }
}
