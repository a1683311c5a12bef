import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, TestApp } from './helpers/app';
import { makeOrganisation } from './helpers/factories';
import { ROOT } from './helpers/processes';

describe('operations endpoints and headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness (readiness asks PostgreSQL)', async () => {
    await t.http.get('/api/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/api/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.database.status).toBe('up');
  });

  it('publishes an OpenAPI description of every route', async () => {
    const res = await t.http.get('/api/docs').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/public/organisations/{slug}',
      '/api/public/channels/{channelId}/recipients',
      '/api/public/channels/{channelId}/privacy-notice',
      '/api/public/challenges',
      '/api/public/reports',
      '/api/public/case',
      '/api/public/case/messages',
      '/api/auth/prelogin',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/api/staff/cases',
      '/api/staff/cases/{caseId}',
      '/api/staff/cases/{caseId}/messages',
      '/api/health/live',
      '/api/health/ready',
    ]) {
      expect(paths).toContain(p);
    }
    expect(res.body.components.schemas.SubmitReportDto.properties.items).toBeDefined();
  });

  it('sets strict security headers and no cookies on public routes', async () => {
    const org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const res = await t.http.get(`/api/public/organisations/${org.slug}`).expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers unknown organisations and channels with 404 and bad ids with 400', async () => {
    const org = await t.http.get('/api/public/organisations/no-such-org').expect(404);
    expect(org.body.error).toBe('organisation_not_found');
    const ch = await t.http.get('/api/public/channels/00000000-0000-4000-8000-000000000000/recipients').expect(404);
    expect(ch.body.error).toBe('channel_not_found');
    const bad = await t.http.get('/api/public/channels/NOT-A-UUID/recipients').expect(400);
    expect(bad.body.error).toBe('invalid_request');
    const slug = await t.http.get('/api/public/organisations/Bad_Slug').expect(400);
    expect(slug.body.error).toBe('invalid_request');
  });

  it('serves the site icon that the pages name, also at /favicon.ico, which browsers ask for by themselves', async () => {
    for (const icon of ['/favicon.svg', '/favicon.ico']) {
      const res = await t.http.get(icon).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(String(res.body)).toContain('<svg');
    }
    for (const html of ['portal.html', 'staff.html'])
      expect(readFileSync(path.join(ROOT, 'apps', 'web', html), 'utf8')).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404);
    expect(res.body.error).toBe('not_found');
  });

  it('issues single-use challenges with the configured difficulty', async () => {
    const a = await t.http.post('/api/public/challenges').expect(201);
    const b = await t.http.post('/api/public/challenges').expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.difficulty).toBe(4);
    expect(new Date(a.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });
});
