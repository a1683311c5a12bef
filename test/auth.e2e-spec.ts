import { deriveStaffKeys, fromB64, toB64, DEFAULT_STAFF_KDF, randomBytes } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff } from './helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from './helpers/factories';

describe('staff login (CRYPTO.md "Staff login")', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t.db, { handlers: 1, custodians: 0 });
  });
  afterAll(() => t.close());

  it('prelogin answers a stable decoy for unknown addresses, shaped like a real answer', async () => {
    const real = await t.http.post('/api/auth/prelogin').send({ email: org.handlers[0].email }).expect(200);
    const a = await t.http.post('/api/auth/prelogin').send({ email: 'nobody@example.test' }).expect(200);
    const b = await t.http.post('/api/auth/prelogin').send({ email: 'NOBODY@example.test' }).expect(200);
    const c = await t.http.post('/api/auth/prelogin').send({ email: 'someone-else@example.test' }).expect(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.salt).not.toEqual(c.body.salt);
    expect(Object.keys(a.body).sort()).toEqual(Object.keys(real.body).sort());
    expect(a.body.kdf).toEqual(DEFAULT_STAFF_KDF);
    expect(fromB64(a.body.salt, 16)).toHaveLength(16);
  });

  it('the password never travels: only the derived authKey does, and the server stores its hash', async () => {
    const session = await loginStaff(t.http, org.handlers[0].email, TEST_PASSWORD);
    expect(session.bundle.boxSecretKey).toHaveLength(32);
    const [row] = await t.db.query('SELECT auth_key_hash, key_bundle FROM staff_users WHERE id = $1', [session.userId]);
    expect(Buffer.from(row.key_bundle).toString('utf8')).not.toContain(TEST_PASSWORD);
    expect(row.auth_key_hash).toHaveLength(32);
  });

  it('one answer for a wrong password and an unknown account', async () => {
    const pre = await t.http.post('/api/auth/prelogin').send({ email: org.handlers[0].email }).expect(200);
    const wrong = deriveStaffKeys('not the password at all', fromB64(pre.body.salt, 16), pre.body.kdf);
    const bad = await t.http.post('/api/auth/login').send({ email: org.handlers[0].email, authKey: toB64(wrong.authKey) });
    const unknown = await t.http.post('/api/auth/login').send({ email: 'ghost@example.test', authKey: toB64(randomBytes(32)) });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual(unknown.body);
    expect(bad.body.error).toBe('invalid_credentials');
    expect(bad.headers['set-cookie']).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and ends it on logout', async () => {
    const pre = await t.http.post('/api/auth/prelogin').send({ email: org.handlers[0].email });
    const { authKey } = deriveStaffKeys(TEST_PASSWORD, fromB64(pre.body.salt, 16), pre.body.kdf);
    const res = await t.http
      .post('/api/auth/login')
      .send({ email: org.handlers[0].email, authKey: toB64(authKey) })
      .expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = cookie.split(';')[0];
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM staff_sessions WHERE token_hash = $1', [Buffer.from(token.split('=')[1])]);
    expect(n).toBe(0); // the raw token is not stored; only its hash
    const me = await t.http.get('/api/auth/me').set('Cookie', token).expect(200);
    expect(me.body.user.email).toBe(org.handlers[0].email);
    await t.http.post('/api/auth/logout').set('Cookie', token).expect(204);
    await t.http.get('/api/auth/me').set('Cookie', token).expect(401);
  });

  it('an idle session expires', async () => {
    const session = await loginStaff(t.http, org.handlers[0].email, TEST_PASSWORD);
    await t.db.query("UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1", [session.userId]);
    await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(401);
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

  it('the default KDF is the one clients accept', () => {
    expect(DEFAULT_STAFF_KDF.ops).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_STAFF_KDF.mem).toBeGreaterThanOrEqual(67108864);
  });
});
