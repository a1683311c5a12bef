import type { EntityManager } from 'typeorm';

/** Which of a user's case keys a revocation removes: those held as a handler, as a custodian, or all. */
export type RevokedRole = 'handler' | 'custodian' | 'all';

/**
 * What staff administration needs from the case keys (`case_grants`), which the cases lib
 * owns: staff sits below cases in the lib order, so it asks through this port (as every
 * lib records through {@link AuditSink}). The cases lib provides the implementation.
 */
export abstract class CaseGrantsPort {
  /**
   * Removes the case keys `userId` held through `role`, for cases of the given channels
   * (all channels when null), inside the caller's transaction: the server half of
   * revocation (R14). Answers how many keys were removed.
   */
  abstract revoke(em: EntityManager, userId: string, role: RevokedRole, channelIds: string[] | null): Promise<number>;

  /** How many cases each user can open per channel of the organisation, keyed `<userId>:<channelId>` (R14's access review). */
  abstract casesGranted(organisationId: string): Promise<Map<string, number>>;
}
