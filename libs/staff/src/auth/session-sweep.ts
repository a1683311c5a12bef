import type { DataSource } from 'typeorm';

/** Deletes the staff sessions past their absolute lifetime at `now`; answers how many went. */
export async function removeExpiredSessions(db: DataSource, now: Date): Promise<number> {
  const [, removed] = (await db.query('DELETE FROM staff_sessions WHERE expires_at < $1', [now])) as [unknown, number];
  return removed;
}
