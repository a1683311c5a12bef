import { Browser } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';

/** The information page (REQUIREMENTS R3): the organisation's admin writes it, the portal shows it in the reporter's language. */
describe('the portal information page', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  const path = '/api/admin/organisation/information-page';
  const page = async () => (await t.http.get(`/api/public/organisations/${org.slug}`).expect(200)).body.informationPage;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is set by the admin only, checked, audited without its text, and public', async () => {
    expect(await page()).toBeNull();
    const admin = await loginStaff(t, org.admins[0]);
    const handler = await loginStaff(t, org.handlers[0]);
    const text = {
      fi: 'Ilmoitukset käsittelee compliance-tiimi.\n\nVoit myös soittaa lakiasiainyksikköön.',
      sv: 'Anmälningarna behandlas av compliance-teamet.',
      en: '  ',
    };
    await t.http.put(path).set(handler.headers).send(text).expect(403);
    for (const bad of [{ fi: 5 }, { fi: 'x'.repeat(20001) }, { de: 'Hallo' }, ['fi']]) {
      const res = await t.http.put(path).set(admin.headers).send(bad);
      expect({ bad: JSON.stringify(bad).slice(0, 40), status: res.status, error: res.body.error }).toEqual({
        bad: JSON.stringify(bad).slice(0, 40),
        status: 400,
        error: expect.any(String),
      });
    }
    expect(await page()).toBeNull();

    await t.http.put(path).set(admin.headers).send(text).expect(204);
    expect(await page()).toEqual({ fi: text.fi, sv: text.sv });
    const events = await t.db.query(
      "SELECT actor_id, details FROM audit_events WHERE organisation_id = $1 AND action = 'organisation.information_page_updated' ORDER BY seq",
      [org.id],
    );
    expect(events).toEqual([{ actor_id: org.admins[0].id, details: { languages: 'fi,sv' } }]);
    expect(JSON.stringify(events)).not.toContain('compliance');

    // An empty page leaves the standard text only.
    await t.http.put(path).set(admin.headers).send({}).expect(204);
    expect(await page()).toBeNull();
    await t.http.put(path).set(admin.headers).send(text).expect(204);
  });

  it('is shown on the portal in the chosen language, as plain text', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    await t.http.put(path).set(admin.headers).send({ fi: 'Ensimmäinen kappale.\n\nToinen <b>kappale</b>.', sv: 'Svensk text.' }).expect(204);
    const r = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      await r.page.goto(`${r.origin}/r/${org.slug}`);
      await r.page.getByText('Ensimmäinen kappale.').waitFor();
      // Markup in the organisation's text is shown as text, never interpreted.
      await expect(r.page.getByText('Toinen <b>kappale</b>.').isVisible()).resolves.toBe(true);
      expect(await r.page.locator('main b').count()).toBe(0);
      await expect(r.page.getByText(catalogs.fi['home.external1']).isVisible()).resolves.toBe(true);
      await screenshot(r.page, 'information-page-fi');
      await r.page.getByRole('button', { name: 'Svenska' }).click();
      await r.page.getByText('Svensk text.').waitFor();
      expect(await r.page.evaluate(() => document.documentElement.lang)).toBe('sv');
      await expect(r.page.getByText(catalogs.sv['home.external1']).isVisible()).resolves.toBe(true);
      // English has no text of its own: the Finnish one stands in, with the standard text in English.
      await r.page.getByRole('button', { name: 'English' }).click();
      await r.page.getByText(catalogs.en['home.howTitle']).waitFor();
      await expect(r.page.getByText('Ensimmäinen kappale.').isVisible()).resolves.toBe(true);
      expect(r.cspViolations).toEqual([]);
      expect(r.pageErrors).toEqual([]);
    } finally {
      await r.close();
    }
  });
});
