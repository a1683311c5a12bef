/**
 * Kanava end-to-end encryption, protocol v1 (see CRYPTO.md). Runs unchanged in
 * the browser and on the server: libsodium, Uint8Array and TextEncoder only.
 * Call `await ready()` once before anything else.
 */
export { ready } from './sodium';
export { CryptoError, CryptoErrorCode, isCryptoError } from './errors';
export { PROTOCOL_VERSION, ITEM_KINDS, KEY_KINDS, ITEM_KEY_KIND, itemKeyKind, isUuid, isItemKind, isKeyKind, isGrantee } from './types';
export type { BoxKeyPair, SignKeyPair, ItemKind, KeyKind, Grantee } from './types';
export { LENGTHS, SIGN_SECRET_KEY_LENGTH, toB64, fromB64, isB64, utf8, toHex, fromHex, randomBytes, generateKey, concatBytes, bytesEqual } from './encoding';
export {
  CASE_SECRET_ALPHABET,
  CASE_SECRET_SYMBOLS,
  REPORTER_KDF,
  generateCaseSecret,
  normaliseCaseSecret,
  formatCaseSecret,
  caseSecretSalt,
  assertCaseSecretSalt,
  deriveReporterKeys,
  lookupTokenHash,
} from './case-secret';
export type { ReporterKeys } from './case-secret';
export { keyId, fingerprint, recoveryFingerprint, signPublicKeyFromSecret, boxPublicKeyFromSecret, signatureValid } from './keys';
export {
  DEFAULT_STAFF_KDF,
  MAX_STAFF_KDF,
  assertKdfParams,
  generateStaffKeys,
  deriveStaffKeys,
  wrapKeyBundle,
  unwrapKeyBundle,
  generateRecoveryKey,
  recoverySubkeys,
} from './staff';
export type { KdfParams, StaffKeys, KeyBundle } from './staff';
export { validateItemValue, REDACTION_FIELDS, isRedactableKind, TRANSCRIPT_SOURCES, QUESTION_TYPES, ANSWERS_MAX, ANSWER_VALUES_MAX } from './item-values';
export type {
  ItemValues,
  ReportValue,
  SubjectValue,
  IdentityValue,
  TextValue,
  AttachmentMetaValue,
  AttachmentKeyValue,
  RedactableKind,
  RedactionValue,
  TranscriptSource,
  TranscriptValue,
  QuestionType,
  AnswerValue,
  AnswersValue,
} from './item-values';
export {
  TRANSCRIPT_DECISIONS,
  transcriptDigest,
  transcriptReviewMessage,
  signTranscriptReview,
  transcriptReviewValid,
  VOICE_CONSENT_CHOICES,
  voiceConsentMessage,
  signVoiceConsent,
  voiceConsentValid,
} from './transcripts';
export type { TranscriptDecision, VoiceConsentChoice } from './transcripts';
export { ITEM_PADDING_BLOCK, itemAad, itemSignatureMessage, itemSignedParts, encryptItem, verifyItem, decryptItem, openItem } from './items';
export type { WireItem } from './items';
export {
  sealedGrantLength,
  grantSignatureMessage,
  grantSignedParts,
  sealGrantToReporter,
  sealGrantToBox,
  verifyGrant,
  openReporterGrant,
  openBoxGrant,
} from './grants';
export type { WireGrant } from './grants';
export {
  DIRECTORY_ACTIONS,
  DIRECTORY_ROLES,
  DIRECTORY_LIMITS,
  directoryName,
  directoryTime,
  directoryEntryMessage,
  directoryEntryHash,
  directoryKeyPair,
  generateDirectoryKey,
  organisationFingerprint,
  signDirectoryEntries,
  verifyDirectory,
  VerifiedDirectory,
  directoryHeadText,
  directoryContinues,
  parseDirectorySecretKey,
} from './directory';
export type { DirectoryAction, DirectoryRole, WireDirectoryEntry, WireDirectory, DirectoryEntry, DirectoryChange, DirectoryHead } from './directory';
export { PROOF_PROGRESS_INTERVAL, proofHash, leadingZeroBits, verifyProof, solveProof } from './pow';
export {
  ATTACHMENT_CHUNK,
  ATTACHMENT_HEADER_BYTES,
  ATTACHMENT_RECORD_BYTES,
  paddedAttachmentSize,
  attachmentCiphertextSize,
  AttachmentEncryptor,
  AttachmentDecryptor,
  encryptAttachmentStream,
  decryptAttachmentStream,
} from './attachments';
