import { Browser, Page } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, launchChromium, recordedContext, screenshot, seriousAxeViolations } from './helpers/browser';
import { appOrigin, caseIdByReference, postHandlerReply } from './helpers/portal';

const LOCALES = { fi: 'fi-FI', sv: 'sv-SE', en: 'en-GB' } as const;

/** axe-core on every reporter page, in Finnish, Swedish and English: no serious or critical WCAG 2.1 A/AA violation. */
describe('portal accessibility (axe-core, WCAG 2.1 AA)', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    // With voice messages on, the report form and the case page show the voice recorder too.
    org = await makeOrganisation(t, { handlers: 2, custodians: 1, voiceEnabled: true });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`has no serious violation on any page in ${lang}`, async () => {
      const text = catalogs[lang];
      const r = await recordedContext(browser, appOrigin(t), LOCALES[lang]);
      const { page } = r;
      const checked: string[] = [];
      const check = async (where: string) => {
        const violations = await seriousAxeViolations(page);
        expect({ lang, where, violations }).toEqual({ lang, where, violations: [] });
        checked.push(where);
        await screenshot(page, `axe-${lang}-${where}`);
      };
      try {
        await page.goto(`${r.origin}/r/${org.slug}`);
        await page.getByRole('button', { name: text['home.report'] }).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await check('information');

        await page.getByRole('button', { name: text['home.report'] }).click();
        await page.getByRole('button', { name: text['report.send'] }).click();
        await page.getByText(text['report.errorTitle']).waitFor();
        await check('form-errors');

        await page.getByLabel(text['report.subject'], { exact: true }).fill('Kulukorvaukset');
        await page.getByLabel(text['report.body'], { exact: true }).fill('Matkalaskuissa on keksittyjä matkoja.');
        await page.getByRole('button', { name: text['report.personAdd'] }).click();
        await page.getByLabel(text['report.identityGive'], { exact: true }).check();
        await page.getByLabel(text['report.identityName'], { exact: true }).fill('Maija');
        await page.getByLabel(text['report.identityContact'], { exact: true }).fill('maija@example.test');
        await page.getByText(text['report.recipients']).click();
        await check('form');

        await page.getByRole('button', { name: text['report.send'] }).click();
        await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
        const secret = (await page.getByTestId('case-secret').textContent())!.trim();
        await check('secret');
        await page.getByRole('button', { name: text['secret.continue'] }).click();
        await page.getByText(text['secret.mustConfirm']).waitFor();
        await check('secret-unconfirmed');
        const reference = /: (.+)$/.exec((await page.getByText(text['secret.reference'].replace('{reference}', '')).textContent())!)![1];

        await postHandlerReply(t, org.handlers[0], await caseIdByReference(t, reference), 'Kiitos ilmoituksesta.');
        const follow = await r.context.newPage();
        await follow.goto(`${r.origin}/r/${org.slug}`);
        await follow.getByRole('button', { name: text['home.followUp'] }).click();
        await follow.getByLabel(text['followUp.secret'], { exact: true }).fill('0000-0000-0000-0000-0000');
        await follow.getByRole('button', { name: text['followUp.open'] }).click();
        await follow.getByText(text['followUp.unknown']).waitFor();
        await checkOn(follow, lang, 'follow-up-wrong-secret', checked);
        await follow.getByLabel(text['followUp.secret'], { exact: true }).fill(secret);
        await follow.getByRole('button', { name: text['followUp.open'] }).click();
        await follow.getByTestId('signed-badge').waitFor({ timeout: 30_000 });
        await checkOn(follow, lang, 'case', checked);

        // An anonymous case offers to add a name: the form (after a failed attempt) and its confirmation.
        const anonymous = await submitReport(t, org);
        await follow.getByRole('button', { name: text['case.close'] }).click();
        await follow.getByRole('button', { name: text['home.followUp'] }).click();
        await follow.getByLabel(text['followUp.secret'], { exact: true }).fill(anonymous.caseSecret);
        await follow.getByRole('button', { name: text['followUp.open'] }).click();
        const identity = follow.getByTestId('identity-later');
        await identity.getByRole('button', { name: text['identity.review'] }).click({ timeout: 30_000 });
        await identity.getByText(text['identity.errorRequired']).waitFor();
        await checkOn(follow, lang, 'add-identity', checked);
        await identity.getByLabel(text['report.identityName'], { exact: true }).fill('Maija');
        await identity.getByLabel(text['report.identityContact'], { exact: true }).fill('maija@example.test');
        await identity.getByRole('button', { name: text['identity.review'] }).click();
        await identity.getByRole('heading', { name: text['identity.confirmTitle'] }).waitFor();
        await checkOn(follow, lang, 'add-identity-confirm', checked);

        expect(checked).toEqual([
          'information',
          'form-errors',
          'form',
          'secret',
          'secret-unconfirmed',
          'follow-up-wrong-secret',
          'case',
          'add-identity',
          'add-identity-confirm',
        ]);
        expect(r.cspViolations).toEqual([]);
        expect(r.pageErrors).toEqual([]);
      } finally {
        await r.close();
      }
    }, 120_000);
  }
});

async function checkOn(page: Page, lang: string, where: string, checked: string[]): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect({ lang, where, violations }).toEqual({ lang, where, violations: [] });
  checked.push(where);
  await screenshot(page, `axe-${lang}-${where}`);
}
