/**
 * The reporter's side of the protocol (API.md, CRYPTO.md), in the browser. All
 * cryptography is @kanava/crypto; this file only decides what to encrypt, for whom,
 * and what to send. Invariant: plaintext and keys stay in this tab's memory; only
 * ciphertext, public keys and the lookup token leave it.
 */
import {
  assertCaseSecretSalt,
  AttachmentDecryptor,
  AttachmentEncryptor,
  attachmentCiphertextSize,
  deriveReporterKeys,
  encryptItem,
  fromB64,
  generateCaseSecret,
  generateKey,
  keyId,
  openItem,
  openReporterGrant,
  ReporterKeys,
  sealGrantToBox,
  sealGrantToReporter,
  toB64,
  verifyGrant,
  WireGrant,
  WireItem,
  bytesEqual,
  isCryptoError,
  RedactableKind,
  REDACTION_FIELDS,
  RedactionValue,
  signTranscriptReview,
  TranscriptDecision,
  transcriptDigest,
  transcriptReviewValid,
  TranscriptSource,
  signVoiceConsent,
  VoiceConsentChoice,
  type AnswersValue,
  type AnswerValue,
} from '@kanava/crypto';
import type { PublicQuestionnaireView, QuestionnaireVersionView } from '@kanava/api-contract';
import { ApiError, apiJson, fetchBytes, uploadBytes } from '../shared/api';
import { SolvedProof, solveChallenge } from '../shared/pow';
import { uuid4 } from '../shared/uuid';
import { assertMaySend, PortalTrust } from './org-trust';

/** The information page per language: fi, sv, en and the organisation's added text languages. */
export type InformationPage = Partial<Record<string, string>>;

export interface Channel {
  id: string;
  name: string;
  description: string | null;
  allowAnonymous: boolean;
  exclusionEnabled: boolean;
  /** Extension (docs/reporter-protocol-extensions.md): the portal offers a voice message, disguised and encrypted here. */
  voiceEnabled?: boolean;
  /** Extension: reporters may ask for a meeting or a call (absent: yes). */
  meetingsEnabled?: boolean;
  /** Extension (docs/reporter-protocol-extensions.md): name and description per language; `name` and `description` are the default. */
  translations?: Partial<Record<string, { name?: string; description?: string }>>;
  categories: { id: string; label: string; translations?: Partial<Record<string, { label?: string }>> }[];
}

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  caseSecretSalt: string;
  recoveryPublicKey: string | null;
  /** Extension (docs/reporter-protocol-extensions.md): the key that signs the organisation's key directory. */
  directoryPublicKey?: string | null;
  informationPage?: InformationPage | null;
  /**
   * Extension (issue 22): the languages the organisation added for its own texts, in its
   * order (lowercase ISO 639-1/639-3, never fi, sv, en); absent or empty: none. Channel,
   * category, information page and questionnaire texts may come in them too.
   */
  textLanguages?: string[];
  channels: Channel[];
}

export interface Recipients {
  handlers: { userId: string; displayName: string; boxPublicKey: string; signPublicKey: string }[];
  custodians: { userId: string; boxPublicKey: string; signPublicKey: string }[];
}

export interface Person {
  name: string;
  role: string;
  details: string;
}

export interface Identity {
  name: string;
  contact: string;
  details: string;
}

export interface Draft {
  channelId: string;
  categoryId: string | null;
  title: string;
  body: string;
  subjects: Person[];
  identity: Identity | null;
  excludedUserIds: string[];
  /** The answers to the channel's questionnaire (docs/reporter-protocol-extensions.md "Questionnaires"); null: none asked. */
  answers: AnswersValue | null;
}

export async function fetchOrganisation(slug: string): Promise<Organisation> {
  const org = await apiJson<Organisation>('GET', `/api/public/organisations/${encodeURIComponent(slug)}`);
  // CRYPTO.md: the client computes the salt itself and stops if the server's differs.
  assertCaseSecretSalt(org.id, org.caseSecretSalt);
  return org;
}

export function fetchRecipients(channelId: string): Promise<Recipients> {
  return apiJson<Recipients>('GET', `/api/public/channels/${channelId}/recipients`);
}

/** The questions the channel's report form asks after the report's own text; null for the plain form. */
export async function fetchQuestionnaire(channelId: string): Promise<QuestionnaireVersionView | null> {
  return (await apiJson<PublicQuestionnaireView>('GET', `/api/public/channels/${channelId}/questionnaire`)).questionnaire;
}

