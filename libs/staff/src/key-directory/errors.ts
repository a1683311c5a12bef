import { BadRequestError, ConflictError, DomainError, NotFoundError } from '@kanava/common';

/** Why the key directory, a re-verification or a key-bundle update was refused. */
export enum KeyDirectoryErrorCode {
  OrganisationNotFound = 'organisation_not_found',
  DirectoryKeyMissing = 'directory_key_missing',
  DirectoryKeySet = 'directory_key_set',
  RecoveryKeyMissing = 'recovery_key_missing',
  DirectoryStale = 'directory_stale',
  DirectoryInvalid = 'directory_invalid',
  EntryMismatch = 'directory_entry_mismatch',
  UserNotFound = 'user_not_found',
  KeyBundleChanged = 'key_bundle_changed',
  KeyBundleInvalid = 'key_bundle_invalid',
}

const MESSAGES: Record<KeyDirectoryErrorCode, string> = {
  organisation_not_found: 'There is no organisation at this address.',
  directory_key_missing: 'The organisation has no directory-signing key yet: set its public half first (PUT /api/admin/organisation/directory-key).',
  directory_key_set: 'The directory-signing key is set already; replacing it is an operator task the organisation must announce.',
  recovery_key_missing: 'Set the organisation recovery key first: the organisation fingerprint covers the recovery key and the directory key together.',
  directory_stale: 'The key directory changed since these entries were signed: load the pending changes again and sign them anew.',
  directory_invalid: 'The entries do not verify as a continuation of the key directory with its directory key.',
  directory_entry_mismatch: 'An entry does not match the account it names now (its keys, roles, name or status changed): load the pending changes again.',
  user_not_found: 'No such staff member in this organisation.',
  key_bundle_changed: 'Your key bundle was changed elsewhere (another tab or device): load it again and repeat the change.',
  key_bundle_invalid: 'That is not a wrapped key bundle.',
};

const STATUS: Partial<Record<KeyDirectoryErrorCode, new (code: string, message: string) => DomainError>> = {
  organisation_not_found: NotFoundError,
  user_not_found: NotFoundError,
  directory_key_missing: ConflictError,
  directory_key_set: ConflictError,
  recovery_key_missing: ConflictError,
  directory_stale: ConflictError,
  key_bundle_changed: ConflictError,
};

export function keyDirectoryError(code: KeyDirectoryErrorCode, detail?: string): DomainError {
  const Ctor = STATUS[code] ?? BadRequestError;
  return new Ctor(code, detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code]);
}
