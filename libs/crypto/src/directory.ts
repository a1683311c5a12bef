import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, bytesEqual, concatBytes, fromB64, LENGTHS, SIGN_SECRET_KEY_LENGTH, toB64, toHex, utf8 } from './encoding';
import { fingerprint, signatureValid } from './keys';
import { sodium } from './sodium';
import { isPlainObject, isUuid, SignKeyPair } from './types';

/**
 * The organisation key directory (docs/key-directory.md): an append-only log of
 * signed entries that publish staff members' public keys and roles. Each entry is
 * signed by the organisation's directory key, an Ed25519 key made and kept
 * offline with the recovery key, and names the hash of the entry before it.
 */

/** What an entry does to its user's listing. */
export type DirectoryAction = 'add' | 'replace' | 'remove';

/** The roles a directory lists: the people reports and identities are sealed to. In canonical (sorted) order. */
export type DirectoryRole = 'custodian' | 'handler';

export const DIRECTORY_ACTIONS: readonly DirectoryAction[] = Object.freeze(['add', 'replace', 'remove']);
export const DIRECTORY_ROLES: readonly DirectoryRole[] = Object.freeze(['custodian', 'handler']);

/** Bounds a verifier enforces, so a hostile server cannot make a browser verify without end. */
export const DIRECTORY_LIMITS = Object.freeze({ entries: 10_000, nameLength: 200, seq: 2_147_483_647 } as const);

const ENTRY_LABEL = 'kanava:v1:directory-entry';
const HASH_LABEL = 'kanava:v1:directory-hash';
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ZERO_HASH: Uint8Array = new Uint8Array(32);

/** One entry as it travels in JSON (binary fields base64url). */
export interface WireDirectoryEntry {
  seq: number;
  action: DirectoryAction;
  userId: string;
  roles: DirectoryRole[];
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
  signedAt: string;
  validUntil: string | null;
  prevHash: string;
  signature: string;
}

/** The whole log of one organisation, oldest entry first. */
export interface WireDirectory {
  organisationId: string;
  entries: WireDirectoryEntry[];
}

/** A verified entry, decoded; `hash` is what the next entry names as its `prevHash`. */
export interface DirectoryEntry {
  seq: number;
  action: DirectoryAction;
  userId: string;
  roles: DirectoryRole[];
  displayName: string;
  boxPublicKey: Uint8Array;
  signPublicKey: Uint8Array;
  signedAt: string;
  validUntil: string | null;
  prevHash: Uint8Array;
  signature: Uint8Array;
  hash: Uint8Array;
}

/** What a signer decides to publish about one person; the log position is added when signing. */
export interface DirectoryChange {
  action: DirectoryAction;
  userId: string;
  roles: DirectoryRole[];
  displayName: string;
  boxPublicKey: Uint8Array;
  signPublicKey: Uint8Array;
  validUntil?: string | null;
}

/** The newest entry of a log: where the next entry attaches. */
export interface DirectoryHead {
  seq: number;
  hash: Uint8Array;
}

function bad(message: string): CryptoError {
  return new CryptoError(CryptoErrorCode.BadDirectory, message);
}

/**
 * A display name as the directory signs it: NFC, every control, format or line
 * separator character (a bidi override, a zero-width joiner, a newline) turned into a
 * space, runs of white space collapsed, trimmed. So a signed name reads the same in
 * every client and cannot hide text or break the line-based encoding.
 */
export function directoryName(text: string): string {
  if (typeof text !== 'string') throw bad('display name must be a string');
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A time as entries carry it: UTC, whole seconds, `YYYY-MM-DDTHH:MM:SSZ`. */
export function directoryTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw bad('not a valid time');
  return `${date.toISOString().slice(0, 19)}Z`;
}

function assertTime(value: unknown, what: string): asserts value is string {
  // The round trip refuses dates that do not exist (2026-02-30) and so keeps one spelling per instant.
  if (typeof value !== 'string' || !TIME.test(value) || directoryTime(new Date(value)) !== value) {
    throw bad(`${what} must be a UTC time YYYY-MM-DDTHH:MM:SSZ`);
  }
}

function assertRoles(roles: unknown, what: string): asserts roles is DirectoryRole[] {
  if (!Array.isArray(roles) || roles.length === 0) throw bad(`${what}: roles must be a non-empty list`);
  // Canonical: known roles, sorted, each once.
  const canonical = DIRECTORY_ROLES.filter((r) => roles.includes(r));
  if (canonical.length !== roles.length || canonical.some((r, i) => roles[i] !== r)) {
    throw bad(`${what}: roles must be distinct, known and sorted (${DIRECTORY_ROLES.join(', ')})`);
  }
}

