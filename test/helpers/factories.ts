import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BoxKeyPair, generateStaffKeys } from '@kanava/crypto';
import type { StaffRole } from '@kanava/database';
import { ProvisioningService } from '@kanava/staff';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestStaff {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
}

export interface TestOrganisation {
  id: string;
  slug: string;
  channelId: string;
  categoryIds: string[];
  recovery: BoxKeyPair | null;
  handlers: TestStaff[];
  custodians: TestStaff[];
}

export interface OrganisationOptions {
  handlers?: number;
  custodians?: number;
  withRecovery?: boolean;
  allowAnonymous?: boolean;
  exclusionEnabled?: boolean;
}

/** A fresh organisation with one channel and its staff; unique names keep tests independent. */
export async function makeOrganisation(db: DataSource, options: OrganisationOptions = {}): Promise<TestOrganisation> {
  const provisioning = new ProvisioningService(db);
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
  const make = async (role: StaffRole, i: number): Promise<TestStaff> => {
    const email = `${role}${i}-${tag}@example.test`;
    const displayName = `${role} ${i}`;
    const { user } = await provisioning.createStaffUser({
      organisationId: org.id,
      email,
      displayName,
      password: TEST_PASSWORD,
      roles: [role],
      channelIds: [channel.id],
    });
    return { id: user.id, email, displayName, roles: [role] };
  };
  const handlers: TestStaff[] = [];
  for (let i = 0; i < (options.handlers ?? 2); i++) handlers.push(await make('handler', i));
  const custodians: TestStaff[] = [];
  for (let i = 0; i < (options.custodians ?? 1); i++) custodians.push(await make('custodian', i));
  return { id: org.id, slug: org.slug, channelId: channel.id, categoryIds: categories.map((c) => c.id), recovery, handlers, custodians };
}
