import type { DataSource } from 'typeorm';
import type { Clock } from '@kanava/common';
import { removeExpiredChallenges } from '@kanava/reporter';
import { removeExpiredSessions } from '@kanava/staff';

/**
 * Deletes proof-of-work challenges that expired over a minute ago (the API also
 * sweeps them when it issues new ones; this covers quiet periods) and staff
 * sessions past their absolute lifetime. Returns how many rows went.
 */
export async function removeExpiredChallengesAndSessions(db: DataSource, clock: Clock): Promise<number> {
  const now = clock.nowMs();
  // Each table's owner deletes its rows (libs/database/src/ownership.ts).
  const challenges = await removeExpiredChallenges(db, new Date(now - 60_000));
  const sessions = await removeExpiredSessions(db, new Date(now));
  return challenges + sessions;
}
