import {
  CryptoError,
  directoryContinues,
  DirectoryEntry,
  directoryHeadText,
  DirectoryRole,
  fingerprint,
  fromB64,
  KeyBundle,
  organisationFingerprint,
  recoveryFingerprint,
  toB64,
  unwrapKeyBundle,
  VerifiedDirectory,
  verifyDirectory,
  WireDirectory,
  wrapKeyBundle,
} from '@kanava/crypto';
import { ApiError } from './staff-api';
import type { StaffSession } from './session';

/**
 * What the console trusts before it seals a key or believes a signature (CRYPTO.md
 * "Trusting public keys", docs/key-directory.md): the organisation's signed key
 * directory, verified here against the organisation fingerprint, and this person's
 * trust list (trust on first use, inside the encrypted key bundle). Every
 * fingerprint is computed in this browser; the server's answers are only inputs.
 */

/** A colleague as `GET /api/staff/directory` serves them: the server's word, checked against the signed directory. */
export interface Colleague {
  userId: string;
  displayName: string;
  roles: ('handler' | 'custodian')[];
  boxPublicKey: string;
  signPublicKey: string;
  designations: { channelId: string; role: 'handler' | 'custodian' }[];
}

/** The organisation document's keys (`GET /api/public/organisations/:slug`). */
export interface OrganisationKeys {
  name?: string;
  id: string;
  recoveryPublicKey: string | null;
  directoryPublicKey: string | null;
}

/** Trust-list names besides colleagues' user ids. */
export const TRUST_ORGANISATION = 'organisation';
export const TRUST_RECOVERY = 'recovery';
export const TRUST_DIRECTORY_HEAD = 'directory';

/**
 * A listing that expired this recently still counts, for a browser clock somewhat
 * ahead of the server's; the server, which decides on its own clock, stops counting
 * it first.
 */
const CLOCK_SKEW_MS = 10 * 60 * 1000;

/** How far the console trusts the organisation's keys. Anything but `verified` and `unsigned` stops all sealing. */
export type OrganisationTrust =
  /** The directory verified against the organisation fingerprint, which matches the pinned one (or was pinned now). */
  | { kind: 'verified'; fingerprint: string }
  /** The organisation has no directory key: colleagues' keys are trusted on first use only. */
  | { kind: 'unsigned'; recoveryFingerprint: string | null }
  /** The organisation's keys are not the ones pinned: `offered` is null when the server now names none. */
  | { kind: 'changed'; pinned: string; offered: string | null }
  /** The directory does not verify, or shows another history than the one seen before (a fork or a rollback). */
  | { kind: 'invalid'; reason: 'signature' | 'history' };

/** Why the console will not seal to a colleague or believe their key. */
export type ColleagueProblem =
  /** No current signed entry lists them in this role: an admin has not signed them in (yet), or removed them. */
  | { kind: 'unlisted' }
  /** The server offers other keys than the signed entry lists. */
  | { kind: 'mismatch'; expected: string; offered: string }
  /** The keys differ from the fingerprint pinned earlier; `reverifiable` when the signed directory lists the new ones (or there is none). */
  | { kind: 'changed'; pinned: string; offered: string; reverifiable: boolean }
  /** The organisation's keys themselves are not trusted (see OrganisationTrust). */
  | { kind: 'organisation' };

export type SealCheck = { ok: true; colleague: Colleague } | { ok: false; problem: ColleagueProblem; colleague: Colleague | null };

/** The keys changed again between showing a fingerprint and the click that trusts it. */
export class TrustChangedAgain extends Error {
  constructor() {
    super('the fingerprint changed again');
  }
}

/** The verified state the case pages work from; made by {@link loadTrust}. */
export class TrustedDirectory {
  constructor(
    readonly organisation: OrganisationTrust,
    readonly colleagues: Colleague[],
    /** The verified signed log; null without a directory key or when it does not verify. */
    readonly directory: VerifiedDirectory | null,
    private readonly orgKeys: OrganisationKeys,
    private readonly trust: Readonly<Record<string, string>>,
    private readonly nowMs: number,
  ) {}

