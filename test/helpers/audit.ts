import { AuditChainer } from '@kanava/audit';
import type { TestApp } from './app';

/**
 * A reporter's events enter the audit chain only once their period (an hour, or the
 * digest period) has ended: this moves the app's clock past the current period and
 * runs the sweep every process runs, so they are in the chain, as an hour later.
 */
export async function releaseReporterEvents(t: TestApp): Promise<void> {
  const chainer = t.app.get(AuditChainer);
  t.clock.advance(chainer.reporterTimeMinutes * 60_000);
  await chainer.chainLeftovers();
}

/** Every recorded event, chained or still waiting in audit_pending, for counting what an action recorded. */
export const RECORDED_EVENTS_SQL = `(SELECT organisation_id, case_id, actor_kind, action, details FROM audit_events
  UNION ALL SELECT organisation_id, case_id, actor_kind, action, details FROM audit_pending)`;
