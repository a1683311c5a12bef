import type { EntityManager } from 'typeorm';

export interface CaseRecipient {
  caseId: string;
  email: string;
  channelName: string;
}

/**
 * The handlers a case's mail goes to: active, designated for its channel, holding
 * a live grant of its shared key. Reporter exclusions and implicated handlers hold
 * no grant, so they are never told about the case.
 */
export async function caseHandlers(em: EntityManager, caseIds: string[], now: Date): Promise<CaseRecipient[]> {
  if (caseIds.length === 0) return [];
  return (await em.query(
    `SELECT DISTINCT g.case_id AS "caseId", u.email, ch.name AS "channelName"
       FROM case_grants g
       JOIN cases c ON c.id = g.case_id
       JOIN channels ch ON ch.id = c.channel_id
       JOIN staff_users u ON u.id = g.grantee_user_id
       JOIN channel_members m ON m.channel_id = c.channel_id AND m.user_id = u.id AND m.role = 'handler'
      WHERE g.case_id = ANY($1) AND g.key_kind = 'shared' AND u.active AND 'handler' = ANY(u.roles)
        AND (g.expires_at IS NULL OR g.expires_at > $2)
        AND NOT (u.id = ANY(c.excluded_user_ids)) AND NOT (u.id = ANY(c.implicated_user_ids))`,
    [caseIds, now],
  )) as CaseRecipient[];
}

/** Groups rows by recipient address, in a stable order. */
export function byRecipient<T extends { email: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of [...rows].sort((a, b) => a.email.localeCompare(b.email))) out.set(r.email, [...(out.get(r.email) ?? []), r]);
  return out;
}