  /** Whether the organisation's keys let this console seal anything at all. */
  get organisationTrusted(): boolean {
    return this.organisation.kind === 'verified' || this.organisation.kind === 'unsigned';
  }

  /** The recovery public key to seal to (b64), only while the organisation's keys are trusted. */
  get recoveryPublicKey(): string | null {
    return this.organisationTrusted ? this.orgKeys.recoveryPublicKey : null;
  }

  /** The name the organisation signed for a colleague, else the one the server gives. */
  name(userId: string): string | null {
    return this.directory?.last(userId)?.displayName ?? this.colleagues.find((c) => c.userId === userId)?.displayName ?? null;
  }

  /** The signed entry listing a user now (with clock-skew allowance), if any. */
  entry(userId: string): DirectoryEntry | undefined {
    return this.directory?.current(userId, this.nowMs - CLOCK_SKEW_MS);
  }

  /**
   * Whether the console may seal a case key to a colleague in `role`: the organisation
   * is trusted, the signed directory (when there is one) lists them in that role with
   * exactly the keys the server offers, and their fingerprint is the one pinned.
   */
  check(userId: string, role: DirectoryRole): SealCheck {
    const colleague = this.colleagues.find((c) => c.userId === userId) ?? null;
    if (!this.organisationTrusted) return { ok: false, problem: { kind: 'organisation' }, colleague };
    if (!colleague) return { ok: false, problem: { kind: 'unlisted' }, colleague };
    return this.checkKeys(colleague, { boxPublicKey: colleague.boxPublicKey, signPublicKey: colleague.signPublicKey }, role);
  }

  /**
   * As `check`, for keys a request names besides the directory (an identity request
   * names its requester's keys): they must be the colleague's served keys too.
   */
  checkNamed(userId: string, role: DirectoryRole, named: { boxPublicKey: string; signPublicKey: string }): SealCheck {
    const checked = this.check(userId, role);
    if (!checked.ok || (named.boxPublicKey === checked.colleague.boxPublicKey && named.signPublicKey === checked.colleague.signPublicKey)) return checked;
    return this.checkKeys(checked.colleague, named, role);
  }

  private checkKeys(colleague: Colleague, keys: { boxPublicKey: string; signPublicKey: string }, role: DirectoryRole): SealCheck {
    const offered = fingerprintOf(keys);
    if (this.directory) {
      const entry = this.entry(colleague.userId);
      if (!entry || !entry.roles.includes(role)) return { ok: false, problem: { kind: 'unlisted' }, colleague };
      const expected = fingerprint(entry.boxPublicKey, entry.signPublicKey);
      if (expected !== offered) return { ok: false, problem: { kind: 'mismatch', expected, offered }, colleague };
    }
    const pinned = this.trust[colleague.userId];
    if (pinned !== undefined && pinned !== offered) return { ok: false, problem: { kind: 'changed', pinned, offered, reverifiable: true }, colleague };
    return { ok: true, colleague };
  }

  /**
   * The sign key to check a colleague's signature with, or null when it is not theirs
   * as far as this console knows. With a signed directory: any key ever published for
   * them (what they signed while it was listed stays theirs), except a current key
   * whose fingerprint differs from the pinned one until re-verified. Without one:
   * the key the server lists for them, if it matches the pin.
   */
  signer(userId: string, signPublicKey: string): Uint8Array | null {
    return this.signerKeys(userId).find((key) => toB64(key) === signPublicKey) ?? null;
  }