/** A channel's privacy notice (docs/reporter-protocol-extensions.md): plain text, blocks separated by blank lines. */
export interface PrivacyNotice {
  channelId: string;
  language: 'fi' | 'sv' | 'en';
  source: 'custom' | 'template';
  text: string;
  updatedAt: string | null;
}

export function fetchPrivacyNotice(channelId: string, language: 'fi' | 'sv' | 'en'): Promise<PrivacyNotice> {
  return apiJson<PrivacyNotice>('GET', `/api/public/channels/${channelId}/privacy-notice?language=${language}`);
}

/** Keys and token of an open case, held in memory while the page is open. */
export interface CaseSession {
  caseId: string;
  reporter: ReporterKeys;
  sharedKey: Uint8Array;
  bearer: string;
}

export interface Submitted {
  session: CaseSession;
  caseSecret: string;
  reference: string;
  receivedAt: string;
}

/**
 * Encrypts and submits a report: a new case secret and the keys derived from it,
 * items signed by the reporter key, the shared key sealed to the reporter, every
 * handler not excluded and recovery; the identity key (if an identity is given) to
 * the reporter, the channel's custodians and recovery. Throws SendRefused, before
 * anything is made or sent, unless the key directory vouches for every recipient
 * and the organisation is the pinned one (org-trust.ts).
 */
export async function submitReport(
  org: Organisation,
  recipients: Recipients,
  draft: Draft,
  trust: { portal: PortalTrust; pinned: string | null },
  onStage: (stage: 'keys' | 'proof' | 'sending', share?: number) => void,
): Promise<Submitted> {
  return sendReport(await prepareReport(org, recipients, draft, trust, onStage), onStage);
}

/**
 * A report made and encrypted, ready to send, and sent again as it is after a lost
 * answer: the server knows its case id and lookup token, so a second copy is never
 * stored (see sendReport).
 */
export interface PreparedReport {
  caseSecret: string;
  session: CaseSession;
  /** The body of `POST /api/public/reports` without its proof of work. */
  body: Record<string, unknown>;
  /** Whether it was sent once already (its answer may have been lost on the way back). */
  sent: boolean;
}

/** submitReport's first half: the case secret, the keys and the encrypted, signed report. */
export async function prepareReport(
  org: Organisation,
  recipients: Recipients,
  draft: Draft,
  trust: { portal: PortalTrust; pinned: string | null },
  onStage: (stage: 'keys' | 'proof' | 'sending', share?: number) => void,
): Promise<PreparedReport> {
  // Invariant: nothing is sealed to a key the verified directory does not list.
  assertMaySend(trust.portal, trust.pinned, recipients);
  onStage('keys');
  // Let the page show the stage before the key derivation (about a third of a second) holds it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const caseSecret = generateCaseSecret();
  const reporter = deriveReporterKeys(caseSecret, org.id);
  const caseId = uuid4();
  const sharedKey = generateKey();
  const identityKey = draft.identity ? generateKey() : null;
  // Persons concerned under a key of their own (R21, docs/reporter-protocol-extensions.md), so a colleague given the case later does not read them.
  const concernedKey = draft.subjects.length > 0 ? generateKey() : null;
  const handlers = recipients.handlers.filter((h) => !draft.excludedUserIds.includes(h.userId));
  const sign = reporter.sign.secretKey;
  const item = (kind: 'report' | 'subject' | 'identity' | 'answers', key: Uint8Array, value: unknown) =>
    encryptItem({ caseId, kind, itemId: uuid4(), key, signSecretKey: sign, value });

  const items: WireItem[] = [
    item('report', sharedKey, { title: draft.title, body: draft.body, handlerSignKeys: handlers.map((h) => h.signPublicKey) }),
    ...draft.subjects.map((s) => item('subject', concernedKey ?? sharedKey, s)),
  ];
  if (draft.identity && identityKey) items.push(item('identity', identityKey, draft.identity));
  // The answers are read by whoever reads the report, so they go under the same key.
  if (draft.answers) items.push(item('answers', sharedKey, draft.answers));

  const toBox = (keyKind: 'shared' | 'identity' | 'concerned', key: Uint8Array, grantee: `user:${string}` | 'recovery', boxPublicKey: string) =>
    sealGrantToBox({ caseId, keyKind, key, grantee, boxPublicKey: fromB64(boxPublicKey, 32), signSecretKey: sign });
  const grants: WireGrant[] = [
    sealGrantToReporter({ caseId, keyKind: 'shared', key: sharedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }),
    ...handlers.map((h) => toBox('shared', sharedKey, `user:${h.userId}`, h.boxPublicKey)),
  ];
  if (org.recoveryPublicKey) grants.push(toBox('shared', sharedKey, 'recovery', org.recoveryPublicKey));
  if (identityKey) {
    grants.push(sealGrantToReporter({ caseId, keyKind: 'identity', key: identityKey, wrapKey: reporter.wrapKey, signSecretKey: sign }));
    for (const c of recipients.custodians) grants.push(toBox('identity', identityKey, `user:${c.userId}`, c.boxPublicKey));
    if (org.recoveryPublicKey) grants.push(toBox('identity', identityKey, 'recovery', org.recoveryPublicKey));
  }
  if (concernedKey) {
    // To the report's handlers and the channel's custodians (once each), the reporter and recovery.
    // Never to a colleague the reporter excluded, though they guard identities too.
    const custodians = recipients.custodians.filter((c) => !draft.excludedUserIds.includes(c.userId));
    const holders = new Map([...handlers, ...custodians].map((h) => [h.userId, h.boxPublicKey]));
    grants.push(sealGrantToReporter({ caseId, keyKind: 'concerned', key: concernedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }));
    for (const [userId, box] of holders) grants.push(toBox('concerned', concernedKey, `user:${userId}`, box));
    if (org.recoveryPublicKey) grants.push(toBox('concerned', concernedKey, 'recovery', org.recoveryPublicKey));
  }

  return {
    caseSecret,
    session: { caseId, reporter, sharedKey, bearer: `Bearer ${toB64(reporter.lookupToken)}` },
    body: {
      caseId,
      channelId: draft.channelId,
      categoryId: draft.categoryId,
      lookupToken: toB64(reporter.lookupToken),
      reporterSignPublicKey: toB64(reporter.sign.publicKey),
      excludedUserIds: draft.excludedUserIds,
      ...(draft.answers ? { questionnaireId: draft.answers.questionnaireId } : {}),
      items,
      grants,
    },
    sent: false,
  };
}

