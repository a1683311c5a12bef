import { BadRequestError, ConflictError, DomainError, NotFoundError } from '@kanava/common';

export enum CaseErrorCode {
  /** Missing and forbidden answer alike, so staff cannot probe for cases. */
  CaseNotFound = 'case_not_found',
  ItemKindNotAllowed = 'item_kind_not_allowed',
  KeyIdMismatch = 'key_id_mismatch',
  ItemExists = 'item_exists',
  InvalidCursor = 'invalid_cursor',
}

export function caseError(code: CaseErrorCode): DomainError {
  switch (code) {
    case CaseErrorCode.CaseNotFound:
      return new NotFoundError(code, 'No such case.');
    case CaseErrorCode.ItemExists:
      return new ConflictError(code, 'An item with this id exists already.');
    case CaseErrorCode.ItemKindNotAllowed:
      return new BadRequestError(code, 'This kind of item cannot be sent here.');
    case CaseErrorCode.KeyIdMismatch:
      return new BadRequestError(code, "The item does not use this case's key.");
    case CaseErrorCode.InvalidCursor:
      return new BadRequestError(code, 'The page cursor is not valid; start from the first page.');
  }
}