  /** Every sign key `signer` would accept for the user (a grant names its signer but not the key). */
  signerKeys(userId: string): Uint8Array[] {
    const pinned = this.trust[userId];
    if (this.directory && this.organisationTrusted) {
      const current = this.directory.last(userId);
      const currentUnverified =
        current && current.action !== 'remove' && pinned !== undefined && pinned !== fingerprint(current.boxPublicKey, current.signPublicKey);
      const keys = new Map<string, Uint8Array>();
      for (const e of this.directory.entries) {
        if (e.userId !== userId || e.action === 'remove') continue;
        if (currentUnverified && toB64(e.signPublicKey) === toB64(current.signPublicKey)) continue;
        keys.set(toB64(e.signPublicKey), e.signPublicKey);
      }
      return [...keys.values()];
    }
    const colleague = this.colleagues.find((c) => c.userId === userId);
    if (!colleague || (pinned !== undefined && pinned !== fingerprintOf(colleague))) return [];
    return [fromB64(colleague.signPublicKey, 32)];
  }

  /** The trusted sign key of whichever colleague `signPublicKey` belongs to (an attachment names its signer's key, not its user). */
  signerOfKey(signPublicKey: string): Uint8Array | null {
    const users = new Set([...this.colleagues.map((c) => c.userId), ...(this.directory?.entries.map((e) => e.userId) ?? [])]);
    for (const userId of users) {
      const key = this.signer(userId, signPublicKey);
      if (key) return key;
    }
    return null;
  }

  /** Whether this person's own keys are listed (for the notice a handler sees while an admin has not signed them in). */
  listsSelf(userId: string, keys: { boxPublicKey: string; signPublicKey: string }, role: DirectoryRole): boolean {
    return !this.directory || this.directory.lists(userId, role, keys, this.nowMs - CLOCK_SKEW_MS);
  }

  /** Colleagues whose pinned fingerprint no longer matches, for the page's warning. */
  changedColleagues(): { colleague: Colleague; pinned: string; offered: string }[] {
    return this.colleagues.flatMap((c) => {
      const pinned = this.trust[c.userId];
      const offered = fingerprintOf(c);
      return pinned !== undefined && pinned !== offered ? [{ colleague: c, pinned, offered }] : [];
    });
  }
}

export function fingerprintOf(keys: { boxPublicKey: string; signPublicKey: string }): string {
  return fingerprint(fromB64(keys.boxPublicKey, 32), fromB64(keys.signPublicKey, 32));
}

/** The organisation's keys judged against the trust list; `pins`: what first use would pin now. */
function judgeOrganisation(
  org: OrganisationKeys,
  log: WireDirectory,
  trust: Record<string, string>,
): { state: OrganisationTrust; directory: VerifiedDirectory | null; pins: Record<string, string> } {
  const recovery = org.recoveryPublicKey ? recoveryFingerprint(fromB64(org.recoveryPublicKey, 32)) : null;
  if (!org.recoveryPublicKey || !org.directoryPublicKey) {
    // A directory pinned before and gone now is a downgrade, not an organisation without one.
    if (trust[TRUST_ORGANISATION]) return { state: { kind: 'changed', pinned: trust[TRUST_ORGANISATION], offered: null }, directory: null, pins: {} };
    // A recovery key that went away seals nothing more to anyone; one that was replaced would receive every new case key.
    if (trust[TRUST_RECOVERY] && recovery && trust[TRUST_RECOVERY] !== recovery) {
      return { state: { kind: 'changed', pinned: trust[TRUST_RECOVERY], offered: recovery }, directory: null, pins: {} };
    }
    return { state: { kind: 'unsigned', recoveryFingerprint: recovery }, directory: null, pins: recovery ? { [TRUST_RECOVERY]: recovery } : {} };
  }
  const orgFingerprint = organisationFingerprint(fromB64(org.recoveryPublicKey, 32), fromB64(org.directoryPublicKey, 32));
  const pinned = trust[TRUST_ORGANISATION];
  if (pinned !== undefined && pinned !== orgFingerprint) return { state: { kind: 'changed', pinned, offered: orgFingerprint }, directory: null, pins: {} };
  // A recovery key pinned before the organisation had a directory must still be the one the fingerprint covers.
  if (pinned === undefined && trust[TRUST_RECOVERY] !== undefined && trust[TRUST_RECOVERY] !== recovery) {
    return { state: { kind: 'changed', pinned: trust[TRUST_RECOVERY], offered: orgFingerprint }, directory: null, pins: {} };
  }
  let directory: VerifiedDirectory;
  try {
    directory = verifyDirectory(log, org.id, fromB64(org.directoryPublicKey, 32));
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return { state: { kind: 'invalid', reason: 'signature' }, directory: null, pins: {} };
  }
  const seenHead = trust[TRUST_DIRECTORY_HEAD];
  if (seenHead !== undefined && !directoryContinues(directory, seenHead)) return { state: { kind: 'invalid', reason: 'history' }, directory: null, pins: {} };
  const pins: Record<string, string> = { [TRUST_ORGANISATION]: orgFingerprint, [TRUST_RECOVERY]: recovery! };
  if (directory.head) pins[TRUST_DIRECTORY_HEAD] = directoryHeadText(directory.head);
  return { state: { kind: 'verified', fingerprint: orgFingerprint }, directory, pins };
}