/**
 * Sends a prepared report with a fresh proof of work. Sent again after its answer was
 * lost, the server refuses the copy (409 `case_exists`); the case is then opened with
 * its own lookup token, which proves it is this report, stored once, and its reference
 * and receipt time come from there.
 */
export async function sendReport(prepared: PreparedReport, onStage: (stage: 'keys' | 'proof' | 'sending', share?: number) => void): Promise<Submitted> {
  onStage('proof', 0);
  const proof: SolvedProof = await solveChallenge((share) => onStage('proof', share));
  onStage('sending');
  const resend = prepared.sent;
  prepared.sent = true;
  let answer: { reference: string; receivedAt: string };
  try {
    answer = await apiJson<{ caseId: string; reference: string; receivedAt: string }>('POST', '/api/public/reports', { body: { proof, ...prepared.body } });
  } catch (e) {
    if (!(resend && e instanceof ApiError && e.status === 409 && e.code === 'case_exists')) throw e;
    const stored = await followUp<CaseAnswer>(prepared.session, 'GET', '/api/public/case');
    if (stored.caseId !== prepared.session.caseId) throw e;
    answer = stored;
  }
  return { caseSecret: prepared.caseSecret, reference: answer.reference, receivedAt: answer.receivedAt, session: prepared.session };
}

/**
 * A follow-up request. Under a wave of wrong case secrets the server may ask every
 * follow-up for a proof of work (answer 428 `proof_required`); then one is solved and
 * the request sent once more with it.
 */
async function followUp<T>(session: { bearer: string }, method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await apiJson<T>(method, path, { body, headers: { Authorization: session.bearer } });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'proof_required') throw e;
    const proof = await solveChallenge(() => undefined);
    return apiJson<T>(method, path, { body, headers: { Authorization: session.bearer, 'X-Kanava-Proof': `${proof.challengeId}:${proof.nonce}` } });
  }
}

export interface Message {
  itemId: string;
  from: 'reporter' | 'handler';
  text: string;
  createdAt: string;
  /** For handler messages: signed by a staff key the reporter saw at submission. */
  verified: boolean;
  /** Set when a handler redacted the message: `text` is then the handler's version, not the original author's. */
  redaction?: Redaction;
}

/**
 * A handler's redaction of something the reporter sees (docs/reporter-protocol-extensions.md):
 * the original is gone; what is left is the handler's version, signed by the handler.
 */
