/** Branded ids, so a CaseId is never passed where a UserId belongs. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
export type CaseId = Brand<string, 'CaseId'>;
export type UserId = Brand<string, 'UserId'>;
export type OrganisationId = Brand<string, 'OrganisationId'>;
export type ChannelId = Brand<string, 'ChannelId'>;

/** Lower-case hyphenated UUID, as CRYPTO.md requires in every signed string. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
