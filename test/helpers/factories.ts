import { randomBytes } from 'node:crypto';
import { BoxKeyPair, generateStaffKeys, toB64 } from '@kanava/crypto';
import type { StaffRole } from '@kanava/database';
import { ProvisioningService } from '@kanava/staff';
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
  handlers: TestStaff[];
  custodians: TestStaff[];
  admins: TestStaff[];
  auditors: TestStaff[];
}

export interface OrganisationOptions {
  handlers?: number;
  custodians?: number;
  withRecovery?: boolean;
  allowAnonymous?: boolean;
  exclusionEnabled?: boolean;
  /** Whether the staff accepted the confidentiality notice already (default true). */
  acceptNotice?: boolean;
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
  return { id: user.id, email, displayName, roles: [role], totpSecret, backupCodes, recoveryKey: toB64(recoveryKey) };
}

/** A fresh organisation with one channel and its staff; unique names keep tests independent. */
export async function makeOrganisation(t: TestApp, options: OrganisationOptions = {}): Promise<TestOrganisation> {
  const provisioning = new ProvisioningService(t.db, t.config);
  const tag = randomBytes(4).toString('hex');
  const recovery = options.withRecovery === false ? null : generateStaffKeys().box;
  const org = await provisioning.createOrganisation({ slug: `org-${tag}`, name: `Test Oy ${tag}`, recoveryPublicKey: recovery?.publicKey ?? null });
  const { channel, categories } = await provisioning.createChannel({
    organisationId: org.id,
    name: 'Reports',
    allowAnonymous: options.allowAnonymous ?? true,
    exclusionEnabled: options.exclusionEnabled ?? true,
    categories: ['Fraud', 'Safety'],
  });
  const make = (role: StaffRole, i: number) => addStaff(t, { id: org.id, channelId: channel.id, tag }, role, `${role} ${i}`, options.acceptNotice !== false);
  const handlers: TestStaff[] = [];
  for (let i = 0; i < (options.handlers ?? 2); i++) handlers.push(await make('handler', i));
  const custodians: TestStaff[] = [];
  for (let i = 0; i < (options.custodians ?? 1); i++) custodians.push(await make('custodian', i));
  const admins = [await make('admin', 0)];
  const auditors = [await make('auditor', 0)];
  return { id: org.id, slug: org.slug, channelId: channel.id, categoryIds: categories.map((c) => c.id), recovery, handlers, custodians, admins, auditors };
}