/**
 * The bytes an entry's signature covers, as UTF-8 lines each ending in "\n":
 * the label `kanava:v1:directory-entry`, then `organisation:<uuid>`, `seq:<decimal>`,
 * `prev:<hex of the previous entry's hash, 64 zeros for the first>`, `action:<add|replace|remove>`,
 * `user:<uuid>`, `roles:<roles joined by ",">`, `name:<display name>`, `box:<hex>`,
 * `sign:<hex>`, `signed-at:<time>`, `valid-until:<time, or nothing>`.
 */
export function directoryEntryMessage(
  organisationId: string,
  entry: Pick<
    DirectoryEntry,
    'seq' | 'prevHash' | 'action' | 'userId' | 'roles' | 'displayName' | 'boxPublicKey' | 'signPublicKey' | 'signedAt' | 'validUntil'
  >,
): Uint8Array {
  if (!isUuid(organisationId)) throw bad('organisation id must be a lower-case UUID');
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 1 || entry.seq > DIRECTORY_LIMITS.seq) throw bad('seq must be a positive integer');
  const what = `entry ${entry.seq}`;
  assertLength(entry.prevHash, 32, `${what}: previous hash`);
  if (!DIRECTORY_ACTIONS.includes(entry.action)) throw bad(`${what}: unknown action`);
  if (!isUuid(entry.userId)) throw bad(`${what}: user id must be a lower-case UUID`);
  assertRoles(entry.roles, what);
  if (typeof entry.displayName !== 'string' || directoryName(entry.displayName) !== entry.displayName) {
    throw bad(`${what}: display name is not in its canonical form`);
  }
  if (entry.displayName.length > DIRECTORY_LIMITS.nameLength) throw bad(`${what}: display name is too long`);
  assertLength(entry.boxPublicKey, LENGTHS.publicKey, `${what}: box public key`);
  assertLength(entry.signPublicKey, LENGTHS.publicKey, `${what}: sign public key`);
  assertTime(entry.signedAt, `${what}: signedAt`);
  if (entry.validUntil !== null) {
    assertTime(entry.validUntil, `${what}: validUntil`);
    if (Date.parse(entry.validUntil) <= Date.parse(entry.signedAt)) throw bad(`${what}: validUntil must be after signedAt`);
  }
  const lines = [
    ENTRY_LABEL,
    `organisation:${organisationId}`,
    `seq:${entry.seq}`,
    `prev:${toHex(entry.prevHash)}`,
    `action:${entry.action}`,
    `user:${entry.userId}`,
    `roles:${entry.roles.join(',')}`,
    `name:${entry.displayName}`,
    `box:${toHex(entry.boxPublicKey)}`,
    `sign:${toHex(entry.signPublicKey)}`,
    `signed-at:${entry.signedAt}`,
    `valid-until:${entry.validUntil ?? ''}`,
  ];
  return utf8(lines.map((line) => `${line}\n`).join(''));
}

/** `generichash(32, "kanava:v1:directory-hash" ‖ message ‖ signature)`: the link the next entry names. */
export function directoryEntryHash(message: Uint8Array, signature: Uint8Array): Uint8Array {
  assertLength(signature, LENGTHS.signature, 'signature');
  return sodium.crypto_generichash(32, concatBytes(utf8(HASH_LABEL), message, signature), null);
}

/** The directory-signing key pair for its 32-byte seed (the secret the organisation keeps offline). */
export function directoryKeyPair(seed: Uint8Array): SignKeyPair {
  assertLength(seed, 32, 'directory key seed');
  const pair = sodium.crypto_sign_seed_keypair(seed);
  return { publicKey: pair.publicKey, secretKey: pair.privateKey };
}

/** A fresh directory-signing key: the seed to keep offline, and the public key to give the server. */
export function generateDirectoryKey(): { seed: Uint8Array; publicKey: Uint8Array } {
  const seed = sodium.randombytes_buf(32);
  return { seed, publicKey: directoryKeyPair(seed).publicKey };
}

/**
 * The organisation fingerprint: CRYPTO.md's fingerprint formula over the recovery
 * box public key and the directory sign public key, so one fingerprint pins both.
 */
export function organisationFingerprint(recoveryPublicKey: Uint8Array, directoryPublicKey: Uint8Array): string {
  return fingerprint(recoveryPublicKey, directoryPublicKey);
}

/**
 * Signs `changes` as the entries that follow `head` (null for an empty log): each
 * names the hash of the one before it. `signedAt` is one time for the batch.
 * `secretKey` is the 64-byte Ed25519 secret key ({@link directoryKeyPair}).
 */
