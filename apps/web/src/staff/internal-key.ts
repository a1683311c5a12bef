import { makeInternalKey, OpenedCase } from './case-client';
import type { StaffSession } from './session';
import { loadTrust } from './trust';

/**
 * The case's internal key (notes) in this browser: made here and sealed to every
 * handler of the case and to recovery the first time a note is written. A recovery
 * key an admin set after the page loaded must be among the grantees too, so the
 * directory is looked up again when the page knows none.
 */
export async function ensureInternalKey(session: StaffSession, opened: OpenedCase): Promise<void> {
  if (opened.keys.internal) return;
  const directory = opened.directory.recoveryPublicKey ? opened.directory : await loadTrust(session);
  const made = makeInternalKey(session, { ...opened, directory });
  await session.api.post(`/api/staff/cases/${opened.view.id}/internal-key`, { grants: made.grants });
  opened.keys.internal = made.key;
}
