/** The auditor's routes' responses (`/api/audit/...`), as libs/audit builds them and the console reads them. */

/** One event of the audit log: who did what to which case, never content. */
export interface AuditEventView {
  seq: string;
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  caseId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** An event as the auditor's view lists it: with its case's reference while the case exists (a deleted case keeps only its id). */
export type AuditEventListed = AuditEventView & { caseReference: string | null };

/** `GET /api/audit/events`: a keyset page of events, oldest first. */
export interface AuditEventPage {
  events: AuditEventListed[];
  nextCursor: string | null;
}

/** `GET /api/audit/staff`: who can appear as an actor, deactivated members included (no e-mail address). */
export interface AuditStaffMember {
  id: string;
  displayName: string;
  roles: string[];
  active: boolean;
}

/** `GET /api/audit/verify`: the chain's verification, naming the first event that does not verify. */
export interface AuditVerifyResult {
  ok: boolean;
  /** Events checked in this run. */
  checked: number;
  /** The first sequence number that does not verify, and why. */
  firstBadSeq: string | null;
  reason: 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch' | null;
  headSeq: string;
  headHash: string;
}
