import {
  CryptoError,
  encryptItem,
  fromB64,
  generateKey,
  ITEM_KEY_KIND,
  KeyKind,
  openBoxGrant,
  openItem,
  RedactableKind,
  RedactionValue,
  sealGrantToBox,
  toB64,
  verifyGrant,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import type { StaffSession } from './session';

/** A colleague in the directory (`GET /api/staff/directory`): the public keys the console seals to and checks signatures with. */
export interface Colleague {
  userId: string;
  displayName: string;
  roles: ('handler' | 'custodian')[];
  boxPublicKey: string;
  signPublicKey: string;
  fingerprint: string;
  designations: { channelId: string; role: 'handler' | 'custodian' }[];
}

export type Grant = WireGrant & { signedBy: string };
export type ServerItem = WireItem & { authorKind: 'reporter' | 'handler'; signerPublicKey: string; createdAt: string; authorUserId: string | null };

/** `GET /api/staff/cases/:id`: metadata, ciphertext and the reader's own grants. */
export interface CaseViewWire {
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
  nextDueAt: string | null;
  triage: { priority: string; relevance: string; retaliationRisk: string; triagedAt: string } | null;
  outcome: string | null;
  concludedAt: string | null;
  feedbackGivenAt: string | null;
  subjectInformed: { dueAt: string | null; informedAt: string | null; deferral: string | null; overdue: boolean };
  retention: { purgeAt: string; basis: string };
  /** Who holds the case's shared key (an excluded or implicated colleague never appears). */
  keyHolders: KeyHolder[];
  grants: Grant[];
  items: ServerItem[];
}

/** A colleague who holds the case; `expiresAt` is set for an expert's time-limited, read-only access. */
export interface KeyHolder {
  userId: string;
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
  expiresAt: string | null;
}

/** One item as the console shows it: the opened value, or why it could not be opened. */
export interface OpenedItem {
  itemId: string;
  kind: ServerItem['kind'];
  createdAt: string;
  authorKind: ServerItem['authorKind'];
  /** Who signed: the reporter, a colleague's name, or null for a key the console does not know. */
  author: string | null;
  value: Record<string, unknown> | null;
  /** Signature verified against the reporter's key or a colleague in the directory. */
  trusted: boolean;
}

export interface OpenedCase {
  view: CaseViewWire;
  keys: Partial<Record<KeyKind, Uint8Array>>;
  items: OpenedItem[];
  directory: Colleague[];
}

export async function fetchDirectory(session: StaffSession): Promise<Colleague[]> {
  return session.api.get<Colleague[]>('/api/staff/directory');
}

/** What opening a case's items needs: the case view, or the slice of it `POST /api/staff/cases/reports` gives for the inbox. */
export type CaseContentWire = Pick<CaseViewWire, 'id' | 'reporterSignPublicKey' | 'sharedKeyId' | 'grants' | 'items'> & { internalKeyId?: string | null };

/** The public key that must have signed a grant: the reporter's, or a colleague's from the directory. Null when unknown. */
function grantSigner(grant: Grant, view: CaseContentWire, directory: Colleague[]): Uint8Array | null {
  if (grant.signedBy === 'reporter') return fromB64(view.reporterSignPublicKey, 32);
  const colleague = directory.find((c) => `user:${c.userId}` === grant.signedBy);
  return colleague ? fromB64(colleague.signPublicKey, 32) : null;
}

/**
 * Opens a case in this browser: checks each of the reader's grants against its
 * signer (CRYPTO.md "Grants"), opens it with the reader's box key, checks the key
 * against the case's recorded keyId, then verifies and decrypts every item.
 * Items that do not verify or decrypt are shown as such, never as content.
 */
export function openCase(session: StaffSession, view: CaseViewWire, directory: Colleague[]): OpenedCase {
  return { view, ...openContent(session, view, directory), directory };
}

/** openCase's work on any slice of a case that carries grants and items. */
export function openContent(
  session: StaffSession,
  view: CaseContentWire,
  directory: Colleague[],
): { keys: Partial<Record<KeyKind, Uint8Array>>; items: OpenedItem[] } {
  const me = `user:${session.user.id}`;
  const keys: Partial<Record<KeyKind, Uint8Array>> = {};
  const expected: Record<KeyKind, string | undefined> = { shared: view.sharedKeyId, internal: view.internalKeyId ?? undefined, identity: undefined };
  for (const grant of view.grants) {
    if (grant.grantee !== me || keys[grant.keyKind]) continue;
    const signer = grantSigner(grant, view, directory);
    if (!signer) continue;
    // A shared or identity key may come from the reporter; an internal key only from a colleague.
    if (grant.keyKind === 'internal' && grant.signedBy === 'reporter') continue;
    try {
      verifyGrant(grant, view.id, signer);
      keys[grant.keyKind] = openBoxGrant(grant, view.id, session.box, expected[grant.keyKind]);
    } catch (e) {
      // An unverifiable grant is as good as none: its content stays closed. Anything else is a fault, not a bad grant.
      if (!(e instanceof CryptoError)) throw e;
    }
  }
  const reporterKey = fromB64(view.reporterSignPublicKey, 32);
  const items = view.items.map((item): OpenedItem => {
    const colleague = item.authorKind === 'handler' ? directory.find((c) => c.userId === item.authorUserId) : undefined;
    const signer =
      item.authorKind === 'reporter'
        ? reporterKey
        : colleague && colleague.signPublicKey === item.signerPublicKey
          ? fromB64(colleague.signPublicKey, 32)
          : null;
    const base = {
      itemId: item.itemId,
      kind: item.kind,
      createdAt: item.createdAt,
      authorKind: item.authorKind,
      author: item.authorKind === 'reporter' ? 'reporter' : (colleague?.displayName ?? null),
    };
    const key = keys[ITEM_KEY_KIND[item.kind]];
    if (!key || !signer) return { ...base, value: null, trusted: false };
    try {
      return { ...base, value: openItem<Record<string, unknown>>(item, view.id, key, signer), trusted: true };
    } catch (e) {
      // Shown as an item that does not verify, never as content; only a cryptographic failure means that.
      if (!(e instanceof CryptoError)) throw e;
      return { ...base, value: null, trusted: false };
    }
  });
  return { keys, items };
}

/** A signed, encrypted handler item of `kind` under the case key it needs. */
export function sealItem(session: StaffSession, opened: OpenedCase, kind: 'message-handler' | 'note', text: string): WireItem {
  const key = opened.keys[ITEM_KEY_KIND[kind]];
  if (!key) throw new Error(`no ${ITEM_KEY_KIND[kind]} key`);
  return encryptItem({ caseId: opened.view.id, kind, itemId: crypto.randomUUID(), key, signSecretKey: session.bundle.signSecretKey, value: { text } });
}

/** Handlers designated for the case's channel, from the directory (so active only). */
function channelHandlers(opened: OpenedCase): Colleague[] {
  return opened.directory.filter((c) => c.designations.some((d) => d.channelId === opened.view.channelId && d.role === 'handler'));
}

/**
 * Makes the case's internal key (for notes) and seals it to every designated
 * handler who holds the case (not to experts), and to the organisation's
 * recovery key when the console knows it. The server accepts it only if the
 * grantees are exactly the handlers who hold the case (and recovery, when set).
 */
export function makeInternalKey(session: StaffSession, opened: OpenedCase): { key: Uint8Array; grants: WireGrant[] } {
  const key = generateKey();
  const caseId = opened.view.id;
  const holders = new Set(opened.view.keyHolders.filter((h) => !h.expiresAt).map((h) => h.userId));
  const handlers = channelHandlers(opened).filter((h) => holders.has(h.userId));
  const grants = handlers.map((h) =>
    sealGrantToBox({
      caseId,
      keyKind: 'internal',
      key,
      grantee: `user:${h.userId}`,
      boxPublicKey: fromB64(h.boxPublicKey, 32),
      signSecretKey: session.bundle.signSecretKey,
    }),
  );
  // The server requires the organisation's recovery key among the grantees when it has one (break-glass, CRYPTO.md).
  if (session.recoveryPublicKey)
    grants.push(
      sealGrantToBox({
        caseId,
        keyKind: 'internal',
        key,
        grantee: 'recovery',
        boxPublicKey: fromB64(session.recoveryPublicKey, 32),
        signSecretKey: session.bundle.signSecretKey,
      }),
    );
  return { key, grants };
}

/**
 * Colleagues the case can be assigned to: active handlers designated for its
 * channel who do not hold it. The server still refuses one with a conflict of
 * interest (excluded by the reporter or implicated), without saying which.
 */
export function assignableColleagues(opened: OpenedCase): Colleague[] {
  const holders = new Set(opened.view.keyHolders.map((h) => h.userId));
  return channelHandlers(opened).filter((c) => !holders.has(c.userId));
}

/**
 * The case's shared key, and its internal key when the case has one, re-sealed
 * in this browser to a newly assigned colleague and signed by the assigner
 * (CRYPTO.md "Grants": later grants). An expert is given `['shared']` only,
 * never the notes' key. Null when the reader lacks a key the grant needs.
 */
export function sealCaseKeysTo(
  session: StaffSession,
  opened: OpenedCase,
  colleague: Colleague,
  kinds: ('shared' | 'internal')[] = opened.view.internalKeyId ? ['shared', 'internal'] : ['shared'],
): WireGrant[] | null {
  if (kinds.some((k) => !opened.keys[k])) return null;
  return kinds.map((keyKind) =>
    sealGrantToBox({
      caseId: opened.view.id,
      keyKind,
      key: opened.keys[keyKind]!,
      grantee: `user:${colleague.userId}`,
      boxPublicKey: fromB64(colleague.boxPublicKey, 32),
      signSecretKey: session.bundle.signSecretKey,
    }),
  );
}

/**
 * Colleagues who can be given read-only expert access (R11): any active handler of
 * the organisation, designated for the channel or not, who does not hold the case.
 * The server still refuses one with a conflict of interest.
 */
export function expertCandidates(opened: OpenedCase, ownUserId: string): Colleague[] {
  const holders = new Set(opened.view.keyHolders.map((h) => h.userId));
  return opened.directory.filter((c) => c.roles.includes('handler') && c.userId !== ownUserId && !holders.has(c.userId));
}

/** Handlers who can be marked as implicated in the case: every active handler of the organisation but the reader. */
export function implicatableColleagues(opened: OpenedCase, ownUserId: string): Colleague[] {
  return opened.directory.filter((c) => c.roles.includes('handler') && c.userId !== ownUserId);
}

/**
 * The redacted version of an item (R23; docs/reporter-protocol-extensions.md): an item
 * of kind `redaction` under the shared key, with a new id, naming the item and its kind
 * (a redaction of a redaction names the same original), when, and the handler's
 * `replacement` text, signed by the redacting handler, never the original's kind. The
 * server destroys the original when it stores this one.
 */
export function redactedItem(
  session: StaffSession,
  opened: OpenedCase,
  original: { itemId: string; kind: RedactableKind },
  replacement: Record<string, string>,
): WireItem {
  const key = opened.keys.shared;
  if (!key) throw new Error('no shared key for this case');
  const value: RedactionValue = { redactedItemId: original.itemId, redactedKind: original.kind, redactedAt: new Date().toISOString(), replacement };
  return encryptItem({ caseId: opened.view.id, kind: 'redaction', itemId: crypto.randomUUID(), key, signSecretKey: session.bundle.signSecretKey, value });
}

/** The identity key a custodian holds, re-sealed to the handler a request names (CRYPTO.md "Grants": later grants). */
export function resealIdentity(session: StaffSession, caseId: string, own: Grant, requester: { userId: string; boxPublicKey: string }): WireGrant {
  const key = openBoxGrant(own, caseId, session.box);
  try {
    return sealGrantToBox({
      caseId,
      keyKind: 'identity',
      key,
      grantee: `user:${requester.userId}`,
      boxPublicKey: fromB64(requester.boxPublicKey, 32),
      signSecretKey: session.bundle.signSecretKey,
    });
  } finally {
    key.fill(0);
  }
}

export { toB64 };
