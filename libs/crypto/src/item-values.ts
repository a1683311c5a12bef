import { CryptoError, CryptoErrorCode } from './errors';
import { isB64, LENGTHS } from './encoding';
import { assertExactKeys, assertItemKind, isUuid, ItemKind } from './types';

/** `report`: what the reporter wrote, plus the handler sign keys shown at submission. */
export interface ReportValue {
  title: string;
  body: string;
  /** base64url Ed25519 public keys (32 bytes each). */
  handlerSignKeys: string[];
}

/** `subject`: a person concerned. */
export interface SubjectValue {
  name: string;
  role: string;
  details: string;
}

/** `identity`: the reporter's identity and contact details. */
export interface IdentityValue {
  name: string;
  contact: string;
  details: string;
}

/** `message-reporter`, `message-handler`, `note`. */
export interface TextValue {
  text: string;
}

/** `attachment-meta`: file name, MIME type and true (unpadded) size. */
export interface AttachmentMetaValue {
  name: string;
  type: string;
  size: number;
}

/** `attachment-key`: the base64url file key (32 bytes). */
export interface AttachmentKeyValue {
  key: string;
}

/** The kinds a handler may redact: what the reporter sees of a case, under the shared key. */
export type RedactableKind = 'report' | 'subject' | 'message-reporter' | 'message-handler';

/** The text fields of each redactable kind, as a redaction's replacement carries them (a report's without its handlerSignKeys). */
export const REDACTION_FIELDS: Readonly<Record<RedactableKind, readonly string[]>> = Object.freeze({
  report: Object.freeze(['title', 'body']),
  subject: Object.freeze(['name', 'role', 'details']),
  'message-reporter': Object.freeze(['text']),
  'message-handler': Object.freeze(['text']),
});

export function isRedactableKind(value: unknown): value is RedactableKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REDACTION_FIELDS, value);
}

/**
 * `redaction`: a handler's redacted version of another item, which the server
 * destroyed. It names the item and its kind and says when, and its replacement is the
 * handler's text (the item is signed by the handler), never the original author's.
 * A redaction of a redaction names the same original item and kind.
 */
export interface RedactionValue {
  redactedItemId: string;
  redactedKind: RedactableKind;
  /** ISO 8601 UTC with milliseconds, as `Date.toISOString` writes it. */
  redactedAt: string;
  /** The handler's version: exactly REDACTION_FIELDS[redactedKind], as strings. */
  replacement: Record<string, string>;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function redaction(value: unknown): RedactionValue {
  const kind: ItemKind = 'redaction';
  assertExactKeys(value, ['redactedItemId', 'redactedKind', 'redactedAt', 'replacement'], kind);
  const redactedItemId = str(value, 'redactedItemId', kind);
  if (!isUuid(redactedItemId)) throw new CryptoError(CryptoErrorCode.BadShape, 'redaction.redactedItemId must be a lower-case UUID');
  const redactedKind = value.redactedKind;
  if (!isRedactableKind(redactedKind)) throw new CryptoError(CryptoErrorCode.BadShape, 'redaction.redactedKind must be a kind a handler may redact');
  const redactedAt = str(value, 'redactedAt', kind);
  if (!ISO_MS.test(redactedAt) || new Date(redactedAt).toISOString() !== redactedAt) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'redaction.redactedAt must be an ISO 8601 UTC time with milliseconds');
  }
  const replacement = strings(value.replacement, kind, REDACTION_FIELDS[redactedKind]);
  return { redactedItemId, redactedKind, redactedAt, replacement };
}

/** What a transcript records: a voice message (its attachment) or a meeting or call (minutes). */
export const TRANSCRIPT_SOURCES = ['voice-message', 'meeting', 'phone-call'] as const;
export type TranscriptSource = (typeof TRANSCRIPT_SOURCES)[number];

/**
 * A handler's transcript of a voice message, or minutes of a meeting or a call (R29):
 * `recordingId` is the voice message's attachment id, and empty for minutes.
 */
