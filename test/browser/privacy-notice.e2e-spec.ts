import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { catalogs as portalText } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff } from '../helpers/clients';
import { CONFIDENTIALITY_NOTICE } from '@kanava/staff';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { acceptNotice, signIn, staffText } from './helpers/staff';

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

/** The channel's privacy notice: reporters read it in the portal's language; the admin edits it and downloads the record of processing. */
describe('privacy notice in the browser', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    const admin = await loginStaff(t, org.admins[0]);
    await t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send({ retentionDays: 1700, closedRetentionDays: null }).expect(200);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the portal shows the notice in Finnish, Swedish and English, with the live retention and the Ombudsman', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('heading', { level: 2, name: portalText.fi['privacy.sectionTitle'] }).waitFor();
      await page.getByRole('button', { name: fill(portalText.fi['privacy.link'], { channel: 'Reports' }) }).click();
      await heading(page, fill(portalText.fi['privacy.link'], { channel: 'Reports' }));
      const notice = page.getByRole('article');
      await notice.getByRole('heading', { level: 2, name: 'Valitusoikeus' }).waitFor();
      const fi = await notice.innerText();
      expect(fi).toContain('tietosuojavaltuutetulle');
      expect(fi).toContain('1700 päivän');
      expect(fi).toContain('6 artiklan 1 kohdan c alakohta');
      expect(fi).toContain('2 käsittelijää');
      expect(await notice.getAttribute('lang')).toBe('fi');
      await expectAccessible(page, 'privacy notice fi');
      await screenshot(page, 'privacy-notice-fi');

      await page.getByRole('button', { name: 'Svenska' }).click();
      await heading(page, fill(portalText.sv['privacy.link'], { channel: 'Reports' }));
      await notice.getByRole('heading', { level: 2, name: 'Klagomål' }).waitFor();
      const sv = await notice.innerText();
      expect(sv).toContain('dataombudsmannen');
      expect(sv).toContain('1700 dagar');
      expect(await notice.getAttribute('lang')).toBe('sv');

      await page.getByRole('button', { name: 'English' }).click();
      await heading(page, fill(portalText.en['privacy.link'], { channel: 'Reports' }));
      await notice.getByRole('heading', { level: 2, name: 'Complaints' }).waitFor();
      const en = await notice.innerText();
      expect(en).toContain('Data Protection Ombudsman');
      expect(en).toContain('1700 days');
      expect(en).toContain('Article 6(1)(c)');

      await page.getByRole('button', { name: portalText.en['privacy.back'] }).click();
      await heading(page, fill(portalText.en['home.title'], { org: `Test Oy ${org.slug.slice(4)}` }));
      expectClean(r);
      // The notice is fetched without cookies or a case secret.
      const asked = r.requests.filter((q) => q.url.includes('/privacy-notice'));
      expect([...new Set(asked.map((q) => new URL(q.url, r.origin).searchParams.get('language')))]).toEqual(['fi', 'sv', 'en']);
      for (const q of asked) {
        expect(q.headers['cookie']).toBeUndefined();
        expect(q.headers['authorization']).toBeUndefined();
      }
    } finally {
      await r.close();
    }
  });

  it('an admin edits the Finnish notice in the console, sees the template for the others, and downloads the record as JSON and PDF', async () => {
    const en = staffText.en;
    const admin = await recordedContext(browser, appOrigin(t), 'en-GB');
    const reporter = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      const ap = admin.page;
      await ap.goto(`${admin.origin}/staff`);
      await signIn(ap, t, org.admins[0]);
      await ap.getByRole('link', { name: en['nav.privacy'] }).click();
      await heading(ap, en['admin.privacy.title']);
      const finnish = ap.getByLabel(fill(en['admin.privacy.text'], { language: 'Suomi' }), { exact: true });
      await finnish.waitFor();
      // Nothing set yet: every language is empty and says the template is shown; the preview shows the template.
      expect(await finnish.inputValue()).toBe('');
      expect(await ap.getByText(en['admin.privacy.usesTemplate']).count()).toBe(3);
      await ap.getByText(en['admin.privacy.missing']).waitFor();
      await ap.getByText(fill(en['admin.privacy.preview'], { language: 'Svenska' })).click();
      await ap.getByText(/1700 dagar/).waitFor();
      await expectAccessible(ap, 'admin privacy notice');

      // Start from the Finnish template, then make it the organisation's own.
      await ap.getByRole('button', { name: fill(en['admin.privacy.copyTemplate'], { language: 'Suomi' }) }).click();
      expect(await finnish.inputValue()).toContain('tietosuojavaltuutetulle');
      await finnish.fill('Oma tietosuojaseloste\n\nKäsittelemme ilmoitukset lain mukaan. Kysy lisää tietosuojavastaavalta.');
      await ap.getByText(en['admin.privacy.usesOwn']).waitFor();
      await ap.getByLabel(en['admin.privacy.processor'], { exact: true }).fill('Hosting Oy, tuki@hosting.example');
      await ap.getByLabel(en['admin.privacy.storage'], { exact: true }).fill('Helsinki, Finland');
      await ap.getByRole('button', { name: en['admin.privacy.save'] }).click();
      await ap
        .getByRole('status')
        .filter({ hasText: fill(en['admin.privacy.saved'], { channel: 'Reports', own: 'Suomi', template: 'Svenska, English' }) })
        .waitFor();
      await screenshot(ap, 'admin-privacy-notice');

      // Opened again, the form holds the saved text; the record names the processor.
      await ap.getByRole('link', { name: en['nav.channels'] }).click();
      await heading(ap, en['admin.channels.title']);
      await ap.getByRole('link', { name: en['nav.privacy'] }).click();
      await heading(ap, en['admin.privacy.title']);
      await ap.getByLabel(fill(en['admin.privacy.text'], { language: 'Suomi' }), { exact: true }).waitFor();
      expect(await ap.getByLabel(fill(en['admin.privacy.text'], { language: 'Suomi' }), { exact: true }).inputValue()).toContain('Oma tietosuojaseloste');
      expect(await ap.getByLabel(fill(en['admin.privacy.text'], { language: 'English' }), { exact: true }).inputValue()).toBe('');

      const [json] = await Promise.all([ap.waitForEvent('download'), ap.getByRole('button', { name: en['admin.privacy.recordJson'] }).click()]);
      expect(json.suggestedFilename()).toBe('processing-record-Reports.json');
      const record = JSON.parse(readFileSync((await json.path())!, 'utf8'));
      expect(record).toMatchObject({
        controller: { organisationId: org.id },
        retention: { retentionDays: 1700, closedRetentionDays: null },
        processors: [{ name: 'Hosting Oy, tuki@hosting.example' }],
        thirdCountryTransfers: { any: false },
      });
      const [pdf] = await Promise.all([ap.waitForEvent('download'), ap.getByRole('button', { name: en['admin.privacy.recordPdf'] }).click()]);
      expect(pdf.suggestedFilename()).toBe('processing-record-Reports.pdf');
      const bytes = readFileSync((await pdf.path())!).toString('latin1');
      expect(bytes.startsWith('%PDF-')).toBe(true);
      expect(bytes).toContain('(Retention days: 1700)');
      expect(bytes).toContain('Hosting Oy');
      await ap.getByRole('status').filter({ hasText: en['admin.privacy.recordDone'] }).waitFor();
      expectClean(admin);

      // The reporter sees the organisation's Finnish text, and the template in Swedish.
      const rp = reporter.page;
      await rp.goto(`${reporter.origin}/r/${org.slug}`);
      await rp.getByRole('button', { name: fill(portalText.fi['privacy.link'], { channel: 'Reports' }) }).click();
      await rp.getByText('Käsittelemme ilmoitukset lain mukaan. Kysy lisää tietosuojavastaavalta.').waitFor();
      expect(await rp.getByRole('article').innerText()).not.toContain('tietosuojavaltuutetulle');
      await rp.getByRole('button', { name: 'Svenska' }).click();
      await rp
        .getByRole('article')
        .getByText(/Tjänsten drivs av Hosting Oy/)
        .waitFor();
      expectClean(reporter);
    } finally {
      await admin.close();
      await reporter.close();
    }
  });

  it('the console shows the confidentiality notice in its own language, and accepting it in Finnish opens the inbox', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, acceptNotice: false });
    const r = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff`);
      await signIn(page, t, fresh.handlers[0], 'fi');
      await heading(page, staffText.fi['notice.title']);
      const shown = page.locator('.note[lang="fi"]');
      await shown.getByText(CONFIDENTIALITY_NOTICE.texts.fi.split('\n')[2]).waitFor();
      await page.getByRole('button', { name: 'Svenska' }).click();
      await page.locator('.note[lang="sv"]').getByText(CONFIDENTIALITY_NOTICE.texts.sv.split('\n')[2]).waitFor();
      await page.getByRole('button', { name: 'Suomi' }).click();
      await shown.waitFor();
      await acceptNotice(page, 'fi');
      await heading(page, staffText.fi['inbox.title']);
      expectClean(r);
      const events = await t.db.query(`SELECT details FROM audit_events WHERE organisation_id = $1 AND action = 'confidentiality.accepted'`, [fresh.id]);
      expect(events.map((e: { details: unknown }) => e.details)).toEqual([{ version: CONFIDENTIALITY_NOTICE.version, language: 'fi' }]);
    } finally {
      await r.close();
    }
  });
});
