import type { DataSource } from 'typeorm';
import type { Clock } from '@kanava/common';

/**
 * Deletes proof-of-work challenges that expired over a minute ago (the API also
 * sweeps them when it issues new ones; this covers quiet periods) and staff
 * sessions past their absolute lifetime. Returns how many rows went.
 */
export async function removeExpiredChallengesAndSessions(db: DataSource, clock: Clock): Promise<number> {
  const now = clock.nowMs();
  const [, challenges] = (await db.query('DELETE FROM challenges WHERE expires_at < $1', [new Date(now - 60_000)])) as [unknown, number];
  const [, sessions] = (await db.query('DELETE FROM staff_sessions WHERE expires_at < $1', [new Date(now)])) as [unknown, number];
  return challenges + sessions;
}