export interface Redaction {
  /** When, as the redacting handler signed it. */
  at: string;
  /** The handler's version (the original kind's text fields), or null when it could not be opened. */
  replacement: Record<string, string> | null;
  /** Signed by a handler key the reporter saw at submission (as for replies). */
  verified: boolean;
}

export interface AttachmentView {
  attachmentId: string;
  name: string;
  type: string;
  size: number;
  from: 'reporter' | 'handler';
  verified: boolean;
  fileKey: Uint8Array;
  complete: boolean;
}

/** A handler's transcript of a voice message, or minutes of a meeting or call, for the reporter to check (R29). */
export interface TranscriptView {
  itemId: string;
  createdAt: string;
  text: string;
  source: TranscriptSource;
  /** The voice message's attachment id; empty for minutes. */
  recordingId: string;
  /** Signed by a handler key the reporter saw at submission (as for replies). */
  verified: boolean;
  /** The item as stored, to sign its hash when reviewing. */
  item: { nonce: string; ciphertext: string };
  /** The reporter's review; `verified`: it carries the reporter's own signature over this very transcript. */
  review: { decision: TranscriptDecision; at: string; verified: boolean } | null;
}

/** A meeting or call as `GET /api/public/case` lists it (docs/reporter-protocol-extensions.md "Meetings and calls"). */
export interface WireMeeting {
  meetingId: string;
  kind: 'meeting' | 'call';
  requestedAt: string | null;
  offeredAt: string | null;
  slots: string[];
  agreedAt: string | null;
  acceptedAt: string | null;
}

/** A review as `GET /api/public/case` lists it (docs/reporter-protocol-extensions.md). */
export interface WireTranscriptReview {
  transcriptId: string;
  decision: TranscriptDecision;
  transcriptSha256: string;
  signature: string;
  reviewedAt: string;
}

export interface CaseView {
  reference: string;
  /** The reporter's answers to the channel's questionnaire, as they gave them (empty: none asked). */
  answers: AnswerValue[];
  status: 'received' | 'triaged' | 'investigating' | 'concluded' | 'closed';
  receivedAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string | null;
  closedAt: string | null;
  /** The reporter's own report; null when a handler redacted it (see `reportRedaction`). */
  report: { title: string; body: string } | null;
  reportRedaction: Redaction | null;
  /**
   * The handler sign keys the reporter saw when submitting: read only from the report the
   * reporter signed, so empty once it is redacted (replies are then judged as from an unknown signer).
   */
  handlerSignKeys: string[];
  subjects: Person[];
  /** Persons-concerned entries a handler redacted. */
  subjectRedactions: Redaction[];
  /** The reporter's own identity, decrypted; null when there is none or the reporter holds no key to it. */
  identity: Identity | null;
  /** Whether the case holds an identity item at all (the server then refuses another one). */
  hasIdentity: boolean;
  messages: Message[];
  attachments: AttachmentView[];
  transcripts: TranscriptView[];
  meetings: WireMeeting[];
}

type ListedItem = WireItem & { authorKind: 'reporter' | 'handler'; signerPublicKey: string; createdAt: string };

/** The answer of `GET /api/public/case` (API.md "Follow up"). */
export interface CaseAnswer {
  caseId: string;
  reference: string;
  status: CaseView['status'];
  receivedAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string | null;
  closedAt: string | null;
  reporterSignPublicKey: string;
  grants: WireGrant[];
  items: ListedItem[];
  attachments: { attachmentId: string; size: number; complete: boolean; meta: ListedItem; fileKey: ListedItem }[];
  /** Extension: absent from servers that keep no transcripts. */
  transcriptReviews?: WireTranscriptReview[];
  /** Extension: absent from servers without meetings. */
  meetings?: WireMeeting[];
}

/** Derives the keys from a case secret (Argon2id, about a third of a second). Throws CryptoError for a malformed secret. */
export function deriveKeys(caseSecret: string, org: Organisation): ReporterKeys {
  return deriveReporterKeys(caseSecret, org.id);
}

/**
 * Fetches and opens the case: checks that the reporter's own grants and items carry
 * the reporter's signature (so the server cannot swap a key or a text), and marks a
 * handler's message as verified only when its signer is one of the handler keys the
 * reporter saw when submitting (CRYPTO.md "Items").
 */
export async function openCase(reporter: ReporterKeys): Promise<{ session: CaseSession; view: CaseView }> {
  const bearer = `Bearer ${toB64(reporter.lookupToken)}`;
  const answer = await followUp<CaseAnswer>({ bearer }, 'GET', '/api/public/case');
  const { sharedKey, view } = readCase(answer, reporter);
  return { session: { caseId: answer.caseId, reporter, sharedKey, bearer }, view };
}