/** The organisation's keys and signed directory, judged against this person's trust list (first use pins them). */
export interface OrganisationView {
  organisation: OrganisationTrust;
  directory: VerifiedDirectory | null;
  keys: OrganisationKeys;
  log: WireDirectory;
}

/**
 * For pages that need the organisation's keys but no colleague's (an admin signing
 * the directory, the poster): loads and verifies them and pins on first use.
 */
export async function loadOrganisationTrust(session: StaffSession): Promise<OrganisationView> {
  const [log, keys] = await Promise.all([
    session.api.get<WireDirectory>('/api/staff/key-directory'),
    session.api.get<OrganisationKeys>(`/api/public/organisations/${encodeURIComponent(session.organisationSlug)}`),
  ]);
  const judged = judgeOrganisation(keys, log, session.bundle.trust);
  await pinNew(session, judged.pins);
  return { organisation: judged.state, directory: judged.directory, keys, log };
}

/** Stores the pins that are new; a head that moved on (and continues the one pinned) replaces the old one. */
async function pinNew(session: StaffSession, pins: Record<string, string>): Promise<void> {
  const trust = session.bundle.trust;
  const changed = Object.entries(pins).filter(([k, v]) => (k === TRUST_DIRECTORY_HEAD ? trust[k] !== v : trust[k] === undefined));
  if (changed.length > 0) await saveTrust(session, Object.fromEntries(changed));
}

/**
 * Loads and verifies what sealing needs, and pins on first use what is new and
 * consistent: the organisation's fingerprints, the directory head, and every
 * colleague whose keys the signed directory lists (or, without a directory, every
 * colleague). Pins that changed are never overwritten here: only a re-verification does.
 */
export async function loadTrust(session: StaffSession): Promise<TrustedDirectory> {
  const [colleagues, log, org] = await Promise.all([
    session.api.get<Colleague[]>('/api/staff/directory'),
    session.api.get<WireDirectory>('/api/staff/key-directory'),
    session.api.get<OrganisationKeys>(`/api/public/organisations/${encodeURIComponent(session.organisationSlug)}`),
  ]);
  const now = Date.now();
  const judged = judgeOrganisation(org, log, session.bundle.trust);
  const first = new TrustedDirectory(judged.state, colleagues, judged.directory, org, session.bundle.trust, now);
  const pins: Record<string, string> = { ...judged.pins };
  if (first.organisationTrusted) {
    for (const c of colleagues) {
      if (session.bundle.trust[c.userId] !== undefined) continue;
      const listed = !first.directory || c.roles.some((role) => first.directory!.lists(c.userId, role, c, now - CLOCK_SKEW_MS));
      if (listed) pins[c.userId] = fingerprintOf(c);
    }
  }
  await pinNew(session, pins);
  return new TrustedDirectory(judged.state, colleagues, judged.directory, org, session.bundle.trust, now);
}

