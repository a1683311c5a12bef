/** Why a case of a bulk assignment in the inbox was not assigned: `bulk.reason.<code>` in the catalogs. */
export const BULK_REASONS = ['holds', 'conflict', 'keys', 'noKey', 'error'] as const;
export type BulkReason = (typeof BULK_REASONS)[number];
