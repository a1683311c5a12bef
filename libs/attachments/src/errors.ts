import { BadRequestError, ConflictError, DomainError, ForbiddenError, NotFoundError, PayloadTooLargeError } from '@kanava/common';

/** Every way an attachment request can be refused; the code is the `error` field of the answer. */
export enum AttachmentErrorCode {
  AttachmentNotFound = 'attachment_not_found',
  AttachmentExists = 'attachment_exists',
  AttachmentIdMismatch = 'attachment_id_mismatch',
  ItemKindNotAllowed = 'item_kind_not_allowed',
  KeyIdMismatch = 'key_id_mismatch',
  InvalidAttachmentSize = 'invalid_attachment_size',
  AttachmentTooLarge = 'attachment_too_large',
  CaseAttachmentsTooLarge = 'case_attachments_too_large',
  TooManyAttachments = 'too_many_attachments',
  UploadComplete = 'upload_complete',
  UploadStarted = 'upload_started',
  UploadIncomplete = 'upload_incomplete',
  InvalidUploadOffset = 'invalid_upload_offset',
  UploadOffsetMismatch = 'upload_offset_mismatch',
  UploadExceedsSize = 'upload_exceeds_size',
  PartialRecord = 'partial_record',
  IncompleteContent = 'incomplete_content',
  InvalidChecksum = 'invalid_checksum',
  ChecksumMismatch = 'checksum_mismatch',
  UnsupportedMediaType = 'unsupported_media_type',
  RangeNotSatisfiable = 'range_not_satisfiable',
  UploadAborted = 'upload_aborted',
  NotAuthor = 'not_author',
  /** Voice consent (R28): given once per recording, signed by the reporter, for their own recording. */
  ConsentGiven = 'voice_consent_given',
  BadConsentSignature = 'bad_consent_signature',
}

const MESSAGES: Record<AttachmentErrorCode, string> = {
  attachment_not_found: 'No such attachment.',
  attachment_exists: 'An attachment with this id exists already; generate a new id.',
  attachment_id_mismatch: 'The meta and fileKey items must carry the attachment id as their itemId.',
  item_kind_not_allowed: 'meta must be an attachment-meta item and fileKey an attachment-key item.',
  key_id_mismatch: "The items do not use this case's shared key.",
  invalid_attachment_size: 'size must be a padded ciphertext size: 24 + n·65553 bytes for a padded plaintext of n 64 KiB chunks.',
  attachment_too_large: 'The attachment exceeds the configured size limit per file.',
  case_attachments_too_large: "The attachment would exceed the configured total size of this case's attachments.",
  too_many_attachments: 'This case holds the configured maximum number of attachments.',
  upload_complete: 'This attachment is uploaded completely already.',
  upload_started: 'Part of this attachment is stored already; resume with PATCH at the Upload-Offset that HEAD answers.',
  upload_incomplete: 'This attachment is not uploaded completely yet.',
  invalid_upload_offset: 'Send the Upload-Offset header: a non-negative integer.',
  upload_offset_mismatch: 'Upload-Offset does not match the bytes stored; ask HEAD for the current offset.',
  upload_exceeds_size: 'The content is longer than the declared attachment size.',
  partial_record: 'The content must end at a record boundary (24-byte header, then 65,553-byte records).',
  incomplete_content: 'PUT must carry the whole content; send the rest with PATCH if the connection broke.',
  invalid_checksum: 'Upload-Checksum must be "sha256 <base64 digest>".',
  checksum_mismatch: 'The content does not match its Upload-Checksum; nothing of it was stored. Send it again.',
  unsupported_media_type: 'Send the content as application/octet-stream (or application/offset+octet-stream).',
  range_not_satisfiable: 'The requested range is outside the attachment.',
  upload_aborted: 'The upload was interrupted; nothing of this request was stored.',
  not_author: 'Only the uploader can change or delete this attachment.',
  voice_consent_given: 'The choice for this recording was made already.',
  bad_consent_signature: 'The consent signature does not verify with the reporter key.',
};

class RangeNotSatisfiableError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 416, message);
  }
}

class UnsupportedMediaTypeError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 415, message);
  }
}

/** tus' "Checksum Mismatch" status (checksum extension). */
class ChecksumMismatchError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 460, message);
  }
}

const STATUS: Partial<Record<AttachmentErrorCode, new (code: string, message: string) => DomainError>> = {
  attachment_not_found: NotFoundError,
  attachment_exists: ConflictError,
  voice_consent_given: ConflictError,
  attachment_too_large: PayloadTooLargeError,
  case_attachments_too_large: PayloadTooLargeError,
  upload_complete: ConflictError,
  upload_started: ConflictError,
  upload_incomplete: ConflictError,
  upload_offset_mismatch: ConflictError,
  upload_exceeds_size: PayloadTooLargeError,
  checksum_mismatch: ChecksumMismatchError,
  unsupported_media_type: UnsupportedMediaTypeError,
  range_not_satisfiable: RangeNotSatisfiableError,
  not_author: ForbiddenError,
};

export function attachmentError(code: AttachmentErrorCode): DomainError {
  const Ctor = STATUS[code] ?? BadRequestError;
  return new Ctor(code, MESSAGES[code]);
}
