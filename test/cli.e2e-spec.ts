import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint, fromB64, organisationFingerprint, parseDirectorySecretKey, directoryKeyPair, recoveryFingerprint, verifyDirectory } from '@kanava/crypto';
import { Client } from 'pg';
import { AuditRecorder } from '@kanava/audit';
import { startTestApp, TestApp } from './helpers/app';
import { fetchOrganisation, fetchRecipients, loginStaff } from './helpers/clients';
import { buildOnce, runNode } from './helpers/processes';

const CLI = 'dist/apps/cli/src/main.js';

describe('operator CLI', () => {
  let t: TestApp;
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    // The CLI seals TOTP secrets under the server secret, so it must share the test app's.
    runNode(CLI, args, { DATABASE_URL: process.env.KANAVA_TEST_DATABASE_URL, KANAVA_SERVER_SECRET: t.config.serverSecret, ...extra });

  beforeAll(async () => {
    buildOnce();
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates an organisation, a channel and a staff user who can then sign in', async () => {
    const slug = `cli-${randomBytes(3).toString('hex')}`;
    const keys = await cli(['recovery-key:generate']);
    expect(keys.code).toBe(0);
    const publicKey = /^public key: (\S+)$/m.exec(keys.stdout)![1];
    // The fingerprint the admin console shows for that key, printed with it to compare.
    expect(/^fingerprint: (.+)$/m.exec(keys.stdout)![1]).toBe(recoveryFingerprint(fromB64(publicKey, 32)));

    const org = await cli(['org:create', '--slug', slug, '--name', 'Cli Oy', '--recovery-public-key', publicKey]);
    expect(org.stderr).toBe('');
    expect(org.stdout).toMatch(new RegExp(`organisation ${slug} created`));

    const channel = await cli(['channel:create', '--org', slug, '--name', 'Ilmoitukset', '--categories', 'Talous, Turvallisuus', '--exclusion', '--voice']);
    expect(channel.code).toBe(0);
    expect(channel.stdout).toMatch(/category "Turvallisuus"/);

    const email = `${slug}@example.test`;
    const user = await cli(['user:create', '--org', slug, '--email', email, '--name', 'Cli Handler', '--roles', 'handler', '--channel', 'Ilmoitukset'], {
      KANAVA_USER_PASSWORD: 'a long enough password for Cli',
    });
    expect(user.stderr).toBe('');
    expect(user.stdout).toMatch(/recovery key \(shown once.*\): [A-Za-z0-9_-]{43}/);
    expect(user.stdout).toMatch(/key fingerprint: ([0-9a-f]{4} ){7}[0-9a-f]{4}/);
    expect(user.stdout).toMatch(/backup codes \(shown once.*\): ([0-9A-Z]{5}-[0-9A-Z]{5} ){9}[0-9A-Z]{5}/);
    const totpSecret = /^TOTP secret[^:]*: ([A-Z2-7]+)$/m.exec(user.stdout)![1];

    const info = await fetchOrganisation(t.http, slug);
    expect(info.recoveryPublicKey).toBe(publicKey);
    expect(info.channels[0]).toMatchObject({ name: 'Ilmoitukset', exclusionEnabled: true, allowAnonymous: true, voiceEnabled: true });
    const recipients = await fetchRecipients(t.http, info.channels[0].id);
    expect(recipients.handlers.map((h) => h.displayName)).toEqual(['Cli Handler']);
    const session = await loginStaff(t, { email, totpSecret }, 'a long enough password for Cli');
    expect(session.bundle.signSecretKey).toHaveLength(64);
  });

  it('makes the directory key with the recovery key, lists pending accounts with their fingerprints, and signs them in with --yes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kanava-cli-keys-'));
    try {
      const keyFile = path.join(dir, 'directory-key.txt');
      const keys = await cli(['recovery-key:generate', '--directory-key-file', keyFile]);
      expect(keys.stderr).toBe('');
      const recoveryKey = fromB64(/^public key: (\S+)$/m.exec(keys.stdout)![1], 32);
      const directoryKey = fromB64(/^directory public key: (\S+)$/m.exec(keys.stdout)![1], 32);
      const printed = /^organisation fingerprint: (.+)$/m.exec(keys.stdout)![1];
      expect(printed).toBe(organisationFingerprint(recoveryKey, directoryKey));
      // The secret went to the file only, readable by its owner alone, in the form the console loads too.
      expect(keys.stdout).not.toMatch(/directory secret key: [A-Za-z0-9_-]{43}/);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const text = readFileSync(keyFile, 'utf8');
      expect(text).toContain(`organisation fingerprint: ${printed}`);
      expect(directoryKeyPair(parseDirectorySecretKey(text)).publicKey).toEqual(directoryKey);
      // Never over an existing file.
      expect((await cli(['recovery-key:generate', '--directory-key-file', keyFile])).code).toBe(1);

      const slug = `dir-${randomBytes(3).toString('hex')}`;
      const b64 = (k: Uint8Array) => Buffer.from(k).toString('base64url');
      const org = await cli([
        'org:create',
        '--slug',
        slug,
        '--name',
        'Hakemisto Oy',
        '--recovery-public-key',
        b64(recoveryKey),
        '--directory-public-key',
        b64(directoryKey),
      ]);
      expect(org.stdout).toContain(`organisation fingerprint: ${printed}`);
      expect((await cli(['channel:create', '--org', slug, '--name', 'Ilmoitukset'])).code).toBe(0);
      const user = await cli(
        ['user:create', '--org', slug, '--email', `${slug}@example.test`, '--name', 'Hanna Hakemisto', '--roles', 'handler', '--channel', 'Ilmoitukset'],
        {
          KANAVA_USER_PASSWORD: 'a long enough password for Hanna',
        },
      );
      const userFingerprint = /^key fingerprint: (.+)$/m.exec(user.stdout)![1];
      const info = await fetchOrganisation(t.http, slug);
      // Not signed yet: no recipient of reports.
      expect((await fetchRecipients(t.http, info.channels[0].id)).handlers).toEqual([]);
      const status = await cli(['directory:status', '--org', slug]);
      expect(status.stdout).toMatch(/verified: 0 entries/);
      expect(status.stdout).toMatch(new RegExp(`add +Hanna Hakemisto \\([0-9a-f-]{36}\\) \\[new\\] handler ${userFingerprint}`));

      // Without --yes the CLI only lists; with another key it refuses.
      const listed = await cli(['directory:sign', '--org', slug, '--key-file', keyFile]);
      expect(listed.stdout).toContain(userFingerprint);
      expect(listed.stdout).toMatch(/run again with --yes/);
      expect((await fetchRecipients(t.http, info.channels[0].id)).handlers).toEqual([]);
      const otherFile = path.join(dir, 'other.txt');
      await cli(['directory-key:generate', '--recovery-public-key', b64(recoveryKey), '--directory-key-file', otherFile]);
      const wrong = await cli(['directory:sign', '--org', slug, '--key-file', otherFile, '--yes']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/not the directory key/);

      const signed = await cli(['directory:sign', '--org', slug, '--key-file', keyFile, '--yes']);
      expect(signed.stdout).toMatch(/signed and appended 1 entries/);
      const recipients = await fetchRecipients(t.http, info.channels[0].id);
      expect(recipients.handlers.map((h) => h.displayName)).toEqual(['Hanna Hakemisto']);
      const log = (await t.http.get(`/api/public/organisations/${slug}/key-directory`).expect(200)).body;
      const verified = verifyDirectory(log, info.id, directoryKey);
      const entry = verified.current(recipients.handlers[0].userId, Date.now())!;
      expect(fingerprint(entry.boxPublicKey, entry.signPublicKey)).toBe(userFingerprint);
      expect((await cli(['directory:status', '--org', slug])).stdout).toMatch(/pending: 0/);
      // Signed by the operator: in the audit log under their name (the OS account here), chained before the CLI exited.
      const appended = await t.db.query(
        "SELECT actor_kind, details->>'operator' AS operator FROM audit_events WHERE organisation_id = $1 AND action = 'directory.entries_appended'",
        [info.id],
      );
      expect(appended).toEqual([{ actor_kind: 'operator', operator: os.userInfo().username }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('explains mistakes and changes nothing', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);

    const missing = await cli(['org:create', '--name', 'No Slug']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--slug is required/);

    const weak = await cli(['user:create', '--org', 'nope', '--email', 'a@b.c', '--name', 'x', '--roles', 'wizard'], { KANAVA_USER_PASSWORD: 'x' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/unknown role\(s\): wizard/);

    const slug = `weak-${randomBytes(3).toString('hex')}`;
    expect((await cli(['org:create', '--slug', slug, '--name', 'Weak Oy'])).code).toBe(0);
    const weakPassword = await cli(['user:create', '--org', slug, '--email', 'weak@example.test', '--name', 'Weak', '--roles', 'handler'], {
      KANAVA_USER_PASSWORD: 'password1234',
    });
    expect(weakPassword.code).toBe(1);
    expect(weakPassword.stderr).toMatch(/The password is not accepted: .*too easy to guess/);

    const badConfig = await cli(['demo'], { PORT: 'eighty' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/PORT="eighty"/);
  });

  it('takes option values that begin with a dash, as one base64url key in 64 does', async () => {
    // 0xf8 makes the first base64url character "-"; "--" would follow for 0xfb 0xe0.
    for (const first of [Buffer.from([0xf8]), Buffer.from([0xfb, 0xef])]) {
      const key = Buffer.concat([first, randomBytes(32 - first.length)]).toString('base64url');
      expect(key.startsWith('-')).toBe(true);
      const slug = `dash-${randomBytes(3).toString('hex')}`;
      const org = await cli(['org:create', '--slug', slug, '--recovery-public-key', key, '--name', 'Dash Oy']);
      expect(org.stderr).toBe('');
      expect((await fetchOrganisation(t.http, slug)).recoveryPublicKey).toBe(key);
    }
    // A real option name after a string option is still a missing value, not the value.
    const missing = await cli(['org:create', '--slug', '--name', 'X']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--slug/);
  });

  it('sets up the demo organisation once', async () => {
    const first = await cli(['demo']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/handler1@demo\.kanava\.test/);
    const again = await cli(['demo']);
    expect(again.stdout).toMatch(/existed already/);
    const demo = await fetchOrganisation(t.http, 'demo');
    expect(demo.channels).toHaveLength(1);
    expect(demo.channels[0].exclusionEnabled).toBe(true);
    expect(demo.channels[0].voiceEnabled).toBe(true);
    const recipients = await fetchRecipients(t.http, demo.channels[0].id);
    expect(recipients.handlers).toHaveLength(2);
    expect(recipients.custodians).toHaveLength(1);
    // Its key directory is signed, so the portal verifies it out of the box.
    expect(first.stdout).toMatch(/organisation directory secret key: [A-Za-z0-9_-]{43}/);
    const log = (await t.http.get('/api/public/organisations/demo/key-directory').expect(200)).body;
    const verified = verifyDirectory(log, demo.id, fromB64(demo.directoryPublicKey!, 32));
    expect(verified.listed('handler', Date.now())).toHaveLength(2);
    expect(/^Organisation fingerprint[^:]*: (.+)$/m.exec(first.stdout)![1]).toBe(
      organisationFingerprint(fromB64(demo.recoveryPublicKey!, 32), fromB64(demo.directoryPublicKey!, 32)),
    );
  });

  it('verifies an organisation audit chain and names the first broken event', async () => {
    const slug = `audit-${randomBytes(3).toString('hex')}`;
    expect((await cli(['org:create', '--slug', slug, '--name', 'Audit Oy'])).code).toBe(0);
    const [{ id }] = await t.db.query('SELECT id FROM organisations WHERE slug = $1', [slug]);
    const audit = t.app.get(AuditRecorder);
    for (let i = 0; i < 5; i++) await audit.record(t.db.manager, { organisationId: id, actor: { kind: 'system' }, action: 'test.event', details: { i } });
    const ok = await cli(['audit:verify', '--org', slug]);
    expect(ok.code).toBe(0);
    // The organisation's own creation is event 1.
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 6, headSeq: '6' });

    const client = new Client({ connectionString: process.env.KANAVA_TEST_DATABASE_URL });
    await client.connect();
    await client.query('SET session_replication_role = replica');
    await client.query(`UPDATE audit_events SET details = '{}' WHERE organisation_id = $1 AND seq = 3`, [id]);
    await client.end();
    const broken = await cli(['audit:verify', '--org', slug]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at event 3: hash_mismatch/);
    const range = await cli(['audit:verify', '--org', slug, '--from', '4']);
    expect(range.code).toBe(0);
  });

  it('names the operator of every change in the audit log, and the access review marks the accounts they made (R38)', async () => {
    const slug = `op-${randomBytes(3).toString('hex')}`;
    const operator = 'Olli Operaattori';
    expect((await cli(['org:create', '--slug', slug, '--name', 'Operaattori Oy', '--operator', operator])).code).toBe(0);
    // Without --operator the OS account is named.
    expect((await cli(['channel:create', '--org', slug, '--name', 'Ilmoitukset'])).code).toBe(0);
    const password = { KANAVA_USER_PASSWORD: 'a long enough password for Oona' };
    const handler = await cli(
      [
        'user:create',
        '--org',
        slug,
        '--email',
        `h-${slug}@example.test`,
        '--name',
        'Oona Operoitu',
        '--roles',
        'handler',
        '--channel',
        'Ilmoitukset',
        '--operator',
        operator,
      ],
      password,
    );
    expect(handler.code).toBe(0);
    const admin = await cli(
      ['user:create', '--org', slug, '--email', `a-${slug}@example.test`, '--name', 'Aino Admin', '--roles', 'admin', '--operator', operator],
      password,
    );
    expect(admin.code).toBe(0);

    // An empty or odd name is refused before anything is written.
    for (const bad of ['', '  ', '<script>', 'x'.repeat(65)]) {
      const refused = await cli(
        ['user:create', '--org', slug, '--email', `bad-${slug}@example.test`, '--name', 'Bad', '--roles', 'auditor', '--operator', bad],
        password,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/operator is named by/);
    }
    const [{ id: orgId }] = await t.db.query('SELECT id FROM organisations WHERE slug = $1', [slug]);
    expect(await t.db.query('SELECT email FROM staff_users WHERE organisation_id = $1 ORDER BY email', [orgId])).toEqual([
      { email: `a-${slug}@example.test` },
      { email: `h-${slug}@example.test` },
    ]);

    // Each change is an event of its own, chained by the CLI before it exited, naming the operator and no secret.
    const events = await t.db.query(
      `SELECT action, actor_kind AS "actorKind", actor_id AS "actorId", details FROM audit_events WHERE organisation_id = $1 ORDER BY seq`,
      [orgId],
    );
    expect(await t.db.query('SELECT count(*)::int AS n FROM audit_pending WHERE organisation_id = $1', [orgId])).toEqual([{ n: 0 }]);
    const handlerId = /^user \S+ created: id ([0-9a-f-]{36})/m.exec(handler.stdout)![1];
    const adminId = /^user \S+ created: id ([0-9a-f-]{36})/m.exec(admin.stdout)![1];
    expect(events.map((e: { action: string }) => e.action)).toEqual(['organisation.created', 'channel.created', 'staff.created', 'staff.created']);
    expect(events.every((e: { actorKind: string; actorId: string | null }) => e.actorKind === 'operator' && e.actorId === null)).toBe(true);
    expect(events.map((e: { details: { operator: string } }) => e.details.operator)).toEqual([operator, os.userInfo().username, operator, operator]);
    expect(events[2].details).toMatchObject({ userId: handlerId, roles: 'handler', channels: 1 });
    expect(events[3].details).toMatchObject({ userId: adminId, roles: 'admin', channels: 0 });
    expect(JSON.stringify(events)).not.toMatch(/password|totp|@example\.test/i);
    const verified = await cli(['audit:verify', '--org', slug]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, checked: 4 });

    // The admin the operator made sees, in the access review, that the handler was made outside the console.
    const session = await loginStaff(
      t,
      { email: `a-${slug}@example.test`, totpSecret: /^TOTP secret[^:]*: ([A-Z2-7]+)$/m.exec(admin.stdout)![1] },
      password.KANAVA_USER_PASSWORD,
    );
    const review = JSON.parse((await t.http.get('/api/admin/access-review').set(session.headers).expect(200)).text);
    expect(review.designations.find((d: { userId: string }) => d.userId === handlerId)).toMatchObject({
      displayName: 'Oona Operoitu',
      createdVia: 'operator',
      createdByOperator: operator,
    });
  }, 120_000);

  it('prints help', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const c of [
      'org:create',
      'channel:create',
      'user:create',
      'demo',
      'recovery-key:generate',
      'directory-key:generate',
      'directory:status',
      'directory:sign',
      'migrate',
      'audit:verify',
      'totp:code',
    ])
      expect(help.stdout).toContain(c);
  });
});
