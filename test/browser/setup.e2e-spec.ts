import { Browser, Page } from 'playwright-core';
import { generateStaffKeys, toB64 } from '@kanava/crypto';
import { SetupService } from '@kanava/staff';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { nextTotp } from '../helpers/clients';
import { createPrivateDatabase } from '../helpers/private-db';
import { ensureWebBuilt, expectAccessible, expectClean, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { acceptNotice, signInWithPassword, staffText } from './helpers/staff';

const en = staffText.en;
const portal = catalogs.en;
const PASSWORD = 'lokakuun ensimmäinen pakkasyö 2026';
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

describe('first-run set-up in the browser: from an empty database to a channel that takes reports', () => {
  let t: TestApp;
  let browser: Browser;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;

  beforeAll(async () => {
    ensureWebBuilt();
    // A database of its own: the set-up is open only while no organisation exists in it.
    database = await createPrivateDatabase('kanava_setup_browser');
    t = await startTestApp({}, { databaseUrl: database.url });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
  });

  it('the operator sets up the organisation, the first admin activates and signs in, and a reporter sends a report answering the default questionnaire', async () => {
    // What `npm start` prints on an empty database, and what `recovery-key:generate` prints offline.
    const token = (await t.app.get(SetupService).issueToken())!;
    const recoveryPublicKey = toB64(generateStaffKeys().box.publicKey);

    const o = await recordedContext(browser, appOrigin(t), 'en-GB');
    let activationUrl: string;
    try {
      const page = o.page;
      await page.goto(`${o.origin}/staff/setup`);
      await heading(page, en['setup.title']);
      await screenshot(page, 'setup-01-form');
      await expectAccessible(page, 'first-run set-up');
      // Left empty, the form says what is missing and sends nothing.
      await page.getByRole('button', { name: en['setup.submit'] }).click();
      await page.getByText(en['setup.errorToken'], { exact: false }).waitFor();
      expect(o.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/api/setup'))).toEqual([]);

      await page.getByLabel(en['setup.token'], { exact: true }).fill('not-the-token');
      await page.getByLabel(en['setup.name'], { exact: true }).fill('Esimerkki Oy');
      // The portal address follows the name until it is typed.
      await expect(page.getByLabel(en['setup.slug'], { exact: true }).inputValue()).resolves.toBe('esimerkki-oy');
      await page.getByLabel(en['setup.recoveryKey'], { exact: true }).fill(recoveryPublicKey);
      await page.getByLabel(en['setup.adminName'], { exact: true }).fill('Anna Admin');
      await page.getByLabel(en['setup.adminEmail'], { exact: true }).fill('anna@esimerkki.test');
      await page.getByLabel(en['setup.channelName'], { exact: true }).fill('Whistleblowing channel');
      await page.getByRole('button', { name: en['setup.submit'] }).click();
      await page.getByText(en['apiError.setup_token_invalid']).waitFor();

      await page.getByLabel(en['setup.token'], { exact: true }).fill(token);
      await page.getByRole('button', { name: en['setup.submit'] }).click();
      await heading(page, en['setup.doneTitle']);
      const link = page.getByRole('link', { name: en['setup.activateLink'] });
      activationUrl = (await link.getAttribute('href'))!;
      expect(activationUrl).toMatch(/\/staff\/activate#[A-Za-z0-9_-]{43}$/);
      await screenshot(page, 'setup-02-done');
      await expectAccessible(page, 'set-up done');

      // Opened again, the set-up says it is done and offers sign-in.
      await page.goto(`${o.origin}/staff/setup`);
      await page.getByTestId('setup-closed').waitFor();
      expectClean(o);
    } finally {
      await o.close();
    }

    // The first admin activates from the link (as any invitee does), signs in and reaches the inbox of the channel they handle.
    const a = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = a.page;
      await page.goto(`${a.origin}${new URL(activationUrl).pathname}${new URL(activationUrl).hash}`);
      await heading(page, en['activate.title']);
      await page.getByText('anna@esimerkki.test').waitFor();
      await page.getByLabel(en['password.new'], { exact: true }).fill(PASSWORD);
      await page.getByLabel(en['password.repeat'], { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: en['activate.makeKeys'] }).click();
      await page.getByTestId('recovery-key').waitFor({ timeout: 30_000 });
      await page.getByLabel(en['activate.recoveryConfirm'], { exact: true }).check();
      await page.getByRole('button', { name: en['activate.continue'] }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      await page.getByLabel(en['activate.code'], { exact: true }).fill(nextTotp(t, secret));
      await page.getByRole('button', { name: en['activate.submit'] }).click();
      await page.getByTestId('backup-codes').waitFor();
      await page.getByLabel(en['activate.codesConfirm'], { exact: true }).check();
      await page.getByRole('button', { name: en['activate.toSignIn'] }).click();
      await signInWithPassword(page, t, { email: 'anna@esimerkki.test', displayName: 'Anna Admin', totpSecret: secret }, PASSWORD);
      await acceptNotice(page);
      await heading(page, en['inbox.title']);
      // An admin too: the questionnaire the set-up gave the channel is there to edit.
      await page.getByRole('link', { name: en['nav.questionnaires'] }).click();
      await page.getByText(en['admin.questionnaire.current'].split('{version}')[0].trim(), { exact: false }).waitFor();
      expectClean(a);
    } finally {
      await a.close();
    }

    // A reporter finds the portal at the address chosen, answers the required questions and sends a report.
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/esimerkki-oy`);
      await page.getByRole('button', { name: portal['home.report'] }).click();
      await page.getByLabel(portal['report.subject'], { exact: true }).fill('Invoices split under the limit');
      await page.getByLabel(portal['report.body'], { exact: true }).fill('Since spring the invoices are split.');
      const required = (question: string) => page.getByRole('group', { name: `${question} ${portal['questions.required']}`, exact: true });
      await required('Is it still going on?').getByLabel(portal['questions.yes'], { exact: true }).check();
      await required('How do you know about it?').getByLabel('From documents or data', { exact: true }).check();
      await page.getByRole('button', { name: portal['report.send'] }).click();
      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expectClean(r);
    } finally {
      await r.close();
    }
    const cases = (await t.db.query('SELECT questionnaire_id FROM cases')) as { questionnaire_id: string | null }[];
    expect(cases).toHaveLength(1);
    expect(cases[0].questionnaire_id).not.toBeNull();
  }, 240_000);
});
