import {
  CryptoError,
  CryptoErrorCode,
  encryptItem,
  fromB64,
  generateKey,
  ITEM_KEY_KIND,
  itemKeyKind,
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
  type TranscriptDecision,
} from '@kanava/crypto';
import type { CaseGrantView, CaseItemView, CaseView, TranscriptReviewView } from '@kanava/api-contract';
import type { StaffSession } from './session';
import { Colleague, ColleagueProblem, TrustedDirectory } from './trust';

export type { Colleague } from './trust';

/** Why the console did not seal a key: the person (or the organisation) is not trusted, see trust.ts. */
export class SealRefused extends Error {
  constructor(
    readonly problem: ColleagueProblem,
    readonly colleague: Colleague | null,
  ) {
    super(`sealing refused: ${problem.kind}`);
  }
}

export type Grant = WireGrant & Pick<CaseGrantView, 'signedBy'>;
export type ServerItem = WireItem & Omit<CaseItemView, keyof WireItem>;

/**
 * `GET /api/staff/cases/:id` (libs/api-contract), with its grants and items typed as the
 * crypto lib checks them: the console trusts no key kind or item kind it has not verified.
 */
export type CaseViewWire = Omit<CaseView, 'grants' | 'items' | 'transcriptReviews' | 'identityRequestPending'> & {
  /** Whether the signed-in handler asked for the identity and no custodian decided yet. */
  identityRequestPending?: boolean;
  grants: Grant[];
  items: ServerItem[];
  /** The reporter's signed reviews of transcripts (R29); transcripts.ts checks each. */
  transcriptReviews: WireTranscriptReview[];
};

export type { KeyHolder, MeetingView as WireMeeting, VoiceConsentView as WireVoiceConsent } from '@kanava/api-contract';

/** A review as the case view lists it, with the decision the crypto lib signs. */
export type WireTranscriptReview = Omit<TranscriptReviewView, 'decision'> & { decision: TranscriptDecision };

/** One item as the console shows it: the opened value, or why it could not be opened. */
export interface OpenedItem {
  itemId: string;
  kind: ServerItem['kind'];
  createdAt: string;
  authorKind: ServerItem['authorKind'];
  /** Who signed: the reporter, a colleague's name, or null for a key the console does not know. */
  author: string | null;
  value: Record<string, unknown> | null;
  /** Signature verified against the reporter's key or a colleague's key the signed directory and the trust list vouch for. */
  trusted: boolean;
}

export interface OpenedCase {
  view: CaseViewWire;
  keys: Partial<Record<KeyKind, Uint8Array>>;
  items: OpenedItem[];
  directory: TrustedDirectory;
}

/** What opening a case's items needs: the case view, or the slice of it `POST /api/staff/cases/reports` gives for the inbox. */
export type CaseContentWire = Pick<CaseViewWire, 'id' | 'reporterSignPublicKey' | 'sharedKeyId' | 'grants' | 'items'> & {
  internalKeyId?: string | null;
  concernedKeyId?: string | null;
};

/**
 * Checks a grant's signature against who signed it: the case's reporter key, or a
 * key the directory and the trust list vouch for as the signing colleague's
 * (trust.ts). Throws CryptoError when no trusted key verifies it.
 */
export function verifyGrantSigner(grant: Grant, caseId: string, reporterSignPublicKey: string, directory: TrustedDirectory): void {
  if (grant.signedBy === 'reporter') return verifyGrant(grant, caseId, fromB64(reporterSignPublicKey, 32));
  const userId = grant.signedBy.startsWith('user:') ? grant.signedBy.slice(5) : '';
  for (const key of directory.signerKeys(userId)) {
    try {
      return verifyGrant(grant, caseId, key);
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
    }
  }
  throw new CryptoError(CryptoErrorCode.BadSignature, 'no trusted key of the signer verifies the grant');
}

/**
 * Opens a case in this browser: checks each of the reader's grants against its
 * signer (CRYPTO.md "Grants"), opens it with the reader's box key, checks the key
 * against the case's recorded keyId, then verifies and decrypts every item.
 * Items that do not verify or decrypt are shown as such, never as content.
 */
export function openCase(session: StaffSession, view: CaseViewWire, directory: TrustedDirectory): OpenedCase {
  return { view, ...openContent(session, view, directory), directory };
}

