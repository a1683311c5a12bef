import { EntityManager } from 'typeorm';
import { Case, feedbackDue } from '@kanava/database';

/**
 * The nearest open deadline: acknowledgement until acknowledged, then feedback; once
 * closed, the follow-up with the reporter (R40) until it is done, else none.
 */
export function nextDue(
  c: Pick<Case, 'closedAt' | 'acknowledgedAt' | 'acknowledgementDueAt' | 'feedbackDueAt'> & Partial<Pick<Case, 'followUpAt' | 'followUpDoneAt'>>,
): Date | null {
  if (c.closedAt) return c.followUpAt && !c.followUpDoneAt ? c.followUpAt : null;
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