/**
 * openCase's work on the answer of `GET /api/public/case`. A handler's redaction of the
 * report, an entry or a message (kind `redaction`, or, made before that kind existed,
 * an item of the original's kind signed by a handler) is shown as the handler's, never
 * as the reporter's words, and never supplies the trusted handler keys.
 */
export function readCase(answer: CaseAnswer, reporter: ReporterKeys): { sharedKey: Uint8Array; view: CaseView } {
  const caseId = answer.caseId;
  const own = reporter.sign.publicKey;
  if (!bytesEqual(fromB64(answer.reporterSignPublicKey, 32), own)) throw new Error('the case names another reporter key');
  const openGrant = (kind: 'shared' | 'identity' | 'concerned') => {
    const grant = answer.grants.find((g) => g.keyKind === kind && g.grantee === 'reporter');
    if (!grant) return null;
    verifyGrant(grant, caseId, own);
    return openReporterGrant(grant, caseId, reporter.wrapKey);
  };
  const sharedKey = openGrant('shared');
  if (!sharedKey) throw new Error('the case holds no key for the reporter');
  const identityKey = openGrant('identity');
  // Persons concerned, and redactions of them, may be under their own key (R21); everything else the reporter reads is under the shared key.
  const concernedKey = openGrant('concerned');
  const concernedKeyId = concernedKey ? toB64(keyId(concernedKey)) : null;
  const keyFor = (i: ListedItem) => (concernedKey && i.keyId === concernedKeyId ? concernedKey : sharedKey);

  const byReporter = (i: ListedItem) => i.authorKind === 'reporter';
  const reportItem = answer.items.find((i) => i.kind === 'report' && byReporter(i));
  const report = reportItem ? openItem<{ title: string; body: string; handlerSignKeys: string[] }>(reportItem, caseId, sharedKey, own) : null;
  const trusted = new Set(report?.handlerSignKeys ?? []);
  const redactions = readRedactions(answer.items, caseId, keyFor, trusted);
  // Without the report, its redaction stands for it; failing that, a redaction that could not be opened (of unknown kind).
  const reportRedaction = report ? null : (redactions.find((r) => r.kind === 'report') ?? redactions.find((r) => r.kind === null));
  if (!report && !reportRedaction) throw new Error('the case has no report');
  const subjects = answer.items.filter((i) => i.kind === 'subject' && byReporter(i)).map((i) => openItem<Person>(i, caseId, keyFor(i), own));
  const identityItem = answer.items.find((i) => i.kind === 'identity');
  const answersItem = answer.items.find((i) => i.kind === 'answers' && byReporter(i));
  const answers = answersItem ? openItem<AnswersValue>(answersItem, caseId, sharedKey, own).answers : [];
  const identity = identityItem && identityKey ? openItem<Identity>(identityItem, caseId, identityKey, own) : null;

  const messages: Message[] = [];
  for (const i of answer.items) {
    const redacted = redactions.find((r) => r.itemId === i.itemId);
    if (redacted) {
      // A redaction that could not be opened is shown where it stands, as a redacted message.
      if (redacted.kind === 'message-reporter' || redacted.kind === 'message-handler' || (redacted.kind === null && redacted !== reportRedaction))
        messages.push({
          itemId: i.itemId,
          from: redacted.kind === 'message-reporter' ? 'reporter' : 'handler',
          createdAt: i.createdAt,
          verified: redacted.redaction.verified,
          text: redacted.redaction.replacement?.text ?? '',
          redaction: redacted.redaction,
        });
    } else if (i.kind === 'message-reporter') {
      messages.push({
        itemId: i.itemId,
        from: 'reporter',
        createdAt: i.createdAt,
        verified: true,
        text: openItem<{ text: string }>(i, caseId, sharedKey, own).text,
      });
    } else if (i.kind === 'message-handler') {
      const verified = trusted.has(i.signerPublicKey);
      // An unknown signer's message is still shown, clearly marked; a bad signature is never shown.
      const text = openItem<{ text: string }>(i, caseId, sharedKey, fromB64(i.signerPublicKey, 32)).text;
      messages.push({ itemId: i.itemId, from: 'handler', createdAt: i.createdAt, verified, text });
    }
  }

  const transcripts = readTranscripts(answer, caseId, sharedKey, trusted, own);

  const attachments: AttachmentView[] = [];
  for (const a of answer.attachments) {
    const signer = a.meta.authorKind === 'reporter' ? own : fromB64(a.meta.signerPublicKey, 32);
    const meta = openItem<{ name: string; type: string; size: number }>(a.meta, caseId, sharedKey, signer);
    const key = openItem<{ key: string }>(a.fileKey, caseId, sharedKey, signer);
    attachments.push({
      attachmentId: a.attachmentId,
      name: meta.name,
      type: meta.type,
      size: meta.size,
      from: a.meta.authorKind,
      verified: a.meta.authorKind === 'reporter' || trusted.has(a.meta.signerPublicKey),
      fileKey: fromB64(key.key, 32),
      complete: a.complete,
    });
  }

  return {
    sharedKey,
    view: {
      reference: answer.reference,
      status: answer.status,
      receivedAt: answer.receivedAt,
      acknowledgedAt: answer.acknowledgedAt,
      feedbackDueAt: answer.feedbackDueAt,
      closedAt: answer.closedAt,
      report: report && { title: report.title, body: report.body },
      reportRedaction: reportRedaction?.redaction ?? null,
      handlerSignKeys: report?.handlerSignKeys ?? [],
      subjects,
      answers,
      subjectRedactions: redactions.filter((r) => r.kind === 'subject').map((r) => r.redaction),
      identity,
      hasIdentity: identityItem !== undefined,
      messages,
      attachments: attachments.filter((a) => a.complete),
      transcripts,
      meetings: answer.meetings ?? [],
    },
  };
}

