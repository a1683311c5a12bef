import { BadRequestError, DomainError, PayloadTooLargeError } from '@kanava/common';

/**
 * The refusals of an encrypted item or grant's shape and signature, the same for a
 * reporter's submission and follow-up, a handler's message and an attachment (codes of
 * API.md; the status is 400 except `item_too_large`, 413).
 */
export enum ProtocolErrorCode {
  ItemTooLarge = 'item_too_large',
  InvalidItemSize = 'invalid_item_size',
  BadItemSignature = 'bad_item_signature',
  BadGrantSignature = 'bad_grant_signature',
  BadGrantLength = 'bad_grant_length',
}

const MESSAGES: Record<ProtocolErrorCode, string> = {
  item_too_large: 'An item exceeds the configured size limit.',
  invalid_item_size: 'An item ciphertext is not padded as the protocol requires.',
  bad_item_signature: 'An item signature does not verify with the expected key.',
  bad_grant_signature: 'A grant signature does not verify with the reporter key.',
  bad_grant_length: 'A sealed key has the wrong length for its grantee.',
};

export function protocolError(code: ProtocolErrorCode): DomainError {
  return code === ProtocolErrorCode.ItemTooLarge ? new PayloadTooLargeError(code, MESSAGES[code]) : new BadRequestError(code, MESSAGES[code]);
}
