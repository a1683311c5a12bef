import { BadRequestError, ConflictError, DomainError, NotFoundError } from '@kanava/common';

export enum RetentionErrorCode {
  HoldNotFound = 'legal_hold_not_found',
  HoldReleased = 'legal_hold_released',
  InvalidReviewDate = 'invalid_review_date',
  ChannelNotFound = 'channel_not_found',
  ConfirmationRequired = 'confirmation_required',
  InvalidCursor = 'invalid_cursor',
}

export function retentionError(code: RetentionErrorCode, detail?: string, fields?: Record<string, number>): DomainError {
  switch (code) {
    case RetentionErrorCode.HoldNotFound:
      return new NotFoundError(code, 'No such legal hold on this case.');
    case RetentionErrorCode.HoldReleased:
      return new ConflictError(code, 'The legal hold was released already.');
    case RetentionErrorCode.InvalidReviewDate:
      return new BadRequestError(code, 'The review date must be in the future and within five years.');
    case RetentionErrorCode.ChannelNotFound:
      return new NotFoundError(code, 'No such channel in your organisation.');
    case RetentionErrorCode.ConfirmationRequired:
      // A deletion that cannot be undone is never a side effect: the caller repeats the request with confirm: true.
      return new ConflictError(code, `${detail} Nothing was changed; send the request again with "confirm": true to go ahead.`).withFields(fields ?? {});
    case RetentionErrorCode.InvalidCursor:
      return new BadRequestError(code, 'The page cursor is not valid; start from the first page.');
  }
}
