import { BadRequestError, ConflictError, DomainError, ForbiddenError, NotFoundError } from '@kanava/common';

export enum CaseErrorCode {
  /** Missing and forbidden answer alike, so staff cannot probe for cases. */
  CaseNotFound = 'case_not_found',
  ItemKindNotAllowed = 'item_kind_not_allowed',
  KeyIdMismatch = 'key_id_mismatch',
  ItemExists = 'item_exists',
  InvalidCursor = 'invalid_cursor',
  NoticeNotAccepted = 'confidentiality_notice_required',
  AssigneeConflict = 'assignee_conflict',
  AssigneeNotDesignated = 'assignee_not_designated',
  AlreadyAssigned = 'already_assigned',
  GrantsIncomplete = 'grants_incomplete',
  BadGrantSignature = 'bad_grant_signature',
  NotAssigned = 'not_assigned',
  InvalidExpiry = 'invalid_expiry',
  /** The organisation's key directory does not list the person with the keys their account has (docs/key-directory.md). */
  NotInDirectory = 'grantee_not_in_directory',
  PeriodNotEnded = 'period_not_ended',
  RedactionKindRequired = 'redaction_kind_required',
  ConsentNotByReporter = 'consent_not_signed_by_reporter',
  /** Persons concerned under their own key (R21). */
  NoConcernedKey = 'no_persons_concerned_key',
  ConcernedKeyNotHeld = 'persons_concerned_key_not_held',
  ConcernedGrantMismatch = 'persons_concerned_grant_mismatch',
  ConcernedGranteeWithoutCase = 'grantee_without_case',
  ConcernedAlreadyShared = 'persons_concerned_already_shared',
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
    case CaseErrorCode.NoticeNotAccepted:
      return new ForbiddenError(code, 'Accept the confidentiality notice before opening cases (GET/POST /api/staff/confidentiality-notice).');
    case CaseErrorCode.AssigneeConflict:
      // Invariant: one answer for reporter exclusions and implicated handlers; exclusions are never shown to staff.
      return new ConflictError(code, 'This person cannot be given this case because of a conflict of interest.');
    case CaseErrorCode.AssigneeNotDesignated:
      return new BadRequestError(code, "This person is not an active handler of the case's channel.");
    case CaseErrorCode.AlreadyAssigned:
      return new ConflictError(code, 'This person already has the case.');
    case CaseErrorCode.GrantsIncomplete:
      return new BadRequestError(
        code,
        "Send exactly one grant of each of the case's keys (shared, and internal when it exists) to the assignee, under the case's key ids.",
      );
    case CaseErrorCode.BadGrantSignature:
      return new BadRequestError(code, 'A grant is not signed with your key.');
    case CaseErrorCode.InvalidExpiry:
      return new BadRequestError(code, 'Expert access must end in the future and within 90 days.');
    case CaseErrorCode.PeriodNotEnded:
      return new BadRequestError(
        code,
        'Organisation metrics count whole calendar months that have ended, and this period holds none: the current month is counted once it is over.',
      );
    case CaseErrorCode.RedactionKindRequired:
      return new BadRequestError(
        code,
        'A redacted version is an item of kind "redaction", signed by you and naming the item it replaces, never one of the original\'s kind.',
      );
    case CaseErrorCode.ConsentNotByReporter:
      return new BadRequestError(
        code,
        "consentItemId must name a message the reporter wrote and signed with the case's reporter key; a redaction or a handler's item cannot give consent.",
      );
    case CaseErrorCode.NotAssigned:
      return new NotFoundError(code, 'This person does not have the case.');
    case CaseErrorCode.NotInDirectory:
      return new ConflictError(code, "This person's keys are not in the organisation's signed key directory yet: an admin must sign them first.");
    case CaseErrorCode.NoConcernedKey:
      return new ConflictError(code, "This case's persons concerned are under its shared key, which everyone who holds the case has already.");
    case CaseErrorCode.ConcernedKeyNotHeld:
      return new ForbiddenError(code, 'You hold no key to the persons concerned of this case; ask a colleague who does.');
    case CaseErrorCode.ConcernedGrantMismatch:
      return new BadRequestError(code, "Seal the case's persons-concerned key, under its key id, to the colleague you name.");
    case CaseErrorCode.ConcernedGranteeWithoutCase:
      return new ConflictError(code, 'Give this colleague the case first (assign it or give expert access), then the persons concerned.');
    case CaseErrorCode.ConcernedAlreadyShared:
      return new ConflictError(code, 'This colleague holds the persons-concerned key already.');
  }
}