/**
 * The transcripts among the items, with the reporter's reviews: a review counts only when
 * it is the reporter's own signature over this transcript's id and hash, so the server
 * cannot show one transcript as approved on the strength of another's approval.
 */
function readTranscripts(answer: CaseAnswer, caseId: string, sharedKey: Uint8Array, trusted: Set<string>, own: Uint8Array): TranscriptView[] {
  const reviews = answer.transcriptReviews ?? [];
  return answer.items
    .filter((i) => i.kind === 'transcript' && i.authorKind === 'handler')
    .map((i) => {
      // A bad signature throws, as for replies: what cannot be vouched for is never shown.
      const value = openItem<{ text: string; source: TranscriptSource; recordingId: string }>(i, caseId, sharedKey, fromB64(i.signerPublicKey, 32));
      const r = reviews.find((x) => x.transcriptId === i.itemId);
      const digest = transcriptDigest(i);
      const verified =
        !!r && r.transcriptSha256 === toB64(digest) && transcriptReviewValid(caseId, i.itemId, r.decision, digest, fromB64(r.signature, 64), own);
      return {
        itemId: i.itemId,
        createdAt: i.createdAt,
        text: value.text,
        source: value.source,
        recordingId: value.recordingId,
        verified: trusted.has(i.signerPublicKey),
        item: { nonce: i.nonce, ciphertext: i.ciphertext },
        review: r ? { decision: r.decision, at: r.reviewedAt, verified } : null,
      };
    });
}

/** Asks for a meeting in person or a call (R1). */
export async function requestMeeting(session: CaseSession, kind: 'meeting' | 'call'): Promise<void> {
  await followUp(session, 'POST', '/api/public/case/meetings', { kind });
}

/** Accepts one of the times offered for a meeting or call. */
export async function acceptMeeting(session: CaseSession, meetingId: string, slot: string): Promise<void> {
  await followUp(session, 'POST', `/api/public/case/meetings/${meetingId}/accept`, { slot });
}

/** Approves a transcript as written, or says corrections follow (R29): signs its id and SHA-256 with the reporter key. */
export async function reviewTranscript(session: CaseSession, transcript: TranscriptView, decision: TranscriptDecision): Promise<void> {
  const digest = transcriptDigest(transcript.item);
  const signature = signTranscriptReview(session.caseId, transcript.itemId, decision, digest, session.reporter.sign.secretKey);
  await followUp(session, 'POST', `/api/public/case/transcripts/${transcript.itemId}/review`, {
    decision,
    transcriptSha256: toB64(digest),
    signature: toB64(signature),
  });
}

/**
 * The handlers' redactions among the items, each with the kind it stands for. One that
 * does not verify under its signer's key or does not open is kept, without its text:
 * the page then says that something was redacted, and shows no words it cannot vouch for.
 */
