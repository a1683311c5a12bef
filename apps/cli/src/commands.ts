import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DataSource } from 'typeorm';
import {
  directoryKeyPair,
  fingerprint,
  fromB64,
  generateDirectoryKey,
  generateStaffKeys,
  isCryptoError,
  organisationFingerprint,
  parseDirectorySecretKey,
  recoveryFingerprint,
  toB64,
  verifyDirectory,
} from '@kanava/crypto';
import { AuditSink, Clock, KanavaConfig } from '@kanava/common';
import { Channel, STAFF_ROLES, StaffRole } from '@kanava/database';
import { AuditVerifier } from '@kanava/audit';
import { describeDemo, KeyDirectoryService, operatorName, ProvisioningService, Provisioner, seedDemo, signPendingDirectory, totpFor } from '@kanava/staff';
import { promptHidden } from './prompt';

export interface CommandContext {
  db: DataSource;
  config: KanavaConfig;
  out: (line: string) => void;
  /** The audit log; the CLI chains what a command recorded before it exits. */
  audit: AuditSink;
  /** Verifies an organisation's chain, for `audit:verify`. */
  verifier: AuditVerifier;
}

export interface Command {
  usage: string;
  summary: string;
  needsDatabase: boolean;
  run(args: string[], ctx: CommandContext): Promise<void>;
}

export class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/**
 * Joins `--option value` into `--option=value` when the value begins with a dash. parseArgs refuses
 * such values as ambiguous, yet one base64url key in 64 begins with "-" and operators paste keys
 * after a space. A value that is itself one of the command's option names stays an option, so a
 * forgotten value is still reported as missing.
 */
function joinDashValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : null;
    const next = args[i + 1];
    const nextIsOption = next?.startsWith('--') && next.slice(2).split('=')[0] in options;
    if (name && options[name]?.type === 'string' && next?.startsWith('-') && !nextIsOption) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: joinDashValues(args, options), options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | string[] | undefined
    >;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The directory key's seed: the file `recovery-key:generate` wrote (or a printout typed into one), or KANAVA_DIRECTORY_SECRET_KEY. */
function directorySeed(keyFile: string | undefined): Uint8Array {
  const text = keyFile ? readFileSync(keyFile, 'utf8') : process.env.KANAVA_DIRECTORY_SECRET_KEY;
  if (!text) throw new UsageError('--key-file <path> (or KANAVA_DIRECTORY_SECRET_KEY) is required');
  try {
    return parseDirectorySecretKey(text);
  } catch (e) {
    if (isCryptoError(e)) throw new UsageError('the key file holds no directory secret key (a line "directory secret key: <base64url>")');
    throw e;
  }
}

/** What the directory key file holds: the secret seed with what identifies it, in the form the staff console loads too. */
function directoryKeyFile(seed: Uint8Array, publicKey: Uint8Array, orgFingerprint: string): string {
  return [
    'Kanava organisation directory-signing key. SECRET: keep it offline, never on the server.',
    `organisation fingerprint: ${orgFingerprint}`,
    `directory public key: ${toB64(publicKey)}`,
    `directory secret key: ${toB64(seed)}`,
    '',
  ].join('\n');
}

function printDirectoryKey(out: (line: string) => void, seed: Uint8Array, publicKey: Uint8Array, recoveryPublicKey: Uint8Array, file: string | undefined) {
  const orgFingerprint = organisationFingerprint(recoveryPublicKey, publicKey);
  out(`directory public key: ${toB64(publicKey)}`);
  if (file) {
    // Written for its owner only: it is the key that decides whose keys reporters trust.
    writeFileSync(file, directoryKeyFile(seed, publicKey, orgFingerprint), { mode: 0o600, flag: 'wx' });
    out(`directory secret key: written to ${file}`);
  } else out(`directory secret key: ${toB64(seed)}`);
  // What the portal shows reporters, and what the organisation publishes on its intranet and posters.
  out(`organisation fingerprint: ${orgFingerprint}`);
}

/** The option every command that changes an organisation takes: who runs it, for the audit log (R38). */
const OPERATOR_OPTION = { operator: { type: 'string' } } as const;

/** The OS account running the CLI; some containers have none in their user database. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? '';
  }
}

/** The operator as the audit log names them: `--operator`, else the OS account. */
function operator(values: Record<string, unknown>, audit: AuditSink): Provisioner {
  const given = values.operator as string | undefined;
  if (given === undefined && !osUser()) throw new UsageError('--operator <name> is required: this system does not name its user');
  return { actor: { kind: 'operator', name: operatorName(given, osUser) }, audit };
}

