import { createHmac } from 'node:crypto';
import { deriveStaffKeys, fromB64, generateKey, recoverySubkeys, toB64, DEFAULT_STAFF_KDF, randomBytes, unwrapKeyBundle, wrapKeyBundle } from '@kanava/crypto';
import { TotpClock, totpFor } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, nextTotp } from './helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation, TestStaff } from './helpers/factories';

describe('staff sign-in, second factor and sessions', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp({ KANAVA_LOGIN_MAX_FAILURES: '3', KANAVA_LOGIN_BACKOFF_SECONDS: '120' });
    org = await makeOrganisation(t, { handlers: 7, custodians: 1 });
  });
  afterAll(() => t.close());

  async function authKeyFor(email: string, password = TEST_PASSWORD) {
    const pre = await t.http.post('/api/auth/prelogin').send({ email }).expect(200);
    return deriveStaffKeys(password, fromB64(pre.body.salt, 16), pre.body.kdf);
  }

  async function attempt(staff: TestStaff, overrides: Record<string, unknown> = {}) {
    const { authKey } = await authKeyFor(staff.email);
    return t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(authKey), totp: nextTotp(t, staff.totpSecret), ...overrides });
  }

  it('prelogin answers a stable decoy for unknown addresses, shaped like a real answer', async () => {
    const real = await t.http.post('/api/auth/prelogin').send({ email: org.handlers[0].email }).expect(200);
    const a = await t.http.post('/api/auth/prelogin').send({ email: 'nobody@example.test' }).expect(200);
    const b = await t.http.post('/api/auth/prelogin').send({ email: 'NOBODY@example.test' }).expect(200);
    const c = await t.http.post('/api/auth/prelogin').send({ email: 'someone-else@example.test' }).expect(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.salt).not.toEqual(c.body.salt);
    expect(Object.keys(a.body).sort()).toEqual(Object.keys(real.body).sort());
    expect(a.body.kdf).toEqual(DEFAULT_STAFF_KDF);
  });

  it('the password never travels: only the derived authKey does, and the server stores its hash', async () => {
    const session = await loginStaff(t, org.handlers[0]);
    expect(session.bundle.boxSecretKey).toHaveLength(32);
    const [row] = await t.db.query('SELECT auth_key_hash, key_bundle, totp_secret FROM staff_users WHERE id = $1', [session.userId]);
    expect(Buffer.from(row.key_bundle).toString('utf8')).not.toContain(TEST_PASSWORD);
    expect(row.auth_key_hash).toHaveLength(32);
    expect(Buffer.from(row.totp_secret).toString('latin1')).not.toContain(org.handlers[0].totpSecret); // sealed at rest
  });

  it('one answer for a wrong password, a wrong code, a missing code and an unknown account', async () => {
    const staff = org.handlers[3];
    const wrong = await authKeyFor(staff.email, 'not the password at all');
    const answers = [
      await t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(wrong.authKey), totp: nextTotp(t, staff.totpSecret) }),
      await attempt(staff, { totp: '000000' }),
      await attempt(staff, { totp: undefined }),
      await t.http.post('/api/auth/login').send({ email: 'ghost@example.test', authKey: toB64(randomBytes(32)), totp: '123456' }),
    ];
    for (const res of answers) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: 'invalid_credentials', message: expect.any(String) } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  /** A sign-in by someone who knows the address only: a password guess, with a made-up code. */
  async function guess(staff: TestStaff, overrides: Record<string, unknown> = {}) {
    return t.http
      .post('/api/auth/login')
      .send({ email: staff.email, authKey: toB64((await authKeyFor(staff.email, 'a guessed password 1234')).authKey), totp: '123456', ...overrides });
  }

  const throttleOf = async (staff: TestStaff) =>
    // The row's key as libs/staff derives it: an HMAC of the address under the server secret.
    (
      await t.db.query('SELECT failures, strikes, locked_until FROM login_throttle WHERE key_hash = $1', [
        createHmac('sha256', t.config.serverSecret!).update(`kanava:login-throttle:${staff.email}`).digest(),
      ])
    )[0] as { failures: number; strikes: number; locked_until: Date | null };

  it('locks an address against guessing, yet its owner signs in with the password and a code after the back-off, however the guessing goes on', async () => {
    const staff = org.handlers[4];
    for (let i = 0; i < 3; i++) expect((await guess(staff)).status).toBe(401);
    const locked = await throttleOf(staff);
    expect(locked.locked_until!.getTime() - t.clock.nowMs()).toBeGreaterThan(14 * 60_000);
    // Within the back-off (120 s here) nothing is looked at, the owner's right password and code neither.
    const early = await attempt(staff);
    expect({ status: early.status, body: early.body }).toEqual({ status: 401, body: { error: 'invalid_credentials', message: expect.any(String) } });
    // Whoever knows the address keeps guessing, before and after the back-off: it neither counts nor moves the lock.
    for (let i = 0; i < 5; i++) expect((await guess(staff)).status).toBe(401);
    t.clock.advance(120_000);
    for (let i = 0; i < 5; i++) expect((await guess(staff, { totp: String(100000 + i) })).status).toBe(401);
    expect(await throttleOf(staff)).toEqual(locked);
    // The owner is not locked out.
    expect((await attempt(staff)).status).toBe(200);
    expect(await throttleOf(staff)).toEqual({ failures: 0, strikes: 0, locked_until: null });
    const events = await t.db.query("SELECT details FROM audit_events WHERE actor_id = $1 AND action = 'auth.sign_in_failed' ORDER BY seq", [staff.id]);
    expect(events.map((e: { details: { locked: boolean } }) => e.details.locked)).toEqual([false, false, true, true, ...Array(10).fill(true)]);
  });

  it('a lock, once over, starts again only after as many new failures: an attacker locks an address at most once a lock period', async () => {
    const staff = org.handlers[5];
    for (let i = 0; i < 3; i++) await guess(staff);
    const first = (await throttleOf(staff)).locked_until!;
    t.clock.advance(15 * 60_000);
    // The lock has ended; two failures do not lock again, the third does, from now.
    for (let i = 0; i < 2; i++) await guess(staff);
    expect(await throttleOf(staff)).toMatchObject({ failures: 2, locked_until: null });
    await guess(staff);
    expect((await throttleOf(staff)).locked_until!.getTime()).toBeGreaterThan(first.getTime());
  });

  it('during a lock, a code is spent by the attempt it comes with: one guess of the password per code for someone who holds the second factor', async () => {
    const staff = org.handlers[6];
    for (let i = 0; i < 3; i++) await guess(staff);
    t.clock.advance(120_000);
    const code = nextTotp(t, staff.totpSecret);
    expect((await guess(staff, { totp: code })).status).toBe(401);
    // The same code with the right password is now a replay.
    const { authKey } = await authKeyFor(staff.email);
    expect((await t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(authKey), totp: code })).status).toBe(401);
    expect((await attempt(staff)).status).toBe(200);
  });

  it('failures with the right password lock the address for its owner too, until the lock ends or an admin lifts it', async () => {
    const staff = org.handlers[2];
    for (let i = 0; i < 3; i++) expect((await attempt(staff, { totp: '000000' })).status).toBe(401);
    const locked = await attempt(staff);
    expect(locked.status).toBe(401);
    expect(locked.body.error).toBe('invalid_credentials');
    // Only someone who knows the password gets here, so the back-off does not open it.
    t.clock.advance(120_000);
    expect((await attempt(staff)).status).toBe(401);
    const admin = await loginStaff(t, org.admins[0]);
    await t.http.post(`/api/admin/staff/${staff.id}/unlock`).set(admin.headers).expect(204);
    expect((await attempt(staff)).status).toBe(200);
    // Without an admin, it ends with the lock period; a stolen password buys three guesses of the code per period.
    for (let i = 0; i < 3; i++) expect((await attempt(staff, { totp: '000000' })).status).toBe(401);
    t.clock.advance(15 * 60_000 - 60_000);
    expect((await attempt(staff)).status).toBe(401);
    t.clock.advance(60_000);
    expect((await attempt(staff)).status).toBe(200);
  });

  it('refuses a TOTP code replayed within its time step', async () => {
    const staff = org.handlers[0];
    const { authKey } = await authKeyFor(staff.email);
    const code = nextTotp(t, staff.totpSecret);
    await t.http
      .post('/api/auth/login')
      .send({ email: staff.email, authKey: toB64(authKey), totp: code })
      .expect(200);
    const replay = await t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(authKey), totp: code });
    expect(replay.status).toBe(401);
    // An earlier step is a replay too.
    const clock = t.app.get(TotpClock);
    const earlier = totpFor(staff.totpSecret, 'x').generate({ timestamp: clock.now() - 30_000 });
    expect((await t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(authKey), totp: earlier })).status).toBe(401);
  });

  it('accepts each backup code once', async () => {
    const staff = org.custodians[0];
    const { authKey } = await authKeyFor(staff.email);
    const body = { email: staff.email, authKey: toB64(authKey), backupCode: staff.backupCodes[0].toLowerCase() };
    await t.http.post('/api/auth/login').send(body).expect(200);
    expect((await t.http.post('/api/auth/login').send(body)).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, stores only hashes, and ends it on logout', async () => {
    const res = await attempt(org.handlers[0]);
    expect(res.status).toBe(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = cookie.split(';')[0];
    const headers = { Cookie: token, 'X-CSRF-Token': res.body.csrfToken as string };
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM staff_sessions WHERE token_hash = $1 OR csrf_hash = $2', [
      Buffer.from(token.split('=')[1]),
      Buffer.from(res.body.csrfToken as string),
    ]);
    expect(n).toBe(0);
    const me = await t.http.get('/api/auth/me').set(headers).expect(200);
    expect(me.body.user.email).toBe(org.handlers[0].email);
    await t.http.post('/api/auth/logout').set(headers).expect(204);
    await t.http.get('/api/auth/me').set(headers).expect(401);
  });

  it('refuses a state change without the session CSRF token', async () => {
    const session = await loginStaff(t, org.handlers[0]);
    for (const token of [undefined, 'wrong-token', (await loginStaff(t, org.handlers[1])).csrfToken]) {
      const req = t.http.post('/api/auth/logout').set('Cookie', session.cookie);
      const res = await (token ? req.set('X-CSRF-Token', token) : req);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'csrf_token_invalid' });
    }
    await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(200); // reading needs no token, and the session survived
  });

  it('logs out everywhere', async () => {
    const a = await loginStaff(t, org.handlers[1]);
    const b = await loginStaff(t, org.handlers[1]);
    const res = await t.http.post('/api/auth/logout-all').set(a.headers).expect(200);
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    await t.http.get('/api/auth/me').set(b.headers).expect(401);
  });

  it('an idle session expires', async () => {
    const session = await loginStaff(t, org.handlers[0]);
    await t.db.query("UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1", [session.userId]);
    await t.http.get('/api/auth/me').set(session.headers).expect(401);
  });

  it('changes the password: the bundle is re-wrapped in the client, the old password stops working, the keys still open', async () => {
    const staff = org.handlers[1];
    const session = await loginStaff(t, staff);
    const current = await authKeyFor(staff.email);
    const salt = randomBytes(16);
    const next = deriveStaffKeys('a brand new passphrase for Handler', salt, DEFAULT_STAFF_KDF);
    const body = {
      currentAuthKey: toB64(current.authKey),
      totp: nextTotp(t, staff.totpSecret),
      next: { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF, authKey: toB64(next.authKey), keyBundle: toB64(wrapKeyBundle(session.bundle, next.kek)) },
    };
    const weak = await t.http
      .post('/api/auth/password')
      .set(session.headers)
      .send({ ...body, next: { ...body.next, kdf: { alg: 'argon2id13', ops: 1, mem: 1024 } } });
    expect(weak.body.error).toBe('kdf_not_accepted');
    // Stronger parameters than the server's are refused too: they would set the account apart from prelogin decoys.
    const odd = await t.http
      .post('/api/auth/password')
      .set(session.headers)
      .send({ ...body, next: { ...body.next, kdf: { ...DEFAULT_STAFF_KDF, ops: DEFAULT_STAFF_KDF.ops + 1 } } });
    expect(odd.body.error).toBe('kdf_not_accepted');
    const changed = await t.http.post('/api/auth/password').set(session.headers).send(body);
    expect({ status: changed.status, body: changed.body }).toEqual({ status: 204, body: {} });

    const oldKey = await authKeyFor(staff.email); // now derived with the new salt: the old password gives a wrong key
    expect(
      (await t.http.post('/api/auth/login').send({ email: staff.email, authKey: toB64(oldKey.authKey), totp: nextTotp(t, staff.totpSecret) })).status,
    ).toBe(401);
    const fresh = await loginStaff(t, staff, 'a brand new passphrase for Handler');
    expect(toB64(fresh.bundle.signSecretKey)).toBe(toB64(session.bundle.signSecretKey));
  });

  it('recovers with the recovery key: a new password for the same keys, every session ends', async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const staff = other.handlers[0];
    const session = await loginStaff(t, staff);
    const recoveryKey = fromB64(staff.recoveryKey, 32);
    const { wrapKey, resetKey } = recoverySubkeys(recoveryKey);
    const wrongReset = await t.http
      .post('/api/auth/recovery/bundle')
      .send({ email: staff.email, resetKey: toB64(generateKey()), totp: nextTotp(t, staff.totpSecret) });
    expect(wrongReset.status).toBe(401);
    // The recovery key alone is not enough: a stolen printout does not open the keys.
    const noFactor = await t.http.post('/api/auth/recovery/bundle').send({ email: staff.email, resetKey: toB64(resetKey) });
    expect(noFactor.status).toBe(401);
    const { body } = await t.http
      .post('/api/auth/recovery/bundle')
      .send({ email: staff.email, resetKey: toB64(resetKey), totp: nextTotp(t, staff.totpSecret) })
      .expect(200);
    const bundle = unwrapKeyBundle(fromB64(body.recoveryKeyBundle), wrapKey);
    expect(toB64(bundle.boxSecretKey)).toBe(toB64(session.bundle.boxSecretKey));
    const salt = randomBytes(16);
    const next = deriveStaffKeys('recovered passphrase, much longer', salt, DEFAULT_STAFF_KDF);
    await t.http
      .post('/api/auth/recovery/reset')
      .send({
        email: staff.email,
        resetKey: toB64(resetKey),
        totp: nextTotp(t, staff.totpSecret),
        next: { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF, authKey: toB64(next.authKey), keyBundle: toB64(wrapKeyBundle(bundle, next.kek)) },
      })
      .expect(204);
    await t.http.get('/api/auth/me').set(session.headers).expect(401);
    const after = await loginStaff(t, staff, 'recovered passphrase, much longer');
    expect(toB64(after.bundle.signSecretKey)).toBe(toB64(session.bundle.signSecretKey));
  });

  it('refuses malformed login bodies with 400', async () => {
    for (const body of [
      {},
      { email: 'x' },
      { email: org.handlers[0].email, authKey: 'short' },
      { email: org.handlers[0].email, authKey: toB64(randomBytes(32)), extra: 1 },
    ]) {
      const res = await t.http.post('/api/auth/login').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });
});
