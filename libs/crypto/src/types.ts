import { CryptoError, CryptoErrorCode } from './errors';

/** The protocol version every AAD, signature context and KDF label is bound to. */
export const PROTOCOL_VERSION = 1;

/** An Ed25519 key pair; `secretKey` is libsodium's 64-byte form (seed ‖ public key). */
export interface SignKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** An X25519 key pair (32-byte keys). */
export interface BoxKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * Which case key a grant delivers or an item is encrypted under. `concerned`, the key of
 * the persons-concerned entries (R21), is an extension (docs/reporter-protocol-extensions.md):
 * a v1 client encrypts those entries under the shared key and never sends it.
 */
export type KeyKind = 'shared' | 'internal' | 'identity' | 'concerned';

export const KEY_KINDS: readonly KeyKind[] = Object.freeze(['shared', 'internal', 'identity', 'concerned']);

/**
 * Item kinds of protocol v1, `redaction` (a handler's redacted version of another item)
 * and `transcript` (a handler's transcript or minutes for the reporter to approve); both
 * in docs/reporter-protocol-extensions.md, and `answers` (the reporter's answers to the
 * channel's questionnaire, same document).
 */
export type ItemKind =
  | 'report'
  | 'subject'
  | 'identity'
  | 'message-reporter'
  | 'message-handler'
  | 'note'
  | 'attachment-meta'
  | 'attachment-key'
  | 'redaction'
  | 'transcript'
  | 'answers';

export const ITEM_KINDS: readonly ItemKind[] = Object.freeze([
  'report',
  'subject',
  'identity',
  'message-reporter',
  'message-handler',
  'note',
  'attachment-meta',
  'attachment-key',
  'redaction',
  'transcript',
  'answers',
]);

/** The case key each item kind is encrypted under. */
export const ITEM_KEY_KIND: Readonly<Record<ItemKind, KeyKind>> = Object.freeze({
  report: 'shared',
  subject: 'shared',
  identity: 'identity',
  'message-reporter': 'shared',
  'message-handler': 'shared',
  note: 'internal',
  'attachment-meta': 'shared',
  'attachment-key': 'shared',
  redaction: 'shared',
  transcript: 'shared',
  answers: 'shared',
});

/**
 * The key kind an item is under: its kind's (ITEM_KEY_KIND), except that a persons-concerned
 * entry, and a redaction that replaced one, are under the case's `concerned` key when their
 * keyId is that key's (a case made by a v1 client has none, and they are under the shared key).
 */
export function itemKeyKind(item: { kind: ItemKind; keyId: string }, concernedKeyId: string | null | undefined): KeyKind {
  if ((item.kind === 'subject' || item.kind === 'redaction') && concernedKeyId && item.keyId === concernedKeyId) return 'concerned';
  return ITEM_KEY_KIND[item.kind];
}

/** Who a grant is sealed to. */
export type Grantee = 'reporter' | 'recovery' | `user:${string}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRANTEE = /^(?:reporter|recovery|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** True for a lower-case, hyphenated UUID (the only spelling allowed in AADs and labels). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Throws BadShape unless `value` is a lower-case, hyphenated UUID. */
export function assertUuid(value: unknown, what: string): asserts value is string {
  if (!isUuid(value)) {
    throw new CryptoError(CryptoErrorCode.BadShape, `${what} must be a lower-case UUID`);
  }
}

export function isItemKind(value: unknown): value is ItemKind {
  return typeof value === 'string' && (ITEM_KINDS as readonly string[]).includes(value);
}

export function assertItemKind(value: unknown): asserts value is ItemKind {
  if (!isItemKind(value)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'unknown item kind');
  }
}

export function isKeyKind(value: unknown): value is KeyKind {
  return typeof value === 'string' && (KEY_KINDS as readonly string[]).includes(value);
}

export function assertKeyKind(value: unknown): asserts value is KeyKind {
  if (!isKeyKind(value)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'unknown key kind');
  }
}

/** True for `reporter`, `recovery` or `user:<lower-case uuid>`. */
export function isGrantee(value: unknown): value is Grantee {
  return typeof value === 'string' && GRANTEE.test(value);
}

export function assertGrantee(value: unknown): asserts value is Grantee {
  if (!isGrantee(value)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'grantee must be reporter, recovery or user:<uuid>');
  }
}

/** A plain JSON object (not null, not an array, no exotic prototype). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws BadShape unless `value` is a plain object with exactly `keys` as its own keys. */
export function assertExactKeys(value: unknown, keys: readonly string[], what: string): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new CryptoError(CryptoErrorCode.BadShape, `${what} must be an object`);
  }
  const own = Object.keys(value);
  if (own.length !== keys.length || !keys.every((k) => Object.prototype.hasOwnProperty.call(value, k))) {
    throw new CryptoError(CryptoErrorCode.BadShape, `${what} must have exactly the fields ${keys.join(', ')}`);
  }
}
