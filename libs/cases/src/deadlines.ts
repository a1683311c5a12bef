import { EntityManager } from 'typeorm';
import { Case, feedbackDue } from '@kanava/database';

/** The nearest open deadline: acknowledgement until acknowledged, then feedback; none once closed. */
export function nextDue(c: Pick<Case, 'closedAt' | 'acknowledgedAt' | 'acknowledgementDueAt' | 'feedbackDueAt'>): Date | null {
  if (c.closedAt) return null;
  return c.acknowledgedAt ? c.feedbackDueAt : c.acknowledgementDueAt;
}

/**
 * Records the acknowledgement (R6) once, at `at`, and moves the feedback deadline
 * to three months after it (R7). Returns whether this call acknowledged the case.
 */
export async function acknowledgeOnce(em: EntityManager, c: Case, at: Date): Promise<boolean> {
  const feedbackDueAt = feedbackDue(c.receivedAt, at);
  const result = await em
    .createQueryBuilder()
    .update(Case)
    .set({ acknowledgedAt: at, feedbackDueAt, nextDueAt: c.closedAt ? null : feedbackDueAt })
    .where('id = :id AND acknowledged_at IS NULL', { id: c.id })
    .execute();
  return (result.affected ?? 0) === 1;
}
