/**
 * The medium tier's bench: one lib's services against a real, private PostgreSQL
 * database (migrated like production), with rows made by factories instead of a
 * reporter's browser. Rules that scan every case (purge, reminders) need a database of
 * their own: the shared one holds other test files' cases.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Clock, KanavaConfig, loadConfig } from '@kanava/common';
import { Case, CaseGrant, CaseItem, createDataSource, feedbackDue, LegalHold, migrate } from '@kanava/database';
import { ProvisioningService } from '@kanava/staff';
import { createPrivateDatabase } from './private-db';
import { TEST_PASSWORD } from './factories';

export interface MediumBench {
  db: DataSource;
  config: KanavaConfig;
  clock: Clock;
  close(): Promise<void>;
}

/** A private, migrated database and a config; `env` adds settings (an SMTP URL, lead days). */
export async function openMediumBench(prefix: string, env: Record<string, string> = {}): Promise<MediumBench> {
  const database = await createPrivateDatabase(prefix);
  const db = await createDataSource(database.url).initialize();
  await migrate(db);
  const config = loadConfig({
    KANAVA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kanava-medium-')),
    KANAVA_DEMO: 'false',
    KANAVA_SERVER_SECRET: randomBytes(32).toString('hex'),
    ...env,
  });
  return {
    db,
    config,
    clock: new Clock(),
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}

export interface SeededChannel {
  organisationId: string;
  channelId: string;
}

/** An organisation with one channel, as the CLI provisions them. */
export async function seedChannel(bench: MediumBench, name = 'Compliance'): Promise<SeededChannel> {
  const provisioning = new ProvisioningService(bench.db, bench.config);
  const org = await provisioning.createOrganisation({ slug: `m-${randomBytes(4).toString('hex')}`, name: `${name} organisation` });
  const { channel } = await provisioning.createChannel({ organisationId: org.id, name });
  return { organisationId: org.id, channelId: channel.id };
}

/** A handler designated for the channel. */
export async function seedHandler(bench: MediumBench, seeded: SeededChannel, email: string): Promise<string> {
  const { user } = await new ProvisioningService(bench.db, bench.config).createStaffUser({
    organisationId: seeded.organisationId,
    email,
    displayName: email.split('@')[0],
    password: TEST_PASSWORD,
    roles: ['handler'],
    channelIds: [seeded.channelId],
  });
  return user.id;
}

const bytes = (n: number) => randomBytes(n);

/**
 * A case row as a submission leaves it (received now, acknowledgement due in 7 days,
 * feedback in 3 months), with `fields` overriding. Key material is random: nothing in
 * this tier opens it. The database's trigger dates its deletion.
 */
export async function insertCase(bench: MediumBench, seeded: SeededChannel, fields: Partial<Case> = {}): Promise<Case> {
  const receivedAt = fields.receivedAt ?? bench.clock.now();
  const acknowledgementDueAt = new Date(receivedAt.getTime() + 7 * 86_400_000);
  const row = bench.db.manager.create(Case, {
    id: randomUUID(),
    organisationId: seeded.organisationId,
    channelId: seeded.channelId,
    reference: randomBytes(5).toString('hex').toUpperCase().slice(0, 9),
    lookupTokenHash: bytes(32),
    reporterSignPublicKey: bytes(32),
    sharedKeyId: bytes(16),
    receivedAt,
    acknowledgementDueAt,
    feedbackDueAt: feedbackDue(receivedAt, null),
    nextDueAt: acknowledgementDueAt,
    ...fields,
  });
  await bench.db.manager.insert(Case, row);
  return bench.db.manager.findOneByOrFail(Case, { id: row.id });
}

/** A grant of one of the case's keys (shared unless said) to a staff member (sealed bytes random: the database does not open grants). */
export async function insertGrant(bench: MediumBench, c: Case, userId: string, keyKind: CaseGrant['keyKind'] = 'shared'): Promise<void> {
  await bench.db.manager.insert(CaseGrant, {
    id: randomUUID(),
    caseId: c.id,
    keyKind,
    grantee: `user:${userId}`,
    granteeUserId: userId,
    keyId: c.sharedKeyId,
    sealed: bytes(80),
    signature: bytes(64),
    signedBy: 'reporter',
  });
}

/** A reporter message item. */
export async function insertItem(bench: MediumBench, c: Case): Promise<string> {
  const id = randomUUID();
  await bench.db.manager.insert(CaseItem, {
    id,
    caseId: c.id,
    kind: 'message-reporter',
    keyId: c.sharedKeyId,
    nonce: bytes(24),
    ciphertext: bytes(64),
    signature: bytes(64),
    authorKind: 'reporter',
    signerPublicKey: c.reporterSignPublicKey,
  });
  return id;
}

/** An active legal hold, reviewed in a year. */
export async function insertHold(bench: MediumBench, c: Case, createdBy: string): Promise<void> {
  await bench.db.manager.insert(LegalHold, {
    id: randomUUID(),
    caseId: c.id,
    reasonCode: 'litigation',
    justification: 'Court proceedings are pending.',
    createdBy,
    reviewAt: new Date(bench.clock.nowMs() + 365 * 86_400_000),
  });
}
