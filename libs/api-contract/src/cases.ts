/**
 * The staff case routes' responses (`/api/staff/cases...`), as libs/cases builds them and
 * the console reads them. Keys, ciphertexts and signatures are base64 strings; times are
 * ISO 8601 in UTC.
 */

/** An item as API.md sends it to readers, with the colleague who wrote it (null for the reporter). */
export interface CaseItemView {
  itemId: string;
  kind: string;
  keyId: string;
  nonce: string;
  ciphertext: string;
  signature: string;
  authorKind: 'reporter' | 'handler';
  signerPublicKey: string;
  createdAt: string;
  authorUserId: string | null;
}

/** A grant of a case key to the reader, as API.md sends it, with who signed it. */
export interface CaseGrantView {
  keyKind: string;
  grantee: string;
  keyId: string;
  sealed: string;
  signature: string;
  signedBy: string;
}

/** One row of the inbox (`GET /api/staff/cases`): metadata only, never content. */
export interface CaseSummary {
  id: string;
  reference: string;
  channelId: string;
  channelName: string;
  categoryId: string | null;
  categoryLabel: string | null;
  status: string;
  priority: string | null;
  receivedAt: string;
  acknowledgementDueAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string;
  closedAt: string | null;
  /** The nearest open deadline, and whether it has passed (R6, R7). */
  nextDueAt: string | null;
  overdue: boolean;
  /** GDPR 14 (R33): due one month after receipt, unless informed or deferred. */
  subjectInformed: SubjectInformedView;
  /** No identity was given (or it was removed): acknowledgement and feedback are not legally required (R8). */
  anonymous: boolean;
  /** The follow-up with the reporter after closure (R40), and when it was done. */
  followUpAt: string | null;
  followUpDoneAt: string | null;
  /** Special-category or criminal-offence data in the case (R34). */
  specialData: string[];
  /** Registered by a handler from a report received another way (R5). */
  forwarded: boolean;
  /** The actor never opened the case, or the reporter added something since they last did. */
  unread: boolean;
  /** The organisation's labels on the case (names only). */
  labels: { id: string; name: string }[];
}

/** `GET /api/staff/cases`: a keyset page of the inbox. */
export interface CaseList {
  cases: CaseSummary[];
  nextCursor: string | null;
}

/** How many cases there are, and how many of them are unread. */
export interface CaseCount {
  total: number;
  unread: number;
}

/** `GET /api/staff/cases/counts`: the handler's cases per status, and the unread ones among them. */
export interface CaseCounts extends CaseCount {
  statuses: Record<string, CaseCount>;
}

/** GDPR 14 (R33): when the data subject must be informed, whether they were, or why it is deferred. */
export interface SubjectInformedView {
  dueAt: string | null;
  informedAt: string | null;
  deferral: string | null;
  overdue: boolean;
}

/** A colleague who holds the case's shared key; `expiresAt` is set for an expert's time-limited, read-only access. */
export interface KeyHolder {
  userId: string;
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
  expiresAt: string | null;
  /** Whether they hold the persons-concerned key too (R21). */
  concernedKey: boolean;
}

/** A meeting or call: asked for, offered as times, agreed (docs/reporter-protocol-extensions.md "Meetings and calls"). */
export interface MeetingView {
  meetingId: string;
  kind: 'meeting' | 'call';
  requestedAt: string | null;
  offeredAt: string | null;
  /** Staff views only. */
  offeredByUserId?: string | null;
  slots: string[];
  agreedAt: string | null;
  acceptedAt: string | null;
}

/** The reporter's signed choice for a voice message (docs/reporter-protocol-extensions.md "Consent to keep a voice message"). */
export interface VoiceConsentView {
  attachmentId: string;
  choice: 'keep' | 'transcript-only';
  signature: string;
  givenAt: string;
  destroyedAt: string | null;
  /** When a transcript-only recording goes at the latest, approved transcript or not. */
  destroyBy: string | null;
}

/** The reporter's signed review of a transcript (docs/reporter-protocol-extensions.md "Transcripts and minutes"). */
export interface TranscriptReviewView {
  transcriptId: string;
  decision: 'approved' | 'corrections-proposed';
  transcriptSha256: string;
  signature: string;
  reviewedAt: string;
}

/** What the closure recorded to protect the reporter (R40). */
export interface ClosureView {
  reporterAtRisk: boolean | null;
  measures: string[];
  followUpAt: string | null;
  followUpDoneAt: string | null;
}

/** A case as a reader with access sees it: metadata, ciphertext and the reader's own grants. */
export interface CaseContentView {
  id: string;
  reference: string;
  channelId: string;
  channelName: string;
  categoryId: string | null;
  categoryLabel: string | null;
  status: string;
  receivedAt: string;
  acknowledgementDueAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string;
  closedAt: string | null;
  reporterSignPublicKey: string;
  sharedKeyId: string;
  internalKeyId: string | null;
  /** The persons-concerned key's id (R21); null when the reporter's client put them under the shared key. */
  concernedKeyId: string | null;
  /** Persons-concerned entries the server left out because this handler holds no key to them. */
  concernedWithheld: number;
  /** The questionnaire version the report was answered with; null for the plain report form. */
  questionnaire: { id: string; version: number } | null;
  nextDueAt: string | null;
  /** Set once the case was triaged; a field the triage left open is null. */
  triage: { priority: string | null; relevance: string | null; retaliationRisk: string | null; triagedAt: string } | null;
  outcome: string | null;
  concludedAt: string | null;
  feedbackGivenAt: string | null;
  subjectInformed: SubjectInformedView;
  retention: { purgeAt: string; basis: string };
  /** No identity was given, or it was removed: acknowledgement and feedback are not legally required (R8). */
  anonymous: boolean;
  /** Null while the case is open. */
  closure: ClosureView | null;
  /** Special-category or criminal-offence data (R34) and the id of the note that says why they are necessary. */
  specialData: { categories: string[]; necessityNoteId: string | null };
  /** A report received another way (R5): how it arrived, who registered it, the original's SHA-256 (hex). */
  forwarded: { via: string; registeredByUserId: string | null; originalSha256: string } | null;
  /** Who holds the case's shared key (an excluded or implicated colleague never appears). */
  keyHolders: KeyHolder[];
  grants: CaseGrantView[];
  /** Identity items only to a holder of an identity grant. */
  items: CaseItemView[];
  /** The reporter's signed reviews of transcripts (R29). */
  transcriptReviews: TranscriptReviewView[];
  /** The reporter's signed choices for voice messages (R28). */
  voiceConsents: VoiceConsentView[];
  /** Meetings and calls with the reporter (R1). */
  meetings: MeetingView[];
}

/** `GET /api/staff/cases/:id`: the case, and whether the reader asked for the identity and no custodian decided yet. */
export interface CaseView extends CaseContentView {
  identityRequestPending: boolean;
}

/** A case's report items and the reader's shared-key grants, enough to open its title. */
export type CaseReport = Pick<CaseContentView, 'id' | 'reporterSignPublicKey' | 'sharedKeyId' | 'grants' | 'items'>;

/** `POST /api/staff/cases/reports`: the readable cases among those asked for, in the order asked for. */
export interface CaseReports {
  cases: CaseReport[];
}
