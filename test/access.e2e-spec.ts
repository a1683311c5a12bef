import { randomUUID } from 'node:crypto';
import { RequestMethod, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { PUBLIC_KEY, ROLES_KEY } from '@kanava/access';
import { startTestApp, TestApp } from './helpers/app';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, solveChallenge, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('access control', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    // A report that excludes handler B (handlers[1]).
    caseId = (await submitReport(t, org, { title: 'T', body: 'B' }, [org.handlers[1].id])).body.caseId;
  });
  afterAll(() => t.close());

  it('every route of the running app declares @Public() or @Roles(...)', () => {
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const scanner = new MetadataScanner();
    const reflector = t.app.get(Reflector);
    const routes: { route: string; declared: boolean }[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const controller = wrapper.metatype as Type<unknown>;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const base = reflector.get<string>(PATH_METADATA, controller) ?? '';
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as Type<unknown>;
        const path = reflector.get<string | undefined>(PATH_METADATA, handler);
        if (path === undefined) continue;
        const verb = RequestMethod[reflector.get<number>(METHOD_METADATA, handler)];
        const targets = [handler, controller];
        const declared =
          !!reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) || (reflector.getAllAndOverride<string[]>(ROLES_KEY, targets)?.length ?? 0) > 0;
        routes.push({ route: `${verb} /${base}/${path}`.replace(/\/+/g, '/').replace(/\/$/, ''), declared });
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes.filter((r) => !r.declared)).toEqual([]);

    // And the live router agrees: every registered path is one of these routes.
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router
      .stack;
    const live = stack.filter((l) => l.route).map((l) => `${Object.keys(l.route!.methods)[0].toUpperCase()} ${l.route!.path}`);
    const declared = new Set(routes.map((r) => r.route));
    expect(live.filter((r) => !declared.has(r) && r !== 'GET /api/docs')).toEqual([]);
  });

  it('staff routes need a session', async () => {
    for (const path of ['/api/staff/cases', `/api/staff/cases/${caseId}`, '/api/auth/me']) {
      const res = await t.http.get(path);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 401, error: 'not_authenticated' });
    }
    const forged = await t.http.get('/api/staff/cases').set('Cookie', 'kanava_session=forged-token');
    expect(forged.status).toBe(401);
  });

  it('a role that is not allowed gets 403', async () => {
    const custodian = await loginStaff(t, org.custodians[0]);
    const res = await t.http.get('/api/staff/cases').set(custodian.headers);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden_role');
  });

  it('missing, excluded and foreign cases answer the same 404', async () => {
    const excluded = await loginStaff(t, org.handlers[1]);
    const foreign = await loginStaff(t, other.handlers[0]);
    const allowed = await loginStaff(t, org.handlers[0]);
    await t.http.get(`/api/staff/cases/${caseId}`).set(allowed.headers).expect(200);
    const answers = await Promise.all([
      t.http.get(`/api/staff/cases/${randomUUID()}`).set(allowed.headers),
      t.http.get(`/api/staff/cases/${caseId}`).set(excluded.headers),
      t.http.get(`/api/staff/cases/${caseId}`).set(foreign.headers),
    ]);
    for (const res of answers)
      expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { error: 'case_not_found', message: 'No such case.' } });
    // Nor do they list it.
    for (const who of [excluded, foreign]) {
      const inbox = await t.http.get('/api/staff/cases').set(who.headers).expect(200);
      expect(inbox.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
    }
  });

  it('the inbox pages with a keyset cursor', async () => {
    const info = await fetchOrganisation(t.http, org.slug);
    const recipients = await fetchRecipients(t.http, org.channelId);
    for (let i = 0; i < 3; i++) {
      const b = buildSubmission({ org: info, channelId: org.channelId, recipients, content: { title: `T${i}`, body: 'B' } });
      await t.http
        .post('/api/public/reports')
        .send({ ...b.body, proof: await solveChallenge(t.http) })
        .expect(201);
    }
    const staff = await loginStaff(t, org.handlers[0]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { cases: { id: string }[]; nextCursor: string | null } } = await t.http
        .get('/api/staff/cases')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(staff.headers)
        .expect(200);
      expect(res.body.cases.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.cases.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(4);
    expect(new Set(seen).size).toBe(4);
    const bad = await t.http.get('/api/staff/cases').query({ cursor: 'not-a-cursor' }).set(staff.headers);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_cursor');
  });

  it('a deactivated account loses its session at once', async () => {
    const staff = await loginStaff(t, other.handlers[0]);
    await t.db.query('UPDATE staff_users SET active = false WHERE id = $1', [other.handlers[0].id]);
    const res = await t.http.get('/api/staff/cases').set(staff.headers);
    expect(res.status).toBe(401);
    await t.db.query('UPDATE staff_users SET active = true WHERE id = $1', [other.handlers[0].id]);
  });
});
