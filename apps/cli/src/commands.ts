import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DataSource } from 'typeorm';
import { fingerprint, fromB64, generateStaffKeys, recoveryFingerprint, toB64 } from '@kanava/crypto';
import { KanavaConfig } from '@kanava/common';
import { Channel, STAFF_ROLES, StaffRole } from '@kanava/database';
import { AuditService } from '@kanava/audit';
import { describeDemo, ProvisioningService, seedDemo, totpFor } from '@kanava/staff';
import { promptHidden } from './prompt';

export interface CommandContext {
  db: DataSource;
  config: KanavaConfig;
  out: (line: string) => void;
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

export const COMMANDS: Record<string, Command> = {
  'org:create': {
    usage: 'org:create --slug <slug> --name <name> [--recovery-public-key <b64>]',
    summary: 'Create an organisation (the slug is its portal address).',
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const v = parse(args, { slug: { type: 'string' }, name: { type: 'string' }, 'recovery-public-key': { type: 'string' } });
      const key = v['recovery-public-key'] ? fromB64(v['recovery-public-key'] as string, 32) : null;
      const org = await new ProvisioningService(db, config).createOrganisation({
        slug: required(v, 'slug'),
        name: required(v, 'name'),
        recoveryPublicKey: key,
      });
      out(`organisation ${org.slug} created: id ${org.id}`);
      if (!key) out('no recovery key set: run `recovery-key:generate` offline and pass --recovery-public-key to set one up later');
    },
  },
  'recovery-key:generate': {
    usage: 'recovery-key:generate',
    summary: 'Generate an organisation recovery key pair (run offline; keep the secret half off the server).',
    needsDatabase: false,
    async run(_args, { out }) {
      const { publicKey, secretKey } = generateStaffKeys().box;
      out(`public key: ${toB64(publicKey)}`);
      out(`secret key: ${toB64(secretKey)}`);
      // Printed with the key, so whoever sets the public half can check it (the admin console shows the same).
      out(`fingerprint: ${recoveryFingerprint(publicKey)}`);
      out('Give the public key to org:create --recovery-public-key. Print the secret key and store it offline, never on the server.');
    },
  },
  'channel:create': {
    usage: 'channel:create --org <slug> --name <name> [--description <text>] [--categories "A,B,C"] [--no-anonymous] [--exclusion]',
    summary: 'Create a reporting channel with its categories.',
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const v = parse(args, {
        org: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        categories: { type: 'string' },
        'no-anonymous': { type: 'boolean' },
        exclusion: { type: 'boolean' },
      });
      const provisioning = new ProvisioningService(db, config);
      const org = await provisioning.findOrganisation(required(v, 'org'));
      const categories = ((v.categories as string | undefined) ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { channel, categories: made } = await provisioning.createChannel({
        organisationId: org.id,
        name: required(v, 'name'),
        description: (v.description as string | undefined) ?? '',
        allowAnonymous: !v['no-anonymous'],
        exclusionEnabled: !!v.exclusion,
        categories,
      });
      out(`channel "${channel.name}" created: id ${channel.id}`);
      for (const c of made) out(`  category "${c.label}": id ${c.id}`);
    },
  },
  'user:create': {
    usage: 'user:create --org <slug> --email <address> --name <display name> --roles <handler,custodian,admin,auditor> [--channel <id or name>]...',
    summary: 'Create a staff account; its keys are generated here. Password from KANAVA_USER_PASSWORD or a prompt.',
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const v = parse(args, {
        org: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        channel: { type: 'string', multiple: true },
      });
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
      const { user, recoveryKey, totpSecret, backupCodes } = await provisioning.createStaffUser({
        organisationId: org.id,
        email: required(v, 'email'),
        displayName: required(v, 'name'),
        password,
        roles,
        channelIds,
      });
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
    usage: 'demo',
    summary: 'Create the demo organisation (slug "demo") and print its accounts.',
    needsDatabase: true,
    async run(_args, { db, config, out }) {
      const result = await seedDemo(db, config);
      out(describeDemo(result, config.publicUrl));
      if (!result.created) out('(the demo organisation existed already; nothing changed)');
    },
  },
  'audit:verify': {
    usage: 'audit:verify --org <slug> [--from <seq>] [--to <seq>]',
    summary: "Verify an organisation's audit chain (or a range); names the first event that does not verify. Exit code 1 if broken.",
    needsDatabase: true,
    async run(args, { db, config, out }) {
      const v = parse(args, { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
      const seq = (name: string) => {
        const value = v[name] as string | undefined;
        if (value === undefined) return undefined;
        if (!/^[0-9]{1,19}$/.test(value)) throw new UsageError(`--${name} must be a sequence number`);
        return BigInt(value);
      };
      const org = await new ProvisioningService(db, config).findOrganisation(required(v, 'org'));
      const result = await new AuditService(db, config).verify(org.id, { fromSeq: seq('from'), toSeq: seq('to') });
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
