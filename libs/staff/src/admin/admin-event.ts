import type { EntityManager } from 'typeorm';
import type { AuditDetail, AuditSink } from '@kanava/common';

/** Records an admin's action, in `em`'s transaction (never names or addresses: ids and codes only). */
export function recordAdminEvent(
  audit: AuditSink,
  em: EntityManager,
  organisationId: string,
  actorId: string,
  action: string,
  details: Record<string, AuditDetail> = {},
): Promise<void> {
  return audit.record(em, { organisationId, actor: { kind: 'staff', id: actorId, role: 'admin' }, action, details });
}