/** Refusals whose message is written where they are thrown (it names the rule or the detail); the code is the `error` field of the answer. */
export enum CaseRuleErrorCode {
  AlreadyAcknowledged = 'already_acknowledged',
  AlreadyAnswered = 'already_answered',
  AlreadyExtended = 'already_extended',
  ConsentItemInvalid = 'consent_item_invalid',
  ConsentNotExpected = 'consent_not_expected',
  ConsentRequired = 'consent_required',
  DisclosureNotFound = 'disclosure_not_found',
  DuplicateTimes = 'duplicate_times',
  ExtensionTooLate = 'extension_too_late',
  FeedbackRequired = 'feedback_required',
  FollowUpAfterDeletion = 'follow_up_after_deletion',
  FollowUpDoneAlready = 'follow_up_done_already',
  FollowUpInPast = 'follow_up_in_past',
  GroundsRequired = 'grounds_required',
  GroundsWithoutWithholding = 'grounds_without_withholding',
  IdentityGrantMismatch = 'identity_grant_mismatch',
  IdentityGranted = 'identity_granted',
  IdentityNotAccessible = 'identity_not_accessible',
  IdentityRequestNotFound = 'identity_request_not_found',
  IdentityRequestPending = 'identity_request_pending',
  InformedOrDeferral = 'informed_or_deferral',
  InternalGrantsMismatch = 'internal_grants_mismatch',
  InternalKeyExists = 'internal_key_exists',
  InternalKeyMissing = 'internal_key_missing',
  InvalidPeriod = 'invalid_period',
  InvalidTransition = 'invalid_transition',
  SavedFilterNotFound = 'saved_filter_not_found',
  SavedFilterNameTaken = 'saved_filter_name_taken',
  TooManySavedFilters = 'too_many_saved_filters',
  ItemNotFound = 'item_not_found',
  ItemNotRedactable = 'item_not_redactable',
  ItemNotRemovable = 'item_not_removable',
  MeetingAgreed = 'meeting_agreed',
  PersonsConcernedNotAccessible = 'persons_concerned_not_accessible',
  MeetingKindRequired = 'meeting_kind_required',
  MeetingNotFound = 'meeting_not_found',
  MeetingOpen = 'meeting_open',
  MeetingsNotOffered = 'meetings_not_offered',
  NecessityNoteRequired = 'necessity_note_required',
  NecessityNoteWithoutFlag = 'necessity_note_without_flag',
  NoFollowUp = 'no_follow_up',
  NoIdentity = 'no_identity',
  NotAcknowledged = 'not_acknowledged',
  NoticeItemInvalid = 'notice_item_invalid',
  NoticeRequired = 'notice_required',
  OutcomeRequired = 'outcome_required',
  ReceivedInFuture = 'received_in_future',
  ReceivedTooLongAgo = 'received_too_long_ago',
  RecordingNotFound = 'recording_not_found',
  RequestNotFound = 'request_not_found',
  RequesterCannotReceive = 'requester_cannot_receive',
  StatusChanged = 'status_changed',
  TimeInPast = 'time_in_past',
  TimeNotOffered = 'time_not_offered',
  TimePassed = 'time_passed',
  TimeTooFar = 'time_too_far',
  TriageRequired = 'triage_required',
}