export function signDirectoryEntries(args: {
  organisationId: string;
  head: DirectoryHead | null;
  changes: DirectoryChange[];
  secretKey: Uint8Array;
  signedAt: string;
}): WireDirectoryEntry[] {
  assertLength(args.secretKey, SIGN_SECRET_KEY_LENGTH, 'directory secret key');
  let seq = args.head?.seq ?? 0;
  let prevHash = args.head?.hash ?? ZERO_HASH;
  return args.changes.map((change) => {
    seq += 1;
    const fields = {
      seq,
      prevHash,
      action: change.action,
      userId: change.userId,
      roles: change.roles,
      displayName: change.displayName,
      boxPublicKey: change.boxPublicKey,
      signPublicKey: change.signPublicKey,
      signedAt: args.signedAt,
      validUntil: change.validUntil ?? null,
    };
    const message = directoryEntryMessage(args.organisationId, fields);
    const signature = sodium.crypto_sign_detached(message, args.secretKey);
    const wire: WireDirectoryEntry = {
      seq,
      action: fields.action,
      userId: fields.userId,
      roles: [...fields.roles],
      displayName: fields.displayName,
      boxPublicKey: toB64(fields.boxPublicKey),
      signPublicKey: toB64(fields.signPublicKey),
      signedAt: fields.signedAt,
      validUntil: fields.validUntil,
      prevHash: toB64(prevHash),
      signature: toB64(signature),
    };
    prevHash = directoryEntryHash(message, signature);
    return wire;
  });
}

/** A key as its base64url text, for comparing keys the wire spells. */
const b64 = (bytes: Uint8Array) => toB64(bytes);

/**
 * A log whose every entry verified: the signature under the directory key, the
 * chain of hashes, the numbering and the rules of each action. Built only by
 * {@link verifyDirectory}.
 */
export class VerifiedDirectory {
  private readonly lastByUser = new Map<string, DirectoryEntry>();

  constructor(
    readonly organisationId: string,
    readonly entries: readonly DirectoryEntry[],
  ) {
    for (const entry of entries) this.lastByUser.set(entry.userId, entry);
  }

