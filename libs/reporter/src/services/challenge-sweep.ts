import type { DataSource } from 'typeorm';

/** Deletes the proof-of-work challenges that expired before `before`; answers how many went. */
export async function removeExpiredChallenges(db: DataSource, before: Date): Promise<number> {
  const [, removed] = (await db.query('DELETE FROM challenges WHERE expires_at < $1', [before])) as [unknown, number];
  return removed;
}
