/**
 * What the portal checks before it encrypts anything to anyone (docs/key-directory.md,
 * docs/reporter-protocol-extensions.md): the organisation's signed key directory,
 * verified here against the organisation fingerprint, which the reporter can compare
 * with the one the organisation publishes, or which the poster's QR code brings in the
 * address (`#fp=`, never sent to the server). Every fingerprint is computed here.
 */
import { CryptoError, organisationFingerprint, VerifiedDirectory, verifyDirectory, WireDirectory, fromB64 } from '@kanava/crypto';
import { apiJson } from '../shared/api';
import type { Organisation, Recipients } from './reporter-client';

/** A listing that expired this recently still counts, for a reporter's clock somewhat ahead of the server's. */
const CLOCK_SKEW_MS = 10 * 60 * 1000;

export type PortalTrust =
  /** The directory verified against the organisation's keys; `fingerprint` is what the reporter compares. */
  | { kind: 'verified'; fingerprint: string; directory: VerifiedDirectory }
  /** The organisation has no directory key (or no recovery key): nothing can be checked, and the portal says so. */
  | { kind: 'unsigned' }
  /** The directory does not verify: the server may be substituting keys. */
  | { kind: 'invalid' };

/** Loads and verifies the organisation's key directory. Never throws for a bad directory: that is `invalid`. */
export async function loadPortalTrust(org: Organisation): Promise<PortalTrust> {
  if (!org.recoveryPublicKey || !org.directoryPublicKey) return { kind: 'unsigned' };
  const log = await apiJson<WireDirectory>('GET', `/api/public/organisations/${encodeURIComponent(org.slug)}/key-directory`);
  try {
    const directoryKey = fromB64(org.directoryPublicKey, 32);
    const directory = verifyDirectory(log, org.id, directoryKey);
    return { kind: 'verified', fingerprint: organisationFingerprint(fromB64(org.recoveryPublicKey, 32), directoryKey), directory };
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return { kind: 'invalid' };
  }
}

/** A fingerprint as typed or carried in an address (any case, with or without spaces) in its shown form, or null. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s-]+/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return (hex.match(/.{4}/g) as string[]).join(' ');
}

/** The fingerprint the page's address carries after `#fp=` (the poster's QR code, the link in the saved case-secret file). */
export function pinnedFromAddress(hash: string): string | null {
  const match = /(?:^#|&)fp=([^&]*)/.exec(hash);
  if (!match) return null;
  try {
    return normaliseFingerprint(decodeURIComponent(match[1]));
  } catch {
    return null;
  }
}

/** The portal address with the fingerprint in its fragment, for the saved case-secret file. */
export function pinnedAddress(origin: string, slug: string, fingerprint: string): string {
  return `${origin}/r/${encodeURIComponent(slug)}#fp=${fingerprint.replace(/ /g, '')}`;
}

/** Why the portal will not encrypt: shown to the reporter, never silently passed. */
export type SendProblem =
  { kind: 'pin-mismatch'; pinned: string; offered: string | null } | { kind: 'directory-invalid' } | { kind: 'recipient-unlisted'; name: string };

export class SendRefused extends Error {
  constructor(readonly problem: SendProblem) {
    super(`sending refused: ${problem.kind}`);
  }
}

/** Whether the organisation shown now is the one pinned (null when nothing is pinned). */
export function pinProblem(trust: PortalTrust, pinned: string | null): SendProblem | null {
  if (!pinned) return null;
  const offered = trust.kind === 'verified' ? trust.fingerprint : null;
  return offered === pinned ? null : { kind: 'pin-mismatch', pinned, offered };
}

/**
 * The check before anything is sealed: the directory verifies, the organisation is
 * the pinned one, and every handler and custodian the server names as a recipient is
 * listed in the directory in that role with exactly those keys. Without a directory
 * (and nothing pinned) there is nothing to check against: allowed, with the warning
 * the pages show. Null when sending may go on.
 */
export function sendProblem(trust: PortalTrust, pinned: string | null, recipients: Pick<Recipients, 'handlers' | 'custodians'>): SendProblem | null {
  if (trust.kind === 'invalid') return { kind: 'directory-invalid' };
  const pin = pinProblem(trust, pinned);
  if (pin) return pin;
  if (trust.kind !== 'verified') return null;
  const at = Date.now() - CLOCK_SKEW_MS;
  for (const h of recipients.handlers) {
    if (!trust.directory.lists(h.userId, 'handler', h, at)) return { kind: 'recipient-unlisted', name: h.displayName };
  }
  for (const c of recipients.custodians) {
    if (!trust.directory.lists(c.userId, 'custodian', c, at)) return { kind: 'recipient-unlisted', name: trust.directory.last(c.userId)?.displayName ?? '' };
  }
  return null;
}

/** Throws SendRefused unless `sendProblem` finds nothing. */
export function assertMaySend(trust: PortalTrust, pinned: string | null, recipients: Pick<Recipients, 'handlers' | 'custodians'>): void {
  const problem = sendProblem(trust, pinned, recipients);
  if (problem) throw new SendRefused(problem);
}

/** A handler's name as the organisation signed it, when the directory is verified; else the server's. */
export function signedName(trust: PortalTrust, userId: string, served: string): string {
  return trust.kind === 'verified' ? (trust.directory.last(userId)?.displayName ?? served) : served;
}
