import { randomBytes } from 'node:crypto';
import { BoxKeyPair, generateDirectoryKey, generateStaffKeys, organisationFingerprint, toB64 } from '@kanava/crypto';
import { Clock } from '@kanava/common';
import type { StaffRole } from '@kanava/database';
import { KeyDirectoryService, ProvisioningService, signPendingDirectory } from '@kanava/staff';
import type { TestApp } from './app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestStaff {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  totpSecret: string;
  backupCodes: string[];
  /** b64, shown once at creation. */
  recoveryKey: string;
}

export interface TestOrganisation {
  id: string;
  slug: string;
  channelId: string;
  categoryIds: string[];
  recovery: BoxKeyPair | null;
  /** The seed of the organisation's directory-signing key (docs/key-directory.md); null without a directory. */
  directorySeed: Uint8Array | null;
  directoryPublicKey: Uint8Array | null;
  /** The organisation fingerprint a reporter compares (null without a directory). */
  fingerprint: string | null;
  handlers: TestStaff[];
  custodians: TestStaff[];
  admins: TestStaff[];
  auditors: TestStaff[];
}

export interface OrganisationOptions {
  handlers?: number;
  custodians?: number;
  withRecovery?: boolean;
  /** A directory-signing key beside the recovery key, and a directory listing the staff (default: when there is a recovery key). */
  withDirectory?: boolean;
  allowAnonymous?: boolean;
  exclusionEnabled?: boolean;
  /** Whether the channel offers voice messages (default false, as for a new channel). */
  voiceEnabled?: boolean;
  /** Whether the staff accepted the confidentiality notice already (default true). */
  acceptNotice?: boolean;
}

/** Directory-signing seeds of the organisations this test file made, so staff added later are signed in too. */
const directorySeeds = new Map<string, Uint8Array>();

/**
 * Signs the organisation's pending key-directory changes with its directory key, as
 * an admin does in the console after comparing fingerprints (docs/key-directory.md).
 * Tests that create or change accounts outside `addStaff` call this to list them.
 * `userId`: only that account's change. Answers how many entries were appended.
 */
export async function signDirectory(t: TestApp, org: { id: string }, userId?: string): Promise<number> {
  const seed = directorySeeds.get(org.id);
  if (!seed) return 0;
  // A test that runs the API as its own process provisions through the database alone (as the CLI does): no app to ask, no audit event.
  const service = t.app ? t.app.get(KeyDirectoryService) : new KeyDirectoryService(t.db, null, new Clock());
  return signPendingDirectory(service, org.id, seed, { kind: 'system' }, userId ? { only: (c) => c.userId === userId } : {});
}

/**
 * A staff member of an organisation made by makeOrganisation, with keys, TOTP and
 * (for handlers and custodians) a designation for its channel. Made after a
 * report arrived, a handler holds none of its keys: someone must assign them.
 */
export async function addStaff(
  t: TestApp,
  org: { id: string; channelId: string; tag?: string },
  role: StaffRole,
  displayName: string,
  acceptNotice = true,
): Promise<TestStaff> {
  const email = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '')}-${org.tag ?? randomBytes(4).toString('hex')}@example.test`;
  const { user, totpSecret, backupCodes, recoveryKey } = await new ProvisioningService(t.db, t.config).createStaffUser({
    organisationId: org.id,
    email,
    displayName,
    password: TEST_PASSWORD,
    roles: [role],
    channelIds: role === 'handler' || role === 'custodian' ? [org.channelId] : [],
  });
  if (acceptNotice) await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [user.id]);
  // Listed in the organisation's key directory at once, as if an admin had signed the new entry.
  await signDirectory(t, org, user.id);
  return { id: user.id, email, displayName, roles: [role], totpSecret, backupCodes, recoveryKey: toB64(recoveryKey) };
}

/** A fresh organisation with one channel and its staff; unique names keep tests independent. */
export async function makeOrganisation(t: TestApp, options: OrganisationOptions = {}): Promise<TestOrganisation> {
  const provisioning = new ProvisioningService(t.db, t.config);
  const tag = randomBytes(4).toString('hex');
  const recovery = options.withRecovery === false ? null : generateStaffKeys().box;
  const directory = recovery && options.withDirectory !== false ? generateDirectoryKey() : null;
  const org = await provisioning.createOrganisation({
    slug: `org-${tag}`,
    name: `Test Oy ${tag}`,
    recoveryPublicKey: recovery?.publicKey ?? null,
    directoryPublicKey: directory?.publicKey ?? null,
  });
  if (directory) directorySeeds.set(org.id, directory.seed);
  const { channel, categories } = await provisioning.createChannel({
    organisationId: org.id,
    name: 'Reports',
    allowAnonymous: options.allowAnonymous ?? true,
    exclusionEnabled: options.exclusionEnabled ?? true,
    voiceEnabled: options.voiceEnabled ?? false,
    categories: ['Fraud', 'Safety'],
  });
  const make = (role: StaffRole, i: number) => addStaff(t, { id: org.id, channelId: channel.id, tag }, role, `${role} ${i}`, options.acceptNotice !== false);
  const handlers: TestStaff[] = [];
  for (let i = 0; i < (options.handlers ?? 2); i++) handlers.push(await make('handler', i));
  const custodians: TestStaff[] = [];
  for (let i = 0; i < (options.custodians ?? 1); i++) custodians.push(await make('custodian', i));
  const admins = [await make('admin', 0)];
  const auditors = [await make('auditor', 0)];
  return {
    id: org.id,
    slug: org.slug,
    channelId: channel.id,
    categoryIds: categories.map((c) => c.id),
    recovery,
    directorySeed: directory?.seed ?? null,
    directoryPublicKey: directory?.publicKey ?? null,
    fingerprint: recovery && directory ? organisationFingerprint(recovery.publicKey, directory.publicKey) : null,
    handlers,
    custodians,
    admins,
    auditors,
  };
}