const isoDaysAhead = (days: string | undefined): string | null => {
  if (days === undefined) return null;
  if (!/^[1-9][0-9]{0,4}$/.test(days)) throw new UsageError('--valid-days must be a number of days');
  return `${new Date(Date.now() + Number(days) * 86_400_000).toISOString().slice(0, 19)}Z`;
};

export const COMMANDS: Record<string, Command> = {
  'org:create': {
    usage: 'org:create --slug <slug> --name <name> [--recovery-public-key <b64> [--directory-public-key <b64>]] [--operator <name>]',
    summary: 'Create an organisation (the slug is its portal address).',
    needsDatabase: true,
    async run(args, { db, config, out, audit }) {
      const v = parse(args, {
        slug: { type: 'string' },
        name: { type: 'string' },
        'recovery-public-key': { type: 'string' },
        'directory-public-key': { type: 'string' },
        ...OPERATOR_OPTION,
      });
      const key = v['recovery-public-key'] ? fromB64(v['recovery-public-key'] as string, 32) : null;
      const directoryKey = v['directory-public-key'] ? fromB64(v['directory-public-key'] as string, 32) : null;
      const org = await new ProvisioningService(db, config).createOrganisation(
        {
          slug: required(v, 'slug'),
          name: required(v, 'name'),
          recoveryPublicKey: key,
          directoryPublicKey: directoryKey,
        },
        operator(v, audit),
      );
      out(`organisation ${org.slug} created: id ${org.id}`);
      if (key && directoryKey) out(`organisation fingerprint: ${organisationFingerprint(key, directoryKey)}`);
      if (!key) out('no recovery key set: run `recovery-key:generate` offline and pass --recovery-public-key to set one up later');
      else if (!directoryKey) out('no directory key set: reporters cannot verify staff keys until an admin sets one (see docs/key-directory.md)');
    },
  },
  'recovery-key:generate': {
    usage: 'recovery-key:generate [--directory-key-file <path>]',
    summary:
      'Generate the organisation recovery key pair and the directory-signing key with it (run offline; keep the secret halves off the server). Prints the organisation fingerprint.',
    needsDatabase: false,
    async run(args, { out }) {
      const v = parse(args, { 'directory-key-file': { type: 'string' } });
      const { publicKey, secretKey } = generateStaffKeys().box;
      out(`public key: ${toB64(publicKey)}`);
      out(`secret key: ${toB64(secretKey)}`);
      // Printed with the key, so whoever sets the public half can check it (the admin console shows the same).
      out(`fingerprint: ${recoveryFingerprint(publicKey)}`);
      const directory = generateDirectoryKey();
      printDirectoryKey(out, directory.seed, directory.publicKey, publicKey, v['directory-key-file'] as string | undefined);
      out(
        'Give the public key and the directory public key to org:create --recovery-public-key … --directory-public-key … (or set them on the console’s key pages).',
      );
      out('Print the secret keys and store them offline, never on the server. Publish the organisation fingerprint where reporters see it.');
    },
  },
  'directory-key:generate': {
    usage: 'directory-key:generate --recovery-public-key <b64> [--directory-key-file <path>]',
    summary: 'Generate a directory-signing key for an organisation that has a recovery key already (run offline). Prints the organisation fingerprint.',
    needsDatabase: false,
    async run(args, { out }) {
      const v = parse(args, { 'recovery-public-key': { type: 'string' }, 'directory-key-file': { type: 'string' } });
      const recovery = fromB64(required(v, 'recovery-public-key'), 32);
      const directory = generateDirectoryKey();
      printDirectoryKey(out, directory.seed, directory.publicKey, recovery, v['directory-key-file'] as string | undefined);
      out('Set the directory public key on the console (Key directory) or with PUT /api/admin/organisation/directory-key. Keep the secret key offline.');
    },
  },
  'directory:status': {
    usage: 'directory:status --org <slug>',
    summary: "Verify the organisation's key directory and list who it lists and what is waiting to be signed. Exit code 1 if it does not verify.",
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const v = parse(args, { org: { type: 'string' } });
      const org = await new ProvisioningService(db, config).findOrganisation(required(v, 'org'));
      if (!org.recoveryPublicKey || !org.directoryPublicKey) {
        out('no directory key: the organisation has no signed key directory (see docs/key-directory.md)');
        process.exitCode = 1;
        return;
      }
      out(`organisation fingerprint: ${organisationFingerprint(org.recoveryPublicKey, org.directoryPublicKey)}`);
      const service = new KeyDirectoryService(db, null, new Clock());
      try {
        const verified = verifyDirectory(await service.log(org.id), org.id, org.directoryPublicKey);
        out(`verified: ${verified.entries.length} entries`);
        for (const role of ['handler', 'custodian'] as const) {
          for (const e of verified.listed(role, Date.now()))
            out(`  ${role.padEnd(9)} ${e.displayName} (${e.userId}) ${fingerprint(e.boxPublicKey, e.signPublicKey)}`);
        }
      } catch (e) {
        if (!isCryptoError(e)) throw e;
        out(`DOES NOT VERIFY: ${e.message}`);
        process.exitCode = 1;
        return;
      }
      const pending = await service.pending(org.id);
      out(`pending: ${pending.changes.length}`);
      for (const c of pending.changes) {
        out(
          `  ${c.action.padEnd(7)} ${c.displayName} (${c.userId}) [${c.reason}] ${c.roles.join(',')} ${fingerprint(fromB64(c.boxPublicKey, 32), fromB64(c.signPublicKey, 32))}`,
        );
      }
    },
  },
  'directory:sign': {
    usage: 'directory:sign --org <slug> --key-file <path> [--valid-days <n>] [--yes] [--operator <name>]',
    summary:
      'List the pending key-directory changes with each person’s fingerprint; with --yes, sign them with the directory key and append them. Compare the fingerprints with the people first.',
    needsDatabase: true,
    async run(args, { db, config, out, audit }) {
      const v = parse(args, {
        org: { type: 'string' },
        'key-file': { type: 'string' },
        'valid-days': { type: 'string' },
        yes: { type: 'boolean' },
        ...OPERATOR_OPTION,
      });
      const by = operator(v, audit);
      const org = await new ProvisioningService(db, config).findOrganisation(required(v, 'org'));
      const seed = directorySeed(v['key-file'] as string | undefined);
      try {
        if (!org.directoryPublicKey || !directoryKeyPair(seed).publicKey.every((b, i) => b === org.directoryPublicKey![i])) {
          throw new UsageError(`this is not the directory key of ${org.slug}`);
        }
        const validUntil = isoDaysAhead(v['valid-days'] as string | undefined);
        const service = new KeyDirectoryService(db, audit, new Clock());
        const pending = await service.pending(org.id);
        if (pending.changes.length === 0) return out('nothing to sign: the directory lists every account as it is');
        for (const c of pending.changes) {
          out(
            `${c.action.padEnd(7)} ${c.displayName} (${c.userId}) [${c.reason}] ${c.roles.join(',')} ${fingerprint(fromB64(c.boxPublicKey, 32), fromB64(c.signPublicKey, 32))}`,
          );
        }
        if (!v.yes) return out('Compare each fingerprint with its person (they see theirs on "Your account"), then run again with --yes to sign.');
        // Exactly what was listed above: a change that appeared meanwhile waits for the next run.
        const shown = new Set(pending.changes.map((c) => JSON.stringify(c)));
        const appended = await signPendingDirectory(service, org.id, seed, by.actor, { validUntil, only: (c) => shown.has(JSON.stringify(c)) });
        out(`signed and appended ${appended} entries`);
      } finally {
        seed.fill(0);
      }
    },
  },
  'channel:create': {
    usage:
      'channel:create --org <slug> --name <name> [--description <text>] [--categories "A,B,C"] [--no-anonymous] [--exclusion] [--voice] [--operator <name>]',
    summary: 'Create a reporting channel with its categories.',
    needsDatabase: true,
    async run(args, { db, config, out, audit }) {
      const v = parse(args, {
        org: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        categories: { type: 'string' },
        'no-anonymous': { type: 'boolean' },
        exclusion: { type: 'boolean' },
        voice: { type: 'boolean' },
        ...OPERATOR_OPTION,
      });
      const by = operator(v, audit);
      const provisioning = new ProvisioningService(db, config);
      const org = await provisioning.findOrganisation(required(v, 'org'));
      const categories = ((v.categories as string | undefined) ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { channel, categories: made } = await provisioning.createChannel(
        {
          organisationId: org.id,
          name: required(v, 'name'),
          description: (v.description as string | undefined) ?? '',
          allowAnonymous: !v['no-anonymous'],
          exclusionEnabled: !!v.exclusion,
          voiceEnabled: !!v.voice,
          categories,
        },
        by,
      );
      out(`channel "${channel.name}" created: id ${channel.id}`);
      for (const c of made) out(`  category "${c.label}": id ${c.id}`);
    },
  },
  'user:create': {
    usage:
      'user:create --org <slug> --email <address> --name <display name> --roles <handler,custodian,admin,auditor> [--channel <id or name>]... [--operator <name>]',
    summary:
      'Create a staff account; its keys are generated here. Password from KANAVA_USER_PASSWORD or a prompt. The audit log and the access review show it was made by an operator.',
    needsDatabase: true,
    async run(args, { db, config, out, audit }) {
      const v = parse(args, {
        org: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        channel: { type: 'string', multiple: true },
        ...OPERATOR_OPTION,
      });
      const by = operator(v, audit);
      const roles = required(v, 'roles')
        .split(',')
        .map((r) => r.trim()) as StaffRole[];
      const unknown = roles.filter((r) => !STAFF_ROLES.includes(r));
      if (unknown.length) throw new UsageError(`unknown role(s): ${unknown.join(', ')}; roles are ${STAFF_ROLES.join(', ')}`);
      const provisioning = new ProvisioningService(db, config);
      const org = await provisioning.findOrganisation(required(v, 'org'));
      const channelIds: string[] = [];
      for (const ref of (v.channel as string[] | undefined) ?? []) {
        const channels = await db.getRepository(Channel).find({ where: { organisationId: org.id } });
        const match = channels.filter((c) => c.id === ref || c.name === ref);
        if (match.length !== 1)
          throw new UsageError(`--channel ${ref}: ${match.length === 0 ? 'no such channel' : 'several channels have that name; use the id'}`);
        channelIds.push(match[0].id);
      }
      const password = process.env.KANAVA_USER_PASSWORD ?? (await promptHidden('Password for the new account (at least 12 characters): '));
      const { user, recoveryKey, totpSecret, backupCodes } = await provisioning.createStaffUser(
        {
          organisationId: org.id,
          email: required(v, 'email'),
          displayName: required(v, 'name'),
          password,
          roles,
          channelIds,
        },
        by,
      );
      out(`user ${user.email} created: id ${user.id}, roles ${user.roles.join(', ')}`);
      out(`key fingerprint: ${fingerprint(user.boxPublicKey, user.signPublicKey)}`);
      out(`recovery key (shown once; give it to the user to print and keep): ${toB64(recoveryKey)}`);
      out(`TOTP secret (shown once; add it to an authenticator app): ${totpSecret}`);
      out(`TOTP link: ${totpFor(totpSecret, user.email).toString()}`);
      out(`backup codes (shown once; each works one time): ${backupCodes.join(' ')}`);
    },
  },
  'totp:code': {
    usage: 'totp:code --secret <base32>',
    summary: 'Print the current TOTP code for a secret (for trying the demo without an authenticator app).',
    needsDatabase: false,
    async run(args, { out }) {
      const v = parse(args, { secret: { type: 'string' } });
      out(totpFor(required(v, 'secret'), 'code').generate());
    },
  },
  demo: {
    usage: 'demo [--operator <name>]',
    summary: 'Create the demo organisation (slug "demo") and print its accounts.',
    needsDatabase: true,
    async run(args, { db, config, out, audit }) {
      const by = operator(parse(args, OPERATOR_OPTION), audit);
      const result = await seedDemo(db, config, new KeyDirectoryService(db, audit, new Clock()), by);
      out(describeDemo(result, config.publicUrl));
      if (!result.created) out('(the demo organisation existed already; nothing changed)');
    },
  },
  'audit:verify': {
    usage: 'audit:verify --org <slug> [--from <seq>] [--to <seq>]',
    summary: "Verify an organisation's audit chain (or a range); names the first event that does not verify. Exit code 1 if broken.",
    needsDatabase: true,
    async run(args, { db, config, out, verifier }) {
      const v = parse(args, { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
      const seq = (name: string) => {
        const value = v[name] as string | undefined;
        if (value === undefined) return undefined;
        if (!/^[0-9]{1,19}$/.test(value)) throw new UsageError(`--${name} must be a sequence number`);
        return BigInt(value);
      };
      const org = await new ProvisioningService(db, config).findOrganisation(required(v, 'org'));
      const result = await verifier.verify(org.id, { fromSeq: seq('from'), toSeq: seq('to') });
      out(JSON.stringify(result, null, 2));
      if (!result.ok) {
        out(`BROKEN at event ${result.firstBadSeq}: ${result.reason}`);
        process.exitCode = 1;
      }
    },
  },
  migrate: {
    usage: 'migrate',
    summary: 'Apply pending database migrations (the API also does this at start).',
    needsDatabase: true,
    async run(_args, { out }) {
      out('migrations are up to date');
    },
  },
};