/** openCase's work on any slice of a case that carries grants and items. */
export function openContent(
  session: StaffSession,
  view: CaseContentWire,
  directory: TrustedDirectory,
): { keys: Partial<Record<KeyKind, Uint8Array>>; items: OpenedItem[] } {
  const me = `user:${session.user.id}`;
  const keys: Partial<Record<KeyKind, Uint8Array>> = {};
  const expected: Record<KeyKind, string | undefined> = {
    shared: view.sharedKeyId,
    internal: view.internalKeyId ?? undefined,
    identity: undefined,
    concerned: view.concernedKeyId ?? undefined,
  };
  for (const grant of view.grants) {
    if (grant.grantee !== me || keys[grant.keyKind]) continue;
    // A shared or identity key may come from the reporter; an internal key only from a colleague.
    if (grant.keyKind === 'internal' && grant.signedBy === 'reporter') continue;
    try {
      verifyGrantSigner(grant, view.id, view.reporterSignPublicKey, directory);
      keys[grant.keyKind] = openBoxGrant(grant, view.id, session.box, expected[grant.keyKind]);
    } catch (e) {
      // An unverifiable grant is as good as none: its content stays closed. Anything else is a fault, not a bad grant.
      if (!(e instanceof CryptoError)) throw e;
    }
  }
  const reporterKey = fromB64(view.reporterSignPublicKey, 32);
  const items = view.items.map((item): OpenedItem => {
    const author = item.authorKind === 'handler' && item.authorUserId ? item.authorUserId : null;
    const signer = item.authorKind === 'reporter' ? reporterKey : author ? directory.signer(author, item.signerPublicKey) : null;
    const base = {
      itemId: item.itemId,
      kind: item.kind,
      createdAt: item.createdAt,
      authorKind: item.authorKind,
      author: item.authorKind === 'reporter' ? 'reporter' : author ? directory.name(author) : null,
    };
    const key = keys[itemKeyKind(item, view.concernedKeyId)];
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
  return opened.directory.colleagues.filter((c) => c.designations.some((d) => d.channelId === opened.view.channelId && d.role === 'handler'));
}

/** The colleague to seal to, once the signed directory and the trust list vouch for their keys; SealRefused otherwise. */
function trustedGrantee(opened: OpenedCase, userId: string): Colleague {
  const checked = opened.directory.check(userId, 'handler');
  if (!checked.ok) throw new SealRefused(checked.problem, checked.colleague);
  return checked.colleague;
}

/**
 * Makes the case's internal key (for notes) and seals it to every designated
 * handler who holds the case (not to experts), and to the organisation's
 * recovery key when it has one. The server accepts it only if the grantees are
 * exactly the handlers who hold the case (and recovery, when set). Throws
 * SealRefused, before making anything, when one of them (or the organisation's
 * keys) is not trusted.
 */
export function makeInternalKey(session: StaffSession, opened: OpenedCase): { key: Uint8Array; grants: WireGrant[] } {
  const caseId = opened.view.id;
  const holders = new Set(opened.view.keyHolders.filter((h) => !h.expiresAt).map((h) => h.userId));
  const handlers = channelHandlers(opened)
    .filter((h) => holders.has(h.userId))
    .map((h) => trustedGrantee(opened, h.userId));
  if (!opened.directory.organisationTrusted) throw new SealRefused({ kind: 'organisation' }, null);
  const recoveryPublicKey = opened.directory.recoveryPublicKey;
  const key = generateKey();
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
  if (recoveryPublicKey)
    grants.push(
      sealGrantToBox({
        caseId,
        keyKind: 'internal',
        key,
        grantee: 'recovery',
        boxPublicKey: fromB64(recoveryPublicKey, 32),
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
 * never the notes' key. Null when the reader lacks a key the grant needs;
 * SealRefused when the signed directory or the trust list does not vouch for
 * the colleague's keys (then nothing is sealed).
 */
export function sealCaseKeysTo(
  session: StaffSession,
  opened: OpenedCase,
  chosen: Colleague,
  kinds: ('shared' | 'internal')[] = opened.view.internalKeyId ? ['shared', 'internal'] : ['shared'],
): WireGrant[] | null {
  if (kinds.some((k) => !opened.keys[k])) return null;
  // Invariant: only keys the organisation signed and this person pinned get a case key.
  const colleague = trustedGrantee(opened, chosen.userId);
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
 * Colleagues who hold the case but not its persons concerned (R21): a handler assigned
 * later, or an expert. A holder of that key can share it with them.
 */
export function concernedCandidates(opened: OpenedCase, ownUserId: string): Colleague[] {
  const without = new Set(opened.view.keyHolders.filter((h) => !h.concernedKey && h.userId !== ownUserId).map((h) => h.userId));
  return opened.directory.colleagues.filter((c) => without.has(c.userId));
}

/**
 * The persons-concerned key re-sealed in this browser to a colleague who holds the case,
 * signed by this handler. Null without that key; SealRefused when the signed directory
 * or the trust list does not vouch for the colleague's keys (then nothing is sealed).
 */
export function sealConcernedTo(session: StaffSession, opened: OpenedCase, chosen: Colleague): WireGrant | null {
  const key = opened.keys.concerned;
  if (!key || !opened.view.concernedKeyId) return null;
  const colleague = trustedGrantee(opened, chosen.userId);
  return sealGrantToBox({
    caseId: opened.view.id,
    keyKind: 'concerned',
    key,
    grantee: `user:${colleague.userId}`,
    boxPublicKey: fromB64(colleague.boxPublicKey, 32),
    signSecretKey: session.bundle.signSecretKey,
  });
}

/**
 * Colleagues who can be given read-only expert access (R11): any active handler of
 * the organisation, designated for the channel or not, who does not hold the case.
 * The server still refuses one with a conflict of interest.
 */
export function expertCandidates(opened: OpenedCase, ownUserId: string): Colleague[] {
  const holders = new Set(opened.view.keyHolders.map((h) => h.userId));
  return opened.directory.colleagues.filter((c) => c.roles.includes('handler') && c.userId !== ownUserId && !holders.has(c.userId));
}

/** Handlers who can be marked as implicated in the case: every active handler of the organisation but the reader. */
export function implicatableColleagues(opened: OpenedCase, ownUserId: string): Colleague[] {
  return opened.directory.colleagues.filter((c) => c.roles.includes('handler') && c.userId !== ownUserId);
}

/**
 * The redacted version of an item (R23; docs/reporter-protocol-extensions.md): an item
 * of kind `redaction` under the shared key (or the persons-concerned key, for an entry
 * under it), with a new id, naming the item and its kind
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
  // A persons-concerned entry under their own key (R21) stays under it when redacted; the server refuses anything else.
  const stored = opened.view.items.find((i) => i.itemId === original.itemId);
  const keyKind = stored ? itemKeyKind(stored, opened.view.concernedKeyId) : 'shared';
  const key = keyKind === 'concerned' ? opened.keys.concerned : opened.keys.shared;
  if (!key) throw new Error(`no ${keyKind} key for this case`);
  const value: RedactionValue = { redactedItemId: original.itemId, redactedKind: original.kind, redactedAt: new Date().toISOString(), replacement };
  return encryptItem({ caseId: opened.view.id, kind: 'redaction', itemId: crypto.randomUUID(), key, signSecretKey: session.bundle.signSecretKey, value });
}

/**
 * The identity key a custodian holds, re-sealed to the handler a request names
 * (CRYPTO.md "Grants": later grants). The custodian's own grant is checked first:
 * signed by the case's reporter or a trusted colleague, and holding the case's
 * recorded identity key (its keyId), so the server cannot hand the custodian a key of
 * its own choosing to pass on. The requester must be vouched for by the signed
 * directory and the trust list (SealRefused otherwise).
 */
export function resealIdentity(
  session: StaffSession,
  request: { caseId: string; reporterSignPublicKey: string; identityKeyId: string | null; identityGrant: Grant },
  requester: { userId: string; boxPublicKey: string; signPublicKey: string },
  directory: TrustedDirectory,
): WireGrant {
  const { caseId } = request;
  const checked = directory.checkNamed(requester.userId, 'handler', requester);
  if (!checked.ok) throw new SealRefused(checked.problem, checked.colleague);
  if (!request.identityKeyId) throw new CryptoError(CryptoErrorCode.KeyIdMismatch, 'the case records no identity key');
  verifyGrantSigner(request.identityGrant, caseId, request.reporterSignPublicKey, directory);
  const key = openBoxGrant(request.identityGrant, caseId, session.box, request.identityKeyId);
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
