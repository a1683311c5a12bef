import { BadRequestError, ConflictError, DomainError, NotFoundError, PreconditionRequiredError, UnauthorizedError } from '@kanava/common';

/** Every way a reporter request can be refused; the code is the `error` field of API.md. */
export enum ReporterErrorCode {
  OrganisationNotFound = 'organisation_not_found',
  ChannelNotFound = 'channel_not_found',
  InvalidProof = 'invalid_proof',
  ProofExpired = 'proof_expired',
  CaseExists = 'case_exists',
  LookupTokenInUse = 'lookup_token_in_use',
  UnknownChannel = 'unknown_channel',
  UnknownCategory = 'unknown_category',
  ReportItemMissing = 'report_item_missing',
  TooManyReportItems = 'too_many_report_items',
  TooManyIdentityItems = 'too_many_identity_items',
  IdentityRequired = 'identity_required',
  TooManySubjectItems = 'too_many_subject_items',
  ItemKindNotAllowed = 'item_kind_not_allowed',
  DuplicateItemId = 'duplicate_item_id',
  ItemExists = 'item_exists',
  DuplicateGrant = 'duplicate_grant',
  SharedGrantsMismatch = 'shared_grants_mismatch',
  IdentityGrantsMismatch = 'identity_grants_mismatch',
  IdentityExists = 'identity_exists',
  UnexpectedIdentityGrant = 'unexpected_identity_grant',
  ConcernedGrantsMismatch = 'concerned_grants_mismatch',
  UnexpectedConcernedGrant = 'unexpected_concerned_grant',
  KeyIdMismatch = 'key_id_mismatch',
  ExclusionNotAllowed = 'exclusion_not_allowed',
  ExclusionUnknownHandler = 'exclusion_unknown_handler',
  ExclusionExcludesAll = 'exclusion_excludes_all',
  NoRecipients = 'no_recipients',
  InvalidCaseSecret = 'invalid_case_secret',
  /** Extension (docs/reporter-protocol-extensions.md): follow-ups need a proof of work while wrong secrets are many. */
  ProofRequired = 'proof_required',
  /** Extension: transcripts and minutes the reporter reviews. */
  TranscriptNotFound = 'transcript_not_found',
  TranscriptReviewed = 'transcript_reviewed',
  TranscriptChanged = 'transcript_changed',
  BadReviewSignature = 'bad_review_signature',
  /** Extension: questionnaires per channel. */
  UnknownQuestionnaire = 'unknown_questionnaire',
  AnswersWithoutQuestionnaire = 'answers_without_questionnaire',
  QuestionnaireWithoutAnswers = 'questionnaire_without_answers',
  TooManyAnswersItems = 'too_many_answers_items',
}

const MESSAGES: Record<ReporterErrorCode, string> = {
  organisation_not_found: 'There is no organisation at this address.',
  channel_not_found: 'There is no such channel.',
  invalid_proof: 'The proof of work is not valid or was used already. Request a new challenge.',
  proof_expired: 'The proof-of-work challenge expired. Request a new one.',
  case_exists: 'A case with this id exists already; generate a new case id.',
  lookup_token_in_use: 'This case secret is in use already; generate a new one.',
  unknown_channel: 'The channel does not exist.',
  unknown_category: 'The category does not belong to this channel.',
  report_item_missing: 'A submission needs exactly one report item.',
  too_many_report_items: 'A submission carries exactly one report item.',
  too_many_identity_items: 'A submission carries at most one identity item.',
  identity_required: 'This channel does not take anonymous reports: add your identity.',
  too_many_subject_items: 'At most 50 persons concerned can be named in one report.',
  item_kind_not_allowed: 'This kind of item cannot be sent here.',
  duplicate_item_id: 'Two items share one item id.',
  item_exists: 'An item with this id exists already.',
  duplicate_grant: 'Two grants give the same key to the same grantee.',
  shared_grants_mismatch: 'Shared-key grants must go to exactly the reporter, recovery (if set) and every handler not excluded.',
  identity_grants_mismatch: 'Identity-key grants must go to exactly the reporter, recovery (if set) and the channel custodians.',
  identity_exists: 'The case has an identity already.',
  unexpected_identity_grant: 'Identity grants are only sent with an identity item.',
  concerned_grants_mismatch:
    'Persons-concerned key grants must go to exactly the reporter, recovery (if set), every handler not excluded and the channel custodians.',
  unexpected_concerned_grant: 'Persons-concerned key grants are only sent with a persons-concerned entry.',
  key_id_mismatch: 'Items and grants of one key kind must name one keyId.',
  exclusion_not_allowed: 'This channel does not allow excluding handlers.',
  exclusion_unknown_handler: 'Only handlers of this channel can be excluded.',
  exclusion_excludes_all: 'At least one handler must remain to receive the report.',
  no_recipients: 'This channel has no handler to receive reports yet.',
  invalid_case_secret: 'The case secret is not valid.',
  transcript_not_found: 'This case has no transcript with that id.',
  transcript_reviewed: 'This transcript was reviewed already; to correct it, write a message and the handler will send a new transcript.',
  transcript_changed: 'The review names another version of this transcript: reload the case and review what it holds now.',
  bad_review_signature: 'The review signature does not verify with the reporter key.',
  unknown_questionnaire: "The questionnaire is not a version of this channel's questionnaire.",
  answers_without_questionnaire: 'An answers item needs the questionnaireId of the version it answers.',
  questionnaire_without_answers: 'A questionnaireId comes with the answers item that answers it.',
  too_many_answers_items: 'A submission carries at most one answers item.',
  proof_required:
    'Many wrong case secrets were tried recently: solve a challenge from POST /api/public/challenges and send it as the X-Kanava-Proof header ("<challengeId>:<nonce>").',
};

const STATUS: Partial<Record<ReporterErrorCode, new (code: string, message: string) => DomainError>> = {
  organisation_not_found: NotFoundError,
  channel_not_found: NotFoundError,
  case_exists: ConflictError,
  lookup_token_in_use: ConflictError,
  item_exists: ConflictError,
  identity_exists: ConflictError,
  transcript_not_found: NotFoundError,
  transcript_reviewed: ConflictError,
  transcript_changed: ConflictError,
  invalid_case_secret: UnauthorizedError,
  // 428, not 401: a v1 client reads 401 as "wrong case secret" and would tell the reporter so.
  proof_required: PreconditionRequiredError,
};

export function reporterError(code: ReporterErrorCode): DomainError {
  const Ctor = STATUS[code] ?? BadRequestError;
  return new Ctor(code, MESSAGES[code]);
}

/** Why a handler's registration of a report they received another way (post, phone, meeting) was refused; the code is the `error` field of the answer. */
export enum RegistrationErrorCode {
  ExcludesRegistrar = 'excludes_registrar',
  NotDesignated = 'not_designated',
  ReceivedInFuture = 'received_in_future',
  ReceivedTooLongAgo = 'received_too_long_ago',
}
