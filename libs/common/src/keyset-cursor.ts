import { ValidateBy, ValidationOptions } from 'class-validator';
import { UUID_PATTERN } from './ids';

/** The error code of every cursor that does not decode, whatever is wrong with it. */
export const INVALID_CURSOR = 'invalid_cursor';

/** Longer than any cursor Kanava hands out (a time cursor is 108 characters). */
export const MAX_CURSOR_LENGTH = 200;

/** The largest value of a PostgreSQL bigint: audit sequence numbers beyond it cannot exist. */
export const MAX_SEQ = 9_223_372_036_854_775_807n;

/** A keyset position: the sort value (ISO time with microseconds) and the row id that breaks ties. */
export interface TimeCursor {
  at: string;
  id: string;
}

/** The sort value exactly as the paged queries format it: `to_char(…, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`. */
const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The opaque cursor a page hands out as `nextCursor`. */
export function encodeTimeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify({ at: c.at, id: c.id }), 'utf8').toString('base64url');
}

/** True for a real calendar time in years 1–9999 written as CURSOR_TIME (no 31 February, no hour 24). */
function isCursorTime(at: string): boolean {
  const m = CURSOR_TIME.exec(at);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  if (year < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  // Date rolls 31 February over into March; a round trip that changes a field was not a real time.
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute;
}

/**
 * Reads a cursor back, or null: it must be canonical base64url of a JSON object with
 * exactly `at` (a time as the queries write it, in PostgreSQL's range) and `id` (a
 * lower-case UUID), so no crafted cursor reaches SQL as a value it cannot cast.
 */
export function parseTimeCursor(text: unknown): TimeCursor | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  // Node ignores stray trailing bits; only the encoding it would produce itself is a cursor.
  if (bytes.toString('base64url') !== text) return null;
  let c: unknown;
  try {
    c = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
  const { at, id, ...rest } = c as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof id !== 'string' || !UUID_PATTERN.test(id) || typeof at !== 'string' || !isCursorTime(at)) return null;
  return { at, id };
}

/** Reads a cursor back; anything else (tampered, truncated, another shape, out of range) throws `invalid()`. */
export function decodeTimeCursor(text: string, invalid: () => Error): TimeCursor {
  const c = parseTimeCursor(text);
  if (!c) throw invalid();
  return c;
}

/** An audit sequence number as a cursor or range bound: decimal digits, no sign, at most MAX_SEQ. Null otherwise. */
export function parseSeq(text: unknown): bigint | null {
  if (typeof text !== 'string' || !/^[0-9]{1,19}$/.test(text)) return null;
  const seq = BigInt(text);
  return seq <= MAX_SEQ ? seq : null;
}

/**
 * A keyset cursor in a query: `time` for the opaque cursors of encodeTimeCursor, `seq`
 * for an audit sequence number. A bad one answers 400 `invalid_cursor` (the validation
 * pipe takes the code from this validator's context), never a database error.
 */
export function IsKeysetCursor(kind: 'time' | 'seq', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKeysetCursor',
      constraints: [kind],
      validator: {
        validate: (value: unknown) => (kind === 'time' ? parseTimeCursor(value) !== null : parseSeq(value) !== null),
        defaultMessage: () => 'The page cursor is not valid; start from the first page.',
      },
    },
    { ...options, context: { errorCode: INVALID_CURSOR } },
  );
}

/** An audit sequence number as a range bound (not a cursor): 400 `invalid_request` unless parseSeq accepts it. */
export function IsSequenceNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSequenceNumber',
      validator: {
        validate: (value: unknown) => parseSeq(value) !== null,
        defaultMessage: (args) => `${args?.property} must be a sequence number (0 to ${MAX_SEQ})`,
      },
    },
    options,
  );
}
