import { startTestApp, TestApp } from './helpers/app';
import { loginStaff } from './helpers/clients';
import { dumpDatabase } from './helpers/db-dump';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

/**
 * Leaving clears the browser (issue 8): the reporter portal's quick exit calls
 * POST /api/public/leave; staff sign-outs clear cookies too.
 */
describe('Clear-Site-Data on leaving', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
  let org: TestOrganisation;

  beforeAll(async () => {
    // A private database, so "nothing stored" is about this file's requests only.
    database = await createPrivateDatabase('kanava_leave');
    t = await startTestApp({}, { databaseUrl: database.url });
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('POST /api/public/leave answers 204 clearing cache and storage, sets no cookie and stores nothing', async () => {
    const before = await dumpDatabase(t.db);
    const res = await t.http.post('/api/public/leave').set('User-Agent', 'kanava-leave-probe').expect(204);
    expect(res.headers['clear-site-data']).toBe('"cache", "storage"');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toBe('');
    expect(await dumpDatabase(t.db)).toBe(before);
    // It takes no body and needs no proof or token: a quick exit must never fail.
    await t.http.post('/api/public/leave').set('Content-Type', 'application/json').send('{}').expect(204);
  });

  it('only POST leaves: a GET (a prefetch, a crawler) clears nothing', async () => {
    const res = await t.http.get('/api/public/leave');
    expect(res.status).toBe(404);
    expect(res.headers['clear-site-data']).toBeUndefined();
  });

  it.each(['logout', 'logout-all'])('staff %s clears cache, cookies and storage', async (route) => {
    const session = await loginStaff(t, org.handlers[0]);
    const res = await t.http.post(`/api/auth/${route}`).set(session.headers);
    expect(res.status).toBeLessThan(300);
    expect(res.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    // The session really ended, so the header accompanies an actual sign-out.
    await t.http.get('/api/auth/me').set(session.headers).expect(401);
  });

  it('a refused sign-out (no session) clears nothing', async () => {
    const res = await t.http.post('/api/auth/logout');
    expect(res.status).toBe(401);
    expect(res.headers['clear-site-data']).toBeUndefined();
  });
});
