import { generateStaffKeys, toB64 } from '@kanava/crypto';
import { SetupService, totpFor, TotpClock } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { activationBody, loginStaff } from './helpers/clients';
import { createPrivateDatabase } from './helpers/private-db';

describe('first-run set-up', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
  // Made in beforeAll: libsodium is ready only once the tests run.
  let recovery: Uint8Array;
  const body = (token: string, change: Record<string, unknown> = {}) => ({
    token,
    organisation: { name: 'Esimerkki Oy', slug: 'esimerkki', recoveryPublicKey: toB64(recovery) },
    admin: { displayName: 'Anna Admin', email: 'anna@esimerkki.test', handler: true },
    channel: { name: 'Ilmoituskanava', defaultQuestionnaire: true },
    ...change,
  });
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    // An empty database of its own: the set-up is open only while no organisation exists anywhere in it.
    database = await createPrivateDatabase('kanava_setup');
    t = await startTestApp({}, { databaseUrl: database.url });
    recovery = generateStaffKeys().box.publicKey;
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('is open on an empty database, refuses a wrong token and bad input without writing anything', async () => {
    expect((await t.http.get('/api/setup').expect(200)).body).toEqual({ needed: true });
    // Before the start-up printed a token, no token works.
    expect(
      (
        await t.http
          .post('/api/setup')
          .send(body('x'.repeat(43)))
          .expect(403)
      ).body.error,
    ).toBe('setup_token_invalid');
    const token = (await t.app.get(SetupService).issueToken())!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // One character off, whatever the last one is: a changed token, never the token itself.
    expect(
      (
        await t.http
          .post('/api/setup')
          .send(body(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`))
          .expect(403)
      ).body.error,
    ).toBe('setup_token_invalid');
    const refused = [
      body(token, { organisation: { name: 'X', slug: 'Not A Slug', recoveryPublicKey: toB64(recovery) } }),
      body(token, { organisation: { name: ' ', slug: 'x', recoveryPublicKey: toB64(recovery) } }),
      body(token, { organisation: { name: 'X', slug: 'x', recoveryPublicKey: 'short' } }),
      body(token, { admin: { displayName: 'A', email: 'not-an-address', handler: true } }),
      body(token, { channel: { name: '', defaultQuestionnaire: false } }),
    ];
    for (const payload of refused) {
      const res = await t.http.post('/api/setup').send(payload);
      expect({ status: res.status, message: typeof res.body.message }).toEqual({ status: 400, message: 'string' });
    }
    expect([await count('organisations'), await count('channels'), await count('staff_invitations')]).toEqual([0, 0, 0]);
  });

  it('makes the organisation, the channel with its questionnaire and the first admin, who activates and signs in; then it is closed', async () => {
    const token = (await t.app.get(SetupService).issueToken())!;
    const made = await t.http.post('/api/setup').send(body(token)).expect(201);
    expect(made.body).toMatchObject({ slug: 'esimerkki', mailed: false, activationUrl: expect.stringMatching(/\/staff\/activate#[A-Za-z0-9_-]{43}$/) });
    const [org] = await t.db.query('SELECT id, name, recovery_public_key FROM organisations');
    expect(org).toMatchObject({ id: made.body.organisationId, name: 'Esimerkki Oy', recovery_public_key: Buffer.from(recovery) });
    expect(
      (await t.db.query('SELECT version FROM questionnaires WHERE channel_id = $1', [made.body.channelId])).map((r: { version: number }) => r.version),
    ).toEqual([1]);

    // Closed now: the status says so, and the same token (or any) makes nothing more.
    expect((await t.http.get('/api/setup').expect(200)).body).toEqual({ needed: false });
    expect(
      (
        await t.http
          .post('/api/setup')
          .send(body(token, { organisation: { name: 'B', slug: 'b', recoveryPublicKey: toB64(recovery) } }))
          .expect(404)
      ).body.error,
    ).toBe('setup_not_available');
    expect(await t.app.get(SetupService).issueToken()).toBeNull();

    // The invitation works like any other, though no admin made it.
    const invitation = /#([A-Za-z0-9_-]{43})$/.exec(made.body.activationUrl)![1];
    const { body: totp } = await t.http.post(`/api/auth/invitations/${invitation}/totp`).expect(200);
    const password = 'ensimmäinen aamu toimistolla 2026';
    const code = totpFor(totp.secret, 'x').generate({ timestamp: t.app.get(TotpClock).now() });
    await t.http.post(`/api/auth/invitations/${invitation}/activate`).send(activationBody(password, code)).expect(201);
    const admin = await loginStaff(t, { email: 'anna@esimerkki.test', totpSecret: totp.secret }, password);
    const me = await t.http.get('/api/auth/me').set(admin.headers).expect(200);
    expect([...me.body.user.roles].sort()).toEqual(['admin', 'handler']);
    expect(me.body.organisation).toMatchObject({ slug: 'esimerkki', name: 'Esimerkki Oy' });
    // A handler of the channel: the portal lists them as a recipient.
    const recipients = await t.http.get(`/api/public/channels/${made.body.channelId}/recipients`).expect(200);
    expect(recipients.body.handlers.map((h: { userId: string }) => h.userId)).toEqual([admin.userId]);

    const events = await t.db.query('SELECT action, actor_kind FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'organisation.created',
      'channel.created',
      'staff.invited',
      'staff.activated',
      'auth.signed_in',
    ]);
  });
});