/**
 * Puts `pins` into the trust list (null removes an entry) and stores the bundle re-wrapped under the KEK.
 * The server stores it only over the bundle this tab holds; when another tab or
 * device changed it meanwhile, that bundle is loaded, the same pins applied to it,
 * and stored again. A failure to store leaves the pins in this tab's memory only:
 * the checks still hold for this session, and first use pins again next time.
 */
export async function saveTrust(session: StaffSession, pins: Record<string, string | null>): Promise<void> {
  const apply = (trust: Record<string, string>) => {
    const out = { ...trust };
    for (const [k, v] of Object.entries(pins)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
    return out;
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const next: KeyBundle = { ...session.bundle, trust: apply(session.bundle.trust) };
    const wrapped = toB64(wrapKeyBundle(next, session.kek));
    try {
      await session.api.put('/api/staff/key-bundle', { keyBundle: wrapped, replaces: session.storedBundle });
      session.bundle.trust = next.trust;
      session.storedBundle = wrapped;
      return;
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'key_bundle_changed')) {
        session.bundle.trust = next.trust;
        return;
      }
      const me = await session.api.get<{ keyBundle: string }>('/api/auth/me');
      const stored = unwrapKeyBundle(fromB64(me.keyBundle), session.kek);
      stored.boxSecretKey.fill(0);
      stored.signSecretKey.fill(0);
      // What another tab pinned or re-verified is kept; this tab's pins go on top.
      session.bundle.trust = stored.trust;
      session.storedBundle = me.keyBundle;
    }
  }
  session.bundle.trust = apply(session.bundle.trust);
}

/**
 * Trusts a changed fingerprint after the person compared it out of band: recorded
 * in the audit log (without key material), then pinned. For the organisation, its
 * fingerprints are pinned anew and the directory head forgotten, so the new
 * organisation key's directory is learned from its start.
 */
export async function reverify(
  session: StaffSession,
  subject: { userId: string; fingerprint: string } | { organisation: OrganisationTrust & { kind: 'changed' } },
): Promise<void> {
  if ('userId' in subject) {
    await session.api.post('/api/staff/trust/reverified', { subject: `user:${subject.userId}` });
    await saveTrust(session, { [subject.userId]: subject.fingerprint });
    return;
  }
  const org = await session.api.get<OrganisationKeys>(`/api/public/organisations/${encodeURIComponent(session.organisationSlug)}`);
  const offered =
    org.recoveryPublicKey && org.directoryPublicKey
      ? organisationFingerprint(fromB64(org.recoveryPublicKey, 32), fromB64(org.directoryPublicKey, 32))
      : org.recoveryPublicKey
        ? recoveryFingerprint(fromB64(org.recoveryPublicKey, 32))
        : null;
  // Only what the person compared: keys that changed again since are not trusted by this click.
  if (offered === null || offered !== subject.organisation.offered) throw new TrustChangedAgain();
  await session.api.post('/api/staff/trust/reverified', { subject: 'organisation' });
  const pins: Record<string, string | null> = { [TRUST_ORGANISATION]: null, [TRUST_RECOVERY]: null, [TRUST_DIRECTORY_HEAD]: null };
  if (org.recoveryPublicKey) pins[TRUST_RECOVERY] = recoveryFingerprint(fromB64(org.recoveryPublicKey, 32));
  if (org.recoveryPublicKey && org.directoryPublicKey) {
    pins[TRUST_ORGANISATION] = organisationFingerprint(fromB64(org.recoveryPublicKey, 32), fromB64(org.directoryPublicKey, 32));
  }
  await saveTrust(session, pins);
}
