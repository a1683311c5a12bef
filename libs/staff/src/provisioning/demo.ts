import { DataSource } from 'typeorm';
import { Clock, KanavaConfig } from '@kanava/common';
import { generateDirectoryKey, generateStaffKeys, organisationFingerprint, toB64 } from '@kanava/crypto';
import { Organisation, StaffRole } from '@kanava/database';
import { KeyDirectoryService } from '../key-directory/key-directory.service';
import { signPendingDirectory } from '../key-directory/sign-pending';
import { addDefaultQuestionnaire } from './default-questionnaire';
import { ProvisioningService, Provisioner } from './provisioning.service';

export const DEMO_SLUG = 'demo';
/** Printed at every start; the demo is for trying Kanava out, never for real reports. */
export const DEMO_PASSWORD = 'kanava-demo-password';
/** The demo accounts' TOTP secret, public like the password (base32, for any authenticator app). */
export const DEMO_TOTP_SECRET = 'KANAVADEMOTOTPSECRETKANAVADEMO23';

export interface DemoAccount {
  email: string;
  displayName: string;
  roles: StaffRole[];
  recoveryKey: string;
}

export interface DemoResult {
  created: boolean;
  organisationId: string;
  channelId?: string;
  accounts: DemoAccount[];
  recoverySecretKey?: string;
  /** The seed of the demo's directory-signing key, printed so an admin can try signing the directory in the console. */
  directorySecretKey?: string;
  organisationFingerprint?: string;
}

const ACCOUNTS: { email: string; displayName: string; roles: StaffRole[] }[] = [
  { email: 'handler1@demo.kanava.test', displayName: 'Hanna Handler', roles: ['handler'] },
  { email: 'handler2@demo.kanava.test', displayName: 'Heikki Handler', roles: ['handler'] },
  { email: 'custodian@demo.kanava.test', displayName: 'Kaisa Custodian', roles: ['custodian'] },
  { email: 'admin@demo.kanava.test', displayName: 'Aino Admin', roles: ['admin'] },
  { email: 'auditor@demo.kanava.test', displayName: 'Antti Auditor', roles: ['auditor'] },
];

export const DEMO_EMAILS = ACCOUNTS.map((a) => ({ email: a.email, roles: a.roles }));

/**
 * Creates the demo organisation (slug "demo") once: one channel that allows
 * exclusion, two handlers, a custodian, an admin and an auditor, a recovery key
 * and a directory-signing key, and a key directory signed with it that lists the
 * handlers and the custodian, so the portal and the console verify out of the box.
 * Does nothing when it exists already. `keyDirectory`: the app's service (which
 * records the signing in the audit log); `by`: who seeds (the operator of `cli demo`, or
 * Kanava at a demo start), whose creations are logged. Without them nothing is logged.
 */
export async function seedDemo(db: DataSource, config: KanavaConfig, keyDirectory?: KeyDirectoryService, by?: Provisioner): Promise<DemoResult> {
  const existing = await db.getRepository(Organisation).findOne({ where: { slug: DEMO_SLUG } });
  if (existing) return { created: false, organisationId: existing.id, accounts: [] };

  const provisioning = new ProvisioningService(db, config);
  const recovery = generateStaffKeys().box;
  const directoryKey = generateDirectoryKey();
  const org = await provisioning.createOrganisation(
    {
      slug: DEMO_SLUG,
      name: 'Demo Oy',
      recoveryPublicKey: recovery.publicKey,
      directoryPublicKey: directoryKey.publicKey,
    },
    by,
  );
  const { channel } = await provisioning.createChannel(
    {
      organisationId: org.id,
      name: 'Whistleblowing channel',
      description: 'Report suspected breaches of EU or Finnish law in our work. Anonymous reports are welcome.',
      allowAnonymous: true,
      exclusionEnabled: true,
      voiceEnabled: true,
      categories: ['Financial misconduct', 'Workplace safety', 'Data protection', 'Other'],
      translations: {
        fi: {
          name: 'Ilmoituskanava',
          description: 'Ilmoita epäillyistä EU:n tai Suomen lain rikkomuksista työssämme. Nimettömät ilmoitukset ovat tervetulleita.',
        },
        sv: {
          name: 'Visselblåsarkanal',
          description: 'Anmäl misstänkta överträdelser av EU-rätt eller finsk lag i vårt arbete. Anonyma anmälningar är välkomna.',
        },
        en: { name: 'Whistleblowing channel', description: 'Report suspected breaches of EU or Finnish law in our work. Anonymous reports are welcome.' },
      },
      categoryTranslations: [
        { fi: { label: 'Talousrikkomukset' }, sv: { label: 'Ekonomiska oegentligheter' }, en: { label: 'Financial misconduct' } },
        { fi: { label: 'Työturvallisuus' }, sv: { label: 'Arbetarskydd' }, en: { label: 'Workplace safety' } },
        { fi: { label: 'Tietosuoja' }, sv: { label: 'Dataskydd' }, en: { label: 'Data protection' } },
        { fi: { label: 'Muu' }, sv: { label: 'Annat' }, en: { label: 'Other' } },
      ],
    },
    by,
  );
  // A questionnaire a reporter in any of the three languages answers after their account (version 1).
  await addDefaultQuestionnaire(db.manager, channel.id);
  const accounts: DemoAccount[] = [];
  for (const account of ACCOUNTS) {
    const { recoveryKey } = await provisioning.createStaffUser(
      {
        ...account,
        organisationId: org.id,
        password: DEMO_PASSWORD,
        totpSecret: DEMO_TOTP_SECRET,
        channelIds: [channel.id],
      },
      by,
    );
    accounts.push({ ...account, recoveryKey: toB64(recoveryKey) });
  }
  const directory = keyDirectory ?? new KeyDirectoryService(db, null, new Clock());
  await signPendingDirectory(directory, org.id, directoryKey.seed, by?.actor ?? { kind: 'system' });
  return {
    created: true,
    organisationId: org.id,
    channelId: channel.id,
    accounts,
    recoverySecretKey: toB64(recovery.secretKey),
    directorySecretKey: toB64(directoryKey.seed),
    organisationFingerprint: organisationFingerprint(recovery.publicKey, directoryKey.publicKey),
  };
}

/** Human-readable sign-in details for the demo accounts. */
export function describeDemo(result: DemoResult, publicUrl: string): string {
  const lines = [
    `Demo organisation "${DEMO_SLUG}": reporter portal ${publicUrl.replace(/\/$/, '')}/r/${DEMO_SLUG}, staff console ${publicUrl.replace(/\/$/, '')}/staff`,
    `Demo staff accounts (password for all: ${DEMO_PASSWORD}; TOTP secret for all: ${DEMO_TOTP_SECRET}):`,
    ...DEMO_EMAILS.map((a) => `  ${a.email.padEnd(28)} ${a.roles.join(', ')}`),
  ];
  if (result.created) {
    lines.push('Created now. Recovery keys, shown this once:');
    for (const a of result.accounts) lines.push(`  ${a.email.padEnd(28)} ${a.recoveryKey}`);
    if (result.recoverySecretKey) lines.push(`  organisation recovery secret key: ${result.recoverySecretKey}`);
    if (result.directorySecretKey) lines.push(`  organisation directory secret key: ${result.directorySecretKey}`);
    if (result.organisationFingerprint) lines.push(`Organisation fingerprint (the portal shows it to reporters): ${result.organisationFingerprint}`);
  }
  return lines.join('\n');
}