function readRedactions(
  items: ListedItem[],
  caseId: string,
  keyFor: (item: ListedItem) => Uint8Array,
  trusted: Set<string>,
): { itemId: string; kind: RedactableKind | null; redaction: Redaction }[] {
  const out: { itemId: string; kind: RedactableKind | null; redaction: Redaction }[] = [];
  for (const i of items) {
    const legacy = i.authorKind === 'handler' && (i.kind === 'report' || i.kind === 'subject' || i.kind === 'message-reporter');
    if (i.kind !== 'redaction' && !legacy) continue;
    const verified = trusted.has(i.signerPublicKey);
    try {
      const value = openItem<Record<string, unknown>>(i, caseId, keyFor(i), fromB64(i.signerPublicKey, 32));
      if (legacy) {
        // Redacted before the redaction kind: the original's kind, signed by a handler, dated by its createdAt.
        const kind = i.kind as RedactableKind;
        const replacement = Object.fromEntries(REDACTION_FIELDS[kind].map((f) => [f, String(value[f] ?? '')]));
        out.push({ itemId: i.itemId, kind, redaction: { at: i.createdAt, replacement, verified } });
      } else {
        const r = value as unknown as RedactionValue;
        out.push({ itemId: i.itemId, kind: r.redactedKind, redaction: { at: r.redactedAt, replacement: r.replacement, verified } });
      }
    } catch (e) {
      if (!isCryptoError(e)) throw e;
      // Its kind is inside what could not be opened; a legacy one tells it by its own.
      out.push({ itemId: i.itemId, kind: legacy ? (i.kind as RedactableKind) : null, redaction: { at: i.createdAt, replacement: null, verified: false } });
    }
  }
  return out;
}

export async function sendMessage(session: CaseSession, text: string): Promise<void> {
  const item = encryptItem({
    caseId: session.caseId,
    kind: 'message-reporter',
    itemId: uuid4(),
    key: session.sharedKey,
    signSecretKey: session.reporter.sign.secretKey,
    value: { text },
  });
  await followUp(session, 'POST', '/api/public/case/messages', item);
}

/** Why an identity could not be added before anything was sent. */
export class IdentityNotPossible extends Error {
  constructor(readonly reason: 'no_custodians') {
    super(reason);
  }
}

/**
 * The recipients of the channels the case may be on, most likely first. The
 * follow-up answer does not name the case's channel, so it is recognised by the
 * handler keys the report was sealed to (`handlerSignKeys`): a channel holding more
 * of them comes first, and channels holding none come last (their handlers may all
 * have changed). Channels without a custodian are left out: nobody there could open
 * an identity.
 */
async function identityCandidates(org: Organisation, view: CaseView): Promise<Recipients[]> {
  const seen = new Set(view.handlerSignKeys);
  const listed = await Promise.all(org.channels.map((c) => fetchRecipients(c.id)));
  const scored = listed
    .map((recipients, order) => ({ recipients, order, overlap: recipients.handlers.filter((h) => seen.has(h.signPublicKey)).length }))
    .filter((c) => c.recipients.custodians.length > 0)
    .sort((a, b) => b.overlap - a.overlap || a.order - b.order);
  // Channels with the same custodians need one attempt between them.
  const distinct = new Map<string, Recipients>();
  for (const c of scored) {
    const key = c.recipients.custodians
      .map((u) => u.userId)
      .sort()
      .join(',');
    if (!distinct.has(key)) distinct.set(key, c.recipients);
  }
  return [...distinct.values()];
}

/**
 * Adds the reporter's identity to a case that has none (API.md "Follow up"): a new
 * identity key, the identity item under it, and grants of that key to exactly the
 * reporter, recovery (when the organisation has a recovery key) and every custodian
 * of the case's channel, all signed with the reporter's key. Handlers get no grant:
 * a custodian decides whether a handler may see it (R20).
 *
 * The server refuses grants to anyone else (`identity_grants_mismatch`) and stores
 * nothing; then the next candidate channel's custodians are tried. Throws
 * IdentityNotPossible when no channel has a custodian, SendRefused when the key
 * directory does not vouch for them, ApiError from the server (409
 * `identity_exists` when the case has one already).
 */
