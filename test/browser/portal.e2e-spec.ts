import { Browser } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { findMarkers, launchChromium, ensureWebBuilt, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { appOrigin, attachmentsAsHandler, caseIdByReference, jpegWithExif, postHandlerReply } from './helpers/portal';

const en = catalogs.en;
const fi = catalogs.fi;

/** Plaintext the reporter types or attaches; none of it may appear in any request. */
const MARKERS = {
  title: 'TITLE-MARKER-7f3a91',
  body: 'BODY-MARKER-c02d5e',
  person: 'PERSON-MARKER-41b8aa',
  identity: 'IDENTITY-MARKER-93e1f0',
  exif: 'EXIF-GPS-MARKER-6d2c17',
  pixels: 'PIXEL-MARKER-e8a4b3',
  file: 'FILE-MARKER-0b7e62',
  reply: 'REPLY-MARKER-5a9d03',
};

describe('reporter portal in the browser', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the portal with a strict CSP, no referrer, Subresource Integrity and no cookie', async () => {
    const res = await t.http.get(`/r/${org.slug}`).expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const html = res.text;
    const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => /\bsrc=|rel="(stylesheet|modulepreload)"/.test(tag));
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const tag of tags) expect(tag).toMatch(/integrity="sha384-[A-Za-z0-9+/]+={0,2}"/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).toContain('<noscript>');
    const script = /<script[^>]*src="([^"]+)"/.exec(html)![1];
    const asset = await t.http.get(script).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-security-policy']).toContain("default-src 'self'");
    // Only the portal's own address form is answered with the page.
    expect((await t.http.get('/r/Not_A_Slug!')).status).toBe(404);
  });

  it('says plainly that JavaScript is needed when it is off', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB', { javaScriptEnabled: false });
    try {
      await r.page.goto(`${r.origin}/r/${org.slug}`);
      await expect(r.page.getByRole('heading', { name: 'The reporting channel needs JavaScript' }).isVisible()).resolves.toBe(true);
      await screenshot(r.page, '00-no-javascript');
    } finally {
      await r.close();
    }
  });

  it('lets a reporter submit, keep the case secret, come back with it alone, read the signed reply and answer', async () => {
    // --- First visit: submit.
    const first = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = first;
    const portal = await page.goto(`${first.origin}/r/${org.slug}`);
    expect(portal!.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByRole('heading', { level: 1, name: en['home.title'].replace('{org}', `Test Oy ${org.slug.slice(4)}`) }).waitFor();
    await screenshot(page, '01-information-page');
    await expectAccessible(page, 'information page');

    await page.getByRole('button', { name: en['home.report'] }).click();
    await page.getByLabel(en['report.category'], { exact: true }).selectOption({ label: 'Safety' });
    await page.getByLabel(en['report.subject'], { exact: true }).fill(MARKERS.title);
    await page.getByLabel(en['report.body'], { exact: true }).fill(`What happened: ${MARKERS.body}`);
    await page.getByRole('button', { name: en['report.personAdd'] }).click();
    await page.getByLabel(en['report.personName'], { exact: true }).fill(MARKERS.person);
    await page.getByLabel(en['report.personRole'], { exact: true }).fill('Manager');
    await page.getByLabel(en['report.identityGive'], { exact: true }).check();
    await page.getByLabel(en['report.identityName'], { exact: true }).fill(MARKERS.identity);
    await page.getByLabel(en['report.identityContact'], { exact: true }).fill('signal: ask');
    await page.getByLabel(org.handlers[1].displayName, { exact: true }).check();
    await page.getByLabel(en['files.choose'], { exact: true }).setInputFiles([
      { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif(MARKERS.exif, MARKERS.pixels) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(`notes ${MARKERS.file}`) },
    ]);
    await page.getByText(en['files.cleaned']).waitFor();
    await expect(page.getByText(en['files.imageNote']).isVisible()).resolves.toBe(true);
    await screenshot(page, '02-report-form');
    await expectAccessible(page, 'report form');

    await page.getByRole('button', { name: en['report.send'] }).click();
    const secretBox = page.getByTestId('case-secret');
    await secretBox.waitFor({ timeout: 60_000 });
    const caseSecret = (await secretBox.textContent())!.trim();
    expect(caseSecret).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const reference = /: (.+)$/.exec((await page.getByText(en['secret.reference'].replace('{reference}', '')).textContent())!)![1];
    await expect(page.getByText(en['secret.never']).isVisible()).resolves.toBe(true);
    await screenshot(page, '03-case-secret');
    await expectAccessible(page, 'case secret page');

    // The secret can be downloaded as a text file; the page does not let go before the confirmation.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en['secret.download'] }).click()]);
    const saved = await download.createReadStream().then(async (s) => {
      const parts: Buffer[] = [];
      for await (const p of s) parts.push(p as Buffer);
      return Buffer.concat(parts).toString('utf8');
    });
    expect(saved).toContain(caseSecret);
    await page.getByRole('button', { name: en['secret.continue'] }).click();
    await expect(page.getByText(en['secret.mustConfirm']).isVisible()).resolves.toBe(true);
    await expect(secretBox.isVisible()).resolves.toBe(true);
    await page.getByLabel(en['secret.confirm'], { exact: true }).check();
    await page.getByRole('button', { name: en['secret.continue'] }).click();
    await page.getByTestId('case-status').waitFor();
    await expect(page.getByText(MARKERS.title).isVisible()).resolves.toBe(true);
    await screenshot(page, '04-case-after-submission');

    // Nothing was kept in the browser: no cookie, no storage.
    expect(await first.context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expectClean(first);
    await first.close();

    // --- The handler reads the case in their own client and answers.
    const caseId = await caseIdByReference(t, reference);
    const files = await attachmentsAsHandler(t, org.handlers[0], caseId);
    expect([...files.keys()].sort()).toEqual(['notes.txt', 'photo.jpg']);
    const photo = files.get('photo.jpg')!;
    expect(photo.includes(MARKERS.exif)).toBe(false);
    expect(photo.includes(MARKERS.pixels)).toBe(true);
    expect(files.get('notes.txt')!.toString()).toBe(`notes ${MARKERS.file}`);
    const excludedGrants = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [
      caseId,
      org.handlers[1].id,
    ]);
    expect(excludedGrants[0].n).toBe(0);
    const replyText = 'Thank you. Could you tell us when this started?';
    await postHandlerReply(t, org.handlers[0], caseId, replyText);

    // --- Second visit, a new browser context (Finnish), with nothing but the case secret.
    const second = await recordedContext(browser, appOrigin(t), 'fi-FI');
    const page2 = second.page;
    await page2.goto(`${second.origin}/r/${org.slug}`);
    await page2.getByRole('button', { name: fi['home.followUp'] }).click();
    await page2.getByLabel(fi['followUp.secret'], { exact: true }).fill(caseSecret.toLowerCase());
    await screenshot(page2, '05-follow-up-entry');
    await page2.getByRole('button', { name: fi['followUp.open'] }).click();
    await page2.getByTestId('case-status').waitFor({ timeout: 30_000 });
    await expect(page2.getByText(replyText).isVisible()).resolves.toBe(true);
    await expect(page2.getByTestId('signed-badge').textContent()).resolves.toContain(fi['case.signed']);
    await expect(page2.getByText(fi['status.received']).isVisible()).resolves.toBe(true);
    await screenshot(page2, '06-handler-reply');
    await expectAccessible(page2, 'case page');

    await page2.getByLabel(fi['case.reply'], { exact: true }).fill(`It started in March. ${MARKERS.reply}`);
    await page2.getByRole('button', { name: fi['case.send'] }).click();
    await page2.getByText(fi['case.replySent']).waitFor();
    await page2.getByText(MARKERS.reply).waitFor();
    await screenshot(page2, '07-reporter-answer');
    expectClean(second);
    await second.close();

    // The answer reached the case, encrypted and signed by the reporter.
    const rows = await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'message-reporter'", [caseId]);
    expect(rows[0].n).toBe(1);

    // --- No request of either visit carried any plaintext.
    const all = [...first.requests, ...second.requests];
    // The search itself finds a marker sent in the clear or base64url-encoded at any alignment.
    const probe = (body: string) => [{ method: 'POST', url: '/probe', headers: {}, body: Buffer.from(body) }];
    expect(findMarkers(probe(`{"x":"${MARKERS.body}"}`), [MARKERS.body])).not.toEqual([]);
    for (const pad of ['', 'a', 'ab']) expect(findMarkers(probe(Buffer.from(pad + MARKERS.body).toString('base64url')), [MARKERS.body])).not.toEqual([]);
    expect(all.some((r) => r.method === 'POST' && r.url.endsWith('/api/public/reports') && r.body.length > 1000)).toBe(true);
    const uploads = all.filter((r) => r.method === 'PUT' && r.url.includes('/content'));
    expect(uploads).toHaveLength(2);
    for (const u of uploads) expect(u.body.length).toBeGreaterThan(65536);
    expect(findMarkers(all, Object.values(MARKERS))).toEqual([]);
    expect(findMarkers(all, [caseSecret, caseSecret.replace(/-/g, '')])).toEqual([]);
  }, 180_000);
});
