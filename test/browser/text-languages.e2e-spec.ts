import type { Page } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { loginStaff } from '../helpers/clients';
import { expectAccessible, expectClean, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { browserSuite } from './helpers/suite';

const fi = catalogs.fi;
const en = catalogs.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** The names of the pressed buttons of the language switch. */
const pressed = (page: Page) => page.locator('nav.languages button[aria-pressed="true"]').allTextContents();

/** A language the organisation adds (issue 22): its texts are offered in the portal, with the portal's own strings in English. */
describe('texts in a language the organisation added', () => {
  const suite = browserSuite({ handlers: 1, custodians: 1 });

  it('an Estonian-speaking reporter gets the Estonian texts in an English page, marked as Estonian, with notes for what is missing', async () => {
    const { t, org, browser } = suite;
    const admin = await loginStaff(t, org.admins[0]);
    await t.http
      .put('/api/admin/organisation/languages')
      .set(admin.headers)
      .send({ languages: ['et'] })
      .expect(204);
    expect((await t.http.get('/api/admin/organisation/languages').set(admin.headers).expect(200)).body).toEqual({ languages: ['et'] });
    const [fraud, safety] = org.categoryIds;
    await t.http
      .put(`/api/admin/channels/${org.channelId}/translations`)
      .set(admin.headers)
      .send({
        languages: [
          {
            language: 'fi',
            name: 'Ilmoituskanava',
            description: 'Kerro epäilystäsi luottamuksellisesti.',
            categories: [
              { categoryId: fraud, label: 'Petos' },
              { categoryId: safety, label: 'Työturvallisuus' },
            ],
          },
          { language: 'en', name: 'Reporting channel', description: 'Tell us in confidence.' },
          // No Estonian description, and a label for one category only.
          { language: 'et', name: 'Teavituskanal', categories: [{ categoryId: fraud, label: 'Pettus' }] },
        ],
      })
      .expect(204);
    await t.http
      .put('/api/admin/organisation/information-page')
      .set(admin.headers)
      .send({ fi: 'Ilmoitukset käsittelee compliance-tiimi.', others: [{ language: 'et', text: 'Teateid käsitleb vastavusmeeskond.' }] })
      .expect(204);
    // The admin writes an added language's question texts under `others`; the portal reads them by language code.
    const question = {
      id: 'how',
      type: 'single-choice',
      required: false,
      label: { en: 'How do you know?', fi: 'Mistä tiedät?', others: [{ language: 'et', text: 'Kust sa tead?' }] },
      options: [
        { id: 'saw', label: { en: 'I saw it myself', others: [{ language: 'et', text: 'Nägin ise' }] } },
        { id: 'told', label: { en: 'Someone told me', fi: 'Joku kertoi' } },
      ],
    };
    await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(admin.headers)
      .send({ questions: [question] })
      .expect(200);
    const published = (await t.http.get(`/api/public/organisations/${org.slug}`).expect(200)).body;
    expect(published.textLanguages).toEqual(['et']);
    expect(published.informationPage).toEqual({ fi: 'Ilmoitukset käsittelee compliance-tiimi.', et: 'Teateid käsitleb vastavusmeeskond.' });

    const r = await recordedContext(browser, appOrigin(t), 'et-EE');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/${org.slug}`);
      // The start page: the organisation's Estonian text inside lang="et", the portal's own strings in English.
      const info = page.locator('[lang="et"]', { hasText: 'Teateid käsitleb vastavusmeeskond.' });
      await info.waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expect(page.getByRole('button', { name: en['home.report'] }).isVisible()).resolves.toBe(true);
      await expect(page.getByText(en['home.howTitle']).isVisible()).resolves.toBe(true);
      await expect(page.locator('.fallback-note').count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: fill(en['privacy.link'], { channel: 'Teavituskanal' }) }).isVisible()).resolves.toBe(true);
      await expect(page.locator('button span[lang="et"]', { hasText: 'Teavituskanal' }).count()).resolves.toBe(1);
      // The switch: the three UI languages, then Estonian by its own name, pressed.
      const buttons = page.getByRole('navigation', { name: en['layout.languages'] }).getByRole('button');
      await expect(buttons.allTextContents()).resolves.toEqual(['Suomi', 'Svenska', 'English', 'Eesti']);
      const eesti = page.getByRole('button', { name: 'Eesti', exact: true });
      await expect(eesti.getAttribute('lang')).resolves.toBe('et');
      await expect(pressed(page)).resolves.toEqual(['Eesti']);
      await screenshot(page, 'text-languages-01-home-estonian');
      await expectAccessible(page, 'start page in Estonian');

      // The report form: the Estonian name and label, the English description and the Finnish label said so.
      await page.getByRole('button', { name: en['home.report'] }).click();
      await page.locator('span[lang="et"]', { hasText: 'Teavituskanal' }).waitFor();
      await expect(page.getByText('Tell us in confidence.').isVisible()).resolves.toBe(true);
      await expect(page.locator('main [lang]', { hasText: 'Tell us in confidence.' }).count()).resolves.toBe(0);
      const options = page.getByLabel(en['report.category'], { exact: true }).locator('option');
      await expect(options.allTextContents()).resolves.toEqual([en['report.categoryNone'], 'Pettus', 'Työturvallisuus']);
      await expect(page.locator('option[lang="et"]').allTextContents()).resolves.toEqual(['Pettus']);
      await expect(page.locator('option[lang="fi"]').allTextContents()).resolves.toEqual(['Työturvallisuus']);
      // The questionnaire: the Estonian question and choice marked, the choice missing in Estonian in English, said so.
      await page.locator('legend span[lang="et"]', { hasText: 'Kust sa tead?' }).waitFor();
      await expect(page.locator('label span[lang="et"]', { hasText: 'Nägin ise' }).count()).resolves.toBe(1);
      await expect(page.getByLabel('Someone told me', { exact: true }).isVisible()).resolves.toBe(true);
      const missing = (shown: string) => fill(en['texts.fallback'], { shown, missing: 'Estonian' });
      await expect(page.locator('.fallback-note').allTextContents()).resolves.toEqual([
        missing(en['texts.languageEn']),
        missing(en['texts.languageFi']),
        missing(en['texts.languageEn']),
      ]);
      await expect(page.getByLabel(en['report.subject'], { exact: true }).isVisible()).resolves.toBe(true);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await screenshot(page, 'text-languages-02-report-estonian');
      await expectAccessible(page, 'report form in Estonian');

      // Finnish: the Finnish texts and the Finnish page, nothing marked, no note.
      await page.getByRole('button', { name: 'Suomi', exact: true }).click();
      await page.getByLabel(fi['report.category'], { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fi');
      await expect(page.getByText('Ilmoituskanava').isVisible()).resolves.toBe(true);
      await expect(page.getByText('Kerro epäilystäsi luottamuksellisesti.').isVisible()).resolves.toBe(true);
      await expect(page.getByLabel(fi['report.category'], { exact: true }).locator('option').allTextContents()).resolves.toEqual([
        fi['report.categoryNone'],
        'Petos',
        'Työturvallisuus',
      ]);
      await expect(page.getByText('Mistä tiedät?').isVisible()).resolves.toBe(true);
      await expect(page.getByLabel('Joku kertoi', { exact: true }).isVisible()).resolves.toBe(true);
      await expect(page.locator('label span[lang="en"]', { hasText: 'I saw it myself' }).count()).resolves.toBe(1);
      // Only the questionnaire's choice is not in Finnish; an Estonian text is never shown in its place.
      await expect(page.locator('.fallback-note').allTextContents()).resolves.toEqual([
        fill(fi['texts.fallback'], { shown: fi['texts.languageEn'], missing: fi['texts.languageFi'] }),
      ]);
      await expect(page.getByText('Teavituskanal').count()).resolves.toBe(0);
      await expect(page.getByText('Nägin ise').count()).resolves.toBe(0);
      await expect(pressed(page)).resolves.toEqual(['Suomi']);
      await page.getByRole('button', { name: fi['common.cancel'] }).click();
      await page.getByText('Ilmoitukset käsittelee compliance-tiimi.').waitFor();
      await expect(page.getByText('Teateid käsitleb vastavusmeeskond.').count()).resolves.toBe(0);
      await screenshot(page, 'text-languages-03-home-finnish');
      expectClean(r);
    } finally {
      await r.close();
    }
  });

  it('a reporter who prefers a UI language starts in it, with the added language offered but not chosen', async () => {
    const { t, org, browser } = suite;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: fill(en['privacy.link'], { channel: 'Reporting channel' }) }).waitFor();
      await expect(pressed(page)).resolves.toEqual(['English']);
      await expect(page.getByRole('button', { name: 'Eesti', exact: true }).getAttribute('aria-pressed')).resolves.toBe('false');
      // English has no information page of its own: the Finnish one, marked and said so; Estonian is never a fallback.
      await page.locator('[lang="fi"]', { hasText: 'Ilmoitukset käsittelee compliance-tiimi.' }).waitFor();
      await expect(page.locator('.fallback-note').allTextContents()).resolves.toEqual([
        fill(en['texts.fallback'], { shown: en['texts.languageFi'], missing: en['texts.languageEn'] }),
      ]);
      await expect(page.getByText('Teateid käsitleb vastavusmeeskond.').count()).resolves.toBe(0);
      // Choosing Estonian by hand does the same as a browser that prefers it.
      await page.getByRole('button', { name: 'Eesti', exact: true }).click();
      await page.locator('[lang="et"]', { hasText: 'Teateid käsitleb vastavusmeeskond.' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expect(pressed(page)).resolves.toEqual(['Eesti']);
      expectClean(r);
    } finally {
      await r.close();
    }
  });
});