export async function addIdentity(
  session: CaseSession,
  org: Organisation,
  view: CaseView,
  identity: Identity,
  trust: { portal: PortalTrust; pinned: string | null },
): Promise<void> {
  const { caseId, reporter } = session;
  const sign = reporter.sign.secretKey;
  const candidates = await identityCandidates(org, view);
  if (candidates.length === 0) throw new IdentityNotPossible('no_custodians');
  // Invariant: the identity is sealed only to custodians the verified directory lists, of the pinned organisation.
  for (const c of candidates) assertMaySend(trust.portal, trust.pinned, { handlers: [], custodians: c.custodians });
  const key = generateKey();
  const item = encryptItem({ caseId, kind: 'identity', itemId: uuid4(), key, signSecretKey: sign, value: identity });
  const toBox = (grantee: `user:${string}` | 'recovery', boxPublicKey: string) =>
    sealGrantToBox({ caseId, keyKind: 'identity', key, grantee, boxPublicKey: fromB64(boxPublicKey, 32), signSecretKey: sign });
  for (let i = 0; i < candidates.length; i++) {
    const grants: WireGrant[] = [
      sealGrantToReporter({ caseId, keyKind: 'identity', key, wrapKey: reporter.wrapKey, signSecretKey: sign }),
      ...candidates[i].custodians.map((c) => toBox(`user:${c.userId}`, c.boxPublicKey)),
    ];
    if (org.recoveryPublicKey) grants.push(toBox('recovery', org.recoveryPublicKey));
    try {
      await followUp(session, 'POST', '/api/public/case/identity', { item, grants });
      return;
    } catch (e) {
      const last = i === candidates.length - 1;
      if (last || !(e instanceof ApiError) || e.code !== 'identity_grants_mismatch') throw e;
    }
  }
}

/**
 * Encrypts a file (already cleaned of metadata) with a fresh file key and uploads it:
 * the encrypted name, type and true size and the file key go as items under the
 * shared key, then the padded secretstream. `onProgress(share)`: encryption is the
 * first tenth, the upload the rest.
 */
export async function uploadAttachment(
  session: CaseSession,
  file: { name: string; type: string; bytes: Uint8Array },
  onProgress: (share: number) => void,
): Promise<string> {
  const attachmentId = uuid4();
  const fileKey = generateKey();
  const common = { caseId: session.caseId, itemId: attachmentId, key: session.sharedKey, signSecretKey: session.reporter.sign.secretKey };
  const meta = encryptItem({
    ...common,
    kind: 'attachment-meta',
    value: { name: file.name, type: file.type || 'application/octet-stream', size: file.bytes.length },
  });
  const keyItem = encryptItem({ ...common, kind: 'attachment-key', value: { key: toB64(fileKey) } });
  const size = attachmentCiphertextSize(file.bytes.length);

  const encryptor = new AttachmentEncryptor(fileKey, session.caseId, attachmentId, file.bytes.length);
  const parts: Uint8Array[] = [encryptor.header];
  const slice = 1 << 20;
  for (let at = 0; at < file.bytes.length; at += slice) {
    parts.push(...encryptor.push(file.bytes.subarray(at, at + slice)));
    onProgress((0.1 * Math.min(at + slice, file.bytes.length)) / Math.max(1, file.bytes.length));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  parts.push(...encryptor.finish());

  await followUp(session, 'POST', '/api/public/case/attachments', { attachmentId, size, meta, fileKey: keyItem });
  const body = new Blob(parts as BlobPart[]);
  await uploadBytes('PUT', `/api/public/case/attachments/${attachmentId}/content`, body, { Authorization: session.bearer }, (sent, total) =>
    onProgress(0.1 + (0.9 * sent) / Math.max(1, total)),
  );
  onProgress(1);
  return attachmentId;
}

/**
 * The reporter's choice for a voice message just uploaded (R28): keep the disguised
 * recording, or use it only for a transcript; signed with the key from the case secret
 * (docs/reporter-protocol-extensions.md "Consent to keep a voice message").
 */
export async function giveVoiceConsent(session: CaseSession, attachmentId: string, choice: VoiceConsentChoice): Promise<void> {
  const signature = signVoiceConsent(session.caseId, attachmentId, choice, session.reporter.sign.secretKey);
  await followUp(session, 'POST', `/api/public/case/attachments/${attachmentId}/voice-consent`, { choice, signature: toB64(signature) });
}

/** Downloads and decrypts an attachment; the decryptor refuses anything altered, cut short or extended. */
export async function downloadAttachment(session: CaseSession, a: AttachmentView): Promise<Uint8Array> {
  const cipher = await fetchBytes(`/api/public/case/attachments/${a.attachmentId}/content`, { Authorization: session.bearer });
  const decryptor = new AttachmentDecryptor(a.fileKey, session.caseId, a.attachmentId, a.size);
  const plain = decryptor.push(cipher);
  decryptor.finish();
  const out = new Uint8Array(a.size);
  let at = 0;
  for (const p of plain) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