export interface TranscriptValue {
  text: string;
  source: TranscriptSource;
  recordingId: string;
}

function transcript(value: unknown): TranscriptValue {
  const kind: ItemKind = 'transcript';
  const { text, source, recordingId } = strings(value, kind, ['text', 'source', 'recordingId'] as const);
  if (!(TRANSCRIPT_SOURCES as readonly string[]).includes(source)) {
    throw new CryptoError(CryptoErrorCode.BadShape, `transcript.source must be one of ${TRANSCRIPT_SOURCES.join(', ')}`);
  }
  if (source === 'voice-message' ? !isUuid(recordingId) : recordingId !== '') {
    throw new CryptoError(CryptoErrorCode.BadShape, 'transcript.recordingId must be the voice message’s attachment id, and empty for minutes');
  }
  return { text, source: source as TranscriptSource, recordingId };
}

/** The types of question a channel's questionnaire asks (docs/reporter-protocol-extensions.md "Questionnaires"). */
export const QUESTION_TYPES = ['short-text', 'long-text', 'single-choice', 'multiple-choice', 'date', 'yes-no', 'file'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Most answers one `answers` item holds, and most values of one answer (a multiple choice's, a file question's names). */
export const ANSWERS_MAX = 100;
export const ANSWER_VALUES_MAX = 50;

/**
 * One answer as the reporter gave it: the question's id and type, its wording as the
 * reporter read it, and the value. A text or date (YYYY-MM-DD) or yes-no (`yes`, `no`)
 * or single choice (the option as shown) is one string; a multiple choice (options as
 * shown) or a file question (the names of the files sent with the report) is a list.
 */
export interface AnswerValue {
  questionId: string;
  type: QuestionType;
  question: string;
  value: string | string[];
}

/**
 * `answers`: the reporter's answers to the channel's questionnaire, with the version
 * (`questionnaireId`) they were given in. Self-contained: the wording is what the
 * reporter read, so an answer reads the same after the questionnaire changes.
 */
export interface AnswersValue {
  questionnaireId: string;
  answers: AnswerValue[];
}

const LIST_TYPES: readonly QuestionType[] = ['multiple-choice', 'file'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function answers(value: unknown): AnswersValue {
  const kind: ItemKind = 'answers';
  assertExactKeys(value, ['questionnaireId', 'answers'], kind);
  const questionnaireId = str(value, 'questionnaireId', kind);
  if (!isUuid(questionnaireId)) throw new CryptoError(CryptoErrorCode.BadShape, 'answers.questionnaireId must be a lower-case UUID');
  const list = value.answers;
  if (!Array.isArray(list) || list.length > ANSWERS_MAX) {
    throw new CryptoError(CryptoErrorCode.BadShape, `answers.answers must be a list of at most ${ANSWERS_MAX} answers`);
  }
  const seen = new Set<string>();
  const out = list.map((answer: unknown): AnswerValue => {
    assertExactKeys(answer, ['questionId', 'type', 'question', 'value'], kind);
    const questionId = str(answer, 'questionId', kind);
    const type = str(answer, 'type', kind) as QuestionType;
    if (!(QUESTION_TYPES as readonly string[]).includes(type)) {
      throw new CryptoError(CryptoErrorCode.BadShape, `answers.type must be one of ${QUESTION_TYPES.join(', ')}`);
    }
    if (seen.has(questionId)) throw new CryptoError(CryptoErrorCode.BadShape, 'answers.questionId must not repeat');
    seen.add(questionId);
    const question = str(answer, 'question', kind);
    const raw = answer.value;
    let given: string | string[];
    if (LIST_TYPES.includes(type)) {
      if (!Array.isArray(raw) || raw.length > ANSWER_VALUES_MAX || !raw.every((v) => typeof v === 'string')) {
        throw new CryptoError(CryptoErrorCode.BadShape, `answers.value of a ${type} question must be a list of at most ${ANSWER_VALUES_MAX} strings`);
      }
      given = [...(raw as string[])];
    } else {
      given = str(answer, 'value', kind);
      if (type === 'yes-no' && given !== 'yes' && given !== 'no')
        throw new CryptoError(CryptoErrorCode.BadShape, 'answers.value of a yes-no question must be yes or no');
      if (type === 'date' && !(DATE.test(given) && !Number.isNaN(Date.parse(`${given}T00:00:00Z`)))) {
        throw new CryptoError(CryptoErrorCode.BadShape, 'answers.value of a date question must be a date, YYYY-MM-DD');
      }
    }
    return { questionId, type, question, value: given };
  });
  return { questionnaireId, answers: out };
}

/** The JSON value of each item kind. */
export interface ItemValues {
  report: ReportValue;
  subject: SubjectValue;
  identity: IdentityValue;
  'message-reporter': TextValue;
  'message-handler': TextValue;
  note: TextValue;
  'attachment-meta': AttachmentMetaValue;
  'attachment-key': AttachmentKeyValue;
  redaction: RedactionValue;
  transcript: TranscriptValue;
  answers: AnswersValue;
}

function str(obj: Record<string, unknown>, field: string, kind: ItemKind): string {
  const value = obj[field];
  if (typeof value !== 'string') {
    throw new CryptoError(CryptoErrorCode.BadShape, `${kind}.${field} must be a string`);
  }
  return value;
}

function strings<F extends string>(value: unknown, kind: ItemKind, fields: readonly F[]): Record<F, string> {
  assertExactKeys(value, fields, kind);
  const out = {} as Record<F, string>;
  for (const field of fields) out[field] = str(value, field, kind);
  return out;
}

/**
 * Validates an item's JSON value for its kind and returns a fresh copy with the
 * fields in protocol order (so equal values serialise to equal bytes). Extra,
 * missing or wrongly typed fields throw BadShape.
 */
export function validateItemValue<K extends ItemKind>(kind: K, value: unknown): ItemValues[K] {
  assertItemKind(kind);
  const k: ItemKind = kind;
  switch (k) {
    case 'report': {
      assertExactKeys(value, ['title', 'body', 'handlerSignKeys'], kind);
      const keys = value.handlerSignKeys;
      if (!Array.isArray(keys) || !keys.every((key) => isB64(key, LENGTHS.publicKey))) {
        throw new CryptoError(CryptoErrorCode.BadShape, 'report.handlerSignKeys must be base64url 32-byte keys');
      }
      const report: ReportValue = {
        title: str(value, 'title', kind),
        body: str(value, 'body', kind),
        handlerSignKeys: [...(keys as string[])],
      };
      return report as ItemValues[K];
    }
    case 'subject':
      return strings(value, kind, ['name', 'role', 'details'] as const) as ItemValues[K];
    case 'identity':
      return strings(value, kind, ['name', 'contact', 'details'] as const) as ItemValues[K];
    case 'message-reporter':
    case 'message-handler':
    case 'note':
      return strings(value, kind, ['text'] as const) as ItemValues[K];
    case 'attachment-meta': {
      assertExactKeys(value, ['name', 'type', 'size'], kind);
      const size = value.size;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new CryptoError(CryptoErrorCode.BadShape, 'attachment-meta.size must be a non-negative integer');
      }
      const meta: AttachmentMetaValue = { name: str(value, 'name', kind), type: str(value, 'type', kind), size };
      return meta as ItemValues[K];
    }
    case 'attachment-key': {
      const { key } = strings(value, kind, ['key'] as const);
      if (!isB64(key, LENGTHS.key)) {
        throw new CryptoError(CryptoErrorCode.BadShape, 'attachment-key.key must be a base64url 32-byte key');
      }
      return { key } as ItemValues[K];
    }
    case 'redaction':
      return redaction(value) as ItemValues[K];
    case 'transcript':
      return transcript(value) as ItemValues[K];
    case 'answers':
      return answers(value) as ItemValues[K];
  }
}