  /** The newest entry's position and hash; null for an empty log. */
  get head(): DirectoryHead | null {
    const last = this.entries[this.entries.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  /** The newest entry about a user (a removal too), or undefined. */
  last(userId: string): DirectoryEntry | undefined {
    return this.lastByUser.get(userId);
  }

  /**
   * The entry that lists a user now: their newest, unless it removes them or expired
   * before `atMs`. A caller that checks what a server lists allows for clock skew by
   * passing a slightly earlier time.
   */
  current(userId: string, atMs: number): DirectoryEntry | undefined {
    const entry = this.lastByUser.get(userId);
    if (!entry || entry.action === 'remove') return undefined;
    if (entry.validUntil !== null && Date.parse(entry.validUntil) <= atMs) return undefined;
    return entry;
  }

  /** Whether a user's current entry lists `role` with exactly these keys. */
  lists(userId: string, role: DirectoryRole, keys: { boxPublicKey: string; signPublicKey: string }, atMs: number): boolean {
    const entry = this.current(userId, atMs);
    return !!entry && entry.roles.includes(role) && b64(entry.boxPublicKey) === keys.boxPublicKey && b64(entry.signPublicKey) === keys.signPublicKey;
  }

  /** Whether a sign key was ever published for the user (added or replaced): signatures made with it were made by them. */
  signedFor(userId: string, signPublicKey: string): boolean {
    return this.entries.some((e) => e.userId === userId && e.action !== 'remove' && b64(e.signPublicKey) === signPublicKey);
  }

  /** Users whose current entry lists a role. */
  listed(role: DirectoryRole, atMs: number): DirectoryEntry[] {
    return [...this.lastByUser.keys()].map((id) => this.current(id, atMs)).filter((e): e is DirectoryEntry => !!e && e.roles.includes(role));
  }
}

function decodeEntry(organisationId: string, wire: unknown, index: number): { entry: Omit<DirectoryEntry, 'hash'>; message: Uint8Array } {
  const what = `entry ${index + 1}`;
  if (!isPlainObject(wire)) throw bad(`${what} must be an object`);
  const w = wire as Partial<Record<keyof WireDirectoryEntry, unknown>>;
  if (w.seq !== index + 1) throw bad(`${what}: entries must be numbered 1, 2, 3, … without gaps`);
  if (typeof w.action !== 'string' || !DIRECTORY_ACTIONS.includes(w.action as DirectoryAction)) throw bad(`${what}: unknown action`);
  if (typeof w.displayName !== 'string') throw bad(`${what}: display name must be a string`);
  if (w.validUntil !== null && typeof w.validUntil !== 'string') throw bad(`${what}: validUntil must be a time or null`);
  let keys: { box: Uint8Array; sign: Uint8Array; prev: Uint8Array; signature: Uint8Array };
  try {
    keys = {
      box: fromB64(w.boxPublicKey as string, LENGTHS.publicKey),
      sign: fromB64(w.signPublicKey as string, LENGTHS.publicKey),
      prev: fromB64(w.prevHash as string, 32),
      signature: fromB64(w.signature as string, LENGTHS.signature),
    };
  } catch {
    throw bad(`${what}: a key, hash or signature is not base64url of its length`);
  }
  const entry = {
    seq: index + 1,
    action: w.action as DirectoryAction,
    userId: w.userId as string,
    roles: w.roles as DirectoryRole[],
    displayName: w.displayName,
    boxPublicKey: keys.box,
    signPublicKey: keys.sign,
    signedAt: w.signedAt as string,
    validUntil: w.validUntil as string | null,
    prevHash: keys.prev,
    signature: keys.signature,
  };
  return { entry, message: directoryEntryMessage(organisationId, entry) };
}

/**
 * Verifies a whole log against the organisation's directory public key (the one
 * its pinned fingerprint covers). Throws BadDirectory for a log that is malformed,
 * out of order, not chained, for another organisation, or breaks an action's rule
 * (an add for someone listed, a replace or remove for someone who is not, a remove
 * naming other keys than the listing it ends), and BadSignature for an entry the
 * key did not sign. Never returns a partly verified log.
 */
export function verifyDirectory(log: WireDirectory, organisationId: string, directoryPublicKey: Uint8Array): VerifiedDirectory {
  assertLength(directoryPublicKey, LENGTHS.publicKey, 'directory public key');
  if (!isPlainObject(log) || !Array.isArray(log.entries)) throw bad('the directory must be {organisationId, entries}');
  if (log.organisationId !== organisationId) throw bad('the directory is for another organisation');
  if (log.entries.length > DIRECTORY_LIMITS.entries) throw bad('the directory has too many entries');
  const entries: DirectoryEntry[] = [];
  const last = new Map<string, DirectoryEntry>();
  let prevHash = ZERO_HASH;
  log.entries.forEach((wire, index) => {
    const { entry, message } = decodeEntry(organisationId, wire, index);
    const what = `entry ${entry.seq}`;
    if (!bytesEqual(entry.prevHash, prevHash)) throw bad(`${what}: does not follow the entry before it`);
    if (!signatureValid(entry.signature, message, directoryPublicKey)) {
      throw new CryptoError(CryptoErrorCode.BadSignature, `${what}: not signed by the organisation's directory key`);
    }
    const before = last.get(entry.userId);
    const listed = before !== undefined && before.action !== 'remove';
    if (entry.action === 'add' && listed) throw bad(`${what}: adds someone who is listed already`);
    if (entry.action !== 'add' && !listed) throw bad(`${what}: ${entry.action}s someone who is not listed`);
    if (entry.action === 'remove' && !(bytesEqual(entry.boxPublicKey, before!.boxPublicKey) && bytesEqual(entry.signPublicKey, before!.signPublicKey))) {
      throw bad(`${what}: a removal must name the keys it removes`);
    }
    const verified: DirectoryEntry = { ...entry, hash: directoryEntryHash(message, entry.signature) };
    entries.push(verified);
    last.set(entry.userId, verified);
    prevHash = verified.hash;
  });
  return new VerifiedDirectory(organisationId, entries);
}

/** The head as a short text for a trust list: `<seq>:<hash hex>`. */
export function directoryHeadText(head: DirectoryHead): string {
  return `${head.seq}:${toHex(head.hash)}`;
}

/**
 * Whether a log continues the head a client saw before (`<seq>:<hash hex>`): the
 * entry at that position must still have that hash. False means the server showed
 * a different history (a fork) or fewer entries (a rollback).
 */
export function directoryContinues(directory: VerifiedDirectory, seenHead: string): boolean {
  const match = /^([1-9][0-9]{0,9}):([0-9a-f]{64})$/.exec(seenHead);
  if (!match) return false;
  const entry = directory.entries[Number(match[1]) - 1];
  return entry !== undefined && toHex(entry.hash) === match[2];
}

/**
 * The directory key's 32-byte seed from what the CLI printed or wrote
 * (`recovery-key:generate`): the line `directory secret key: <base64url>`, or the
 * base64url alone (spaces and line breaks of a typed-in printout are ignored).
 * Throws BadEncoding for anything else.
 */
export function parseDirectorySecretKey(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError(CryptoErrorCode.BadEncoding, 'expected text');
  const labelled = /directory secret key:\s*([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text);
  const candidate = labelled ? labelled[1] : text.replace(/\s+/g, '');
  try {
    return fromB64(candidate, 32);
  } catch {
    throw new CryptoError(CryptoErrorCode.BadEncoding, 'not a directory secret key');
  }
}
