import { Browser, Page } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectClean, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';

const en = catalogs.en;

/** The narrowest phones in use (320 px) and a common one (390 px). */
const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
];

/** Whether the page scrolls sideways, and if so the elements that stick out (to name the culprit in the failure). */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const culprits =
      scrollWidth > width
        ? Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > width + 0.5 || (e.scrollWidth > e.clientWidth + 1 && e.children.length === 0))
            .slice(-5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)} content=${e.scrollWidth}`)
        : [];
    if (scrollWidth > width && !culprits.length) culprits.push(`scrollWidth ${scrollWidth} > ${width}`);
    return { fits: scrollWidth <= width, scrollWidth, culprits };
  });
}

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { fits, culprits } = await sideways(page);
  expect({ where, fits, culprits }).toEqual({ where, fits: true, culprits: [] });
}

/** Every portal page at phone widths: nothing may need a horizontal scroll. */
describe('the portal on a phone', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const admin = await loginStaff(t, org.admins[0]);
    // Added text languages lengthen the language switch in every page's header.
    await t.http
      .put('/api/admin/organisation/languages')
      .set(admin.headers)
      .send({ languages: ['et', 'uk', 'se', 'smn', 'ru'] })
      .expect(204);
    // Long words and addresses are what push a narrow page wider.
    await t.http
      .put('/api/admin/organisation/information-page')
      .set(admin.headers)
      .send({ en: 'Read our policy at https://intranet.example.com/compliance/whistleblowing-policy-2026-final-version.pdf before reporting.' })
      .expect(204);
    // A questionnaire on the report form, none of it required, with long choices and a file question.
    await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(admin.headers)
      .send({
        questions: [
          {
            id: 'how',
            type: 'single-choice',
            required: false,
            label: { en: 'How do you know about it?' },
            help: { en: 'See https://intranet.example.com/compliance/whistleblowing-policy-2026-final-version.pdf' },
            options: [
              { id: 'saw', label: { en: 'I saw it myself in the procurement department' } },
              { id: 'docs', label: { en: 'From documents: invoices, purchase orders and approvals' } },
            ],
          },
          { id: 'evidence', type: 'file', required: false, label: { en: 'Evidence you can share' } },
          { id: 'more', type: 'long-text', required: false, label: { en: 'Anything else?' } },
        ],
      })
      .expect(200);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const viewport of VIEWPORTS) {
    it(`fits ${viewport.width}x${viewport.height}: landing and information page, privacy notice, report form, case secret, follow-up`, async () => {
      const r = await recordedContext(browser, appOrigin(t), 'en-GB');
      const { page } = r;
      const at = (name: string) => `${name} at ${viewport.width}px`;
      try {
        await page.setViewportSize(viewport);
        await page.goto(`${r.origin}/r/${org.slug}`);
        await page.getByText('Read our policy at').waitFor();
        await expectNoSidewaysScroll(page, at('landing and information page'));
        await screenshot(page, `phone-${viewport.width}-01-home`);

        await page.getByRole('button', { name: en['privacy.link'].replace('{channel}', 'Reports') }).click();
        await page.locator('article').waitFor();
        await expectNoSidewaysScroll(page, at('privacy notice'));
        await screenshot(page, `phone-${viewport.width}-02-privacy`);
        await page.getByRole('button', { name: en['privacy.back'] }).click();

        await page.getByRole('button', { name: en['home.report'] }).click();
        await page.getByLabel(en['report.subject'], { exact: true }).fill('Invoices');
        await page.getByLabel(en['report.body'], { exact: true }).fill('Invoices are split to stay under the approval limit.');
        await page.getByRole('button', { name: en['report.personAdd'] }).click();
        await page
          .getByLabel(en['files.choose'], { exact: true })
          .setInputFiles([{ name: 'scan-of-the-invoices-from-march-and-april-2026-with-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') }]);
        await page
          .getByRole('button', { name: en['files.remove'].replace('{name}', 'scan-of-the-invoices-from-march-and-april-2026-with-notes.txt') })
          .waitFor();
        await page.getByText(en['report.recipients']).click();
        await expectNoSidewaysScroll(page, at('report form with a file'));
        await screenshot(page, `phone-${viewport.width}-03-report`);

        await page.getByRole('button', { name: en['report.send'] }).click();
        const secretBox = page.getByTestId('case-secret');
        await secretBox.waitFor({ timeout: 60_000 });
        const caseSecret = (await secretBox.textContent())!.trim();
        expect(caseSecret).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
        await expectNoSidewaysScroll(page, at('case secret'));
        // No group of the secret is split over two lines.
        const groups = await page
          .getByTestId('case-secret')
          .locator('.secret-group')
          .evaluateAll((els) => els.map((e) => e.getClientRects().length));
        expect(groups).toEqual([1, 1, 1, 1, 1]);
        await screenshot(page, `phone-${viewport.width}-04-secret`);

        await page.getByLabel(en['secret.confirm'], { exact: true }).check();
        await page.getByRole('button', { name: en['secret.continue'] }).click();
        await page.getByTestId('case-status').waitFor();
        await expectNoSidewaysScroll(page, at('follow-up, the case'));
        await screenshot(page, `phone-${viewport.width}-05-case`);

        // The follow-up page as a returning reporter finds it.
        await page.goto(`${r.origin}/r/${org.slug}`);
        await page.getByRole('button', { name: en['home.followUp'] }).click();
        await page.getByLabel(en['followUp.secret'], { exact: true }).waitFor();
        await expectNoSidewaysScroll(page, at('follow-up, the secret'));
        await page.getByLabel(en['followUp.secret'], { exact: true }).fill(caseSecret);
        await page.getByRole('button', { name: en['followUp.open'] }).click();
        await page.getByTestId('case-status').waitFor({ timeout: 30_000 });
        await expectNoSidewaysScroll(page, at('follow-up, the case reopened'));
        expectClean(r);
      } finally {
        await r.close();
      }
    });
  }
});
