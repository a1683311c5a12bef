import { catalogs } from '../../apps/web/src/portal/i18n';
import { submitReport } from '../helpers/clients';
import { expectAccessible, expectClean, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const fi = catalogs.fi;
const sv = catalogs.sv;
const en = catalogs.en;
const staffEn = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** Channel texts per language, entered in the console and read on the portal; a request lost on the way is retried. */
describe('channel texts in the reporter language, and a network failure in the portal', () => {
  const suite = browserSuite({ handlers: 1, custodians: 1 });

  it('an admin enters the Finnish texts in the console; a Finnish reporter sees them, a Swedish one sees them marked as Finnish', async () => {
    const { t, org, browser } = suite;
    const admin = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const ap = admin.page;
      await ap.goto(`${admin.origin}/staff/admin/channels`);
      await signIn(ap, t, org.admins[0]);
      await ap.getByRole('heading', { level: 1, name: staffEn['admin.channels.title'] }).waitFor();
      const form = ap.getByTestId('channel-translations');
      const label = (key: string, values: Record<string, string>) => form.getByLabel(fill(staffEn[key], values), { exact: true });
      await label('admin.texts.name', { language: staffEn['admin.texts.languageFi'] }).fill('Ilmoituskanava');
      await label('admin.texts.description', { language: staffEn['admin.texts.languageFi'] }).fill('Kerro epäilystäsi luottamuksellisesti.');
      await label('admin.texts.category', { label: 'Fraud', language: staffEn['admin.texts.languageFi'] }).fill('Petos');
      await label('admin.texts.category', { label: 'Safety', language: staffEn['admin.texts.languageFi'] }).fill('Työturvallisuus');
      await label('admin.texts.name', { language: staffEn['admin.texts.languageEn'] }).fill('Reporting channel');
      await form.getByRole('button', { name: staffEn['admin.texts.save'] }).click();
      await form.getByText(staffEn['admin.texts.saved']).waitFor();
      await screenshot(ap, 'portal-texts-01-console');
      await expectAccessible(ap, 'channel texts in the console');
      // Opened again, the form shows what the server holds.
      await ap.getByRole('link', { name: staffEn['nav.informationPage'] }).click();
      await ap.getByRole('heading', { level: 1, name: staffEn['admin.info.title'] }).waitFor();
      await ap.getByRole('link', { name: staffEn['nav.channels'] }).click();
      await ap
        .getByTestId('channel-translations')
        .getByLabel(fill(staffEn['admin.texts.category'], { label: 'Safety', language: staffEn['admin.texts.languageFi'] }), { exact: true })
        .waitFor();
      await expect(
        ap
          .getByTestId('channel-translations')
          .getByLabel(fill(staffEn['admin.texts.category'], { label: 'Safety', language: staffEn['admin.texts.languageFi'] }), { exact: true })
          .inputValue(),
      ).resolves.toBe('Työturvallisuus');
      expectClean(admin);
    } finally {
      await admin.close();
    }
    const [stored] = await t.db.query('SELECT name, translations FROM channels WHERE id = $1', [org.channelId]);
    expect(stored).toEqual({
      name: 'Reports',
      translations: { fi: { name: 'Ilmoituskanava', description: 'Kerro epäilystäsi luottamuksellisesti.' }, en: { name: 'Reporting channel' } },
    });

    const finnish = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      const page = finnish.page;
      await page.goto(`${finnish.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: fill(fi['privacy.link'], { channel: 'Ilmoituskanava' }) }).waitFor();
      await page.getByRole('button', { name: fi['home.report'] }).click();
      await page.getByText('Ilmoituskanava').waitFor();
      await expect(page.getByText('Kerro epäilystäsi luottamuksellisesti.').isVisible()).resolves.toBe(true);
      const options = await page.getByLabel(fi['report.category'], { exact: true }).locator('option').allTextContents();
      expect(options).toEqual([fi['report.categoryNone'], 'Petos', 'Työturvallisuus']);
      // Everything is in Finnish: no note about another language.
      await expect(page.locator('.fallback-note').count()).resolves.toBe(0);
      await expect(page.getByText('Reports', { exact: true }).count()).resolves.toBe(0);
      await screenshot(page, 'portal-texts-02-finnish');
      await expectAccessible(page, 'report form in Finnish');

      // Swedish has no texts of its own: the Finnish ones are shown, marked as Finnish, with a note in Swedish.
      await page.getByRole('button', { name: 'Svenska' }).click();
      const note = fill(sv['texts.fallback'], { shown: sv['texts.languageFi'], missing: sv['texts.languageSv'] });
      await page.getByText(note).waitFor();
      await expect(page.locator('span[lang="fi"]', { hasText: 'Ilmoituskanava' }).count()).resolves.toBe(1);
      await expect(page.locator('option[lang="fi"]').allTextContents()).resolves.toEqual(['Petos', 'Työturvallisuus']);
      await screenshot(page, 'portal-texts-03-swedish-fallback');
      await expectAccessible(page, 'report form in Swedish with Finnish texts');

      // English has a name of its own, and the rest in Finnish.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText(fill(en['texts.fallback'], { shown: en['texts.languageFi'], missing: en['texts.languageEn'] })).waitFor();
      await expect(page.getByText('Reporting channel').isVisible()).resolves.toBe(true);
      expectClean(finnish);
    } finally {
      await finnish.close();
    }
  });

  it('a report lost on the way is said to be a connection problem, with a retry that sends it', async () => {
    const { t, org, browser } = suite;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    try {
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.report'] }).click();
      await page.getByLabel(en['report.subject'], { exact: true }).fill('Invoices');
      await page.getByLabel(en['report.body'], { exact: true }).fill('Invoices are split.');
      // The connection drops as the report is sent: the browser gets no answer at all.
      let dropped = 0;
      await page.route('**/api/public/reports', (route) => {
        dropped++;
        return route.abort('internetdisconnected');
      });
      await page.getByRole('button', { name: en['report.send'] }).click();
      const problem = page.getByTestId('network-problem');
      await problem.getByText(en['error.network']).waitFor({ timeout: 60_000 });
      expect(dropped).toBe(1);
      await expect(page.getByText(en['report.errorsTitle']).count()).resolves.toBe(0);
      // It takes the focus (once the page has rendered), so a keyboard or screen reader user lands on it.
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'network-problem', undefined, { timeout: 5000 });
      // What the reporter wrote is still there.
      await expect(page.getByLabel(en['report.subject'], { exact: true }).inputValue()).resolves.toBe('Invoices');
      await screenshot(page, 'portal-texts-04-network-problem');
      await expectAccessible(page, 'report form after a network failure');
      expect(await t.db.query('SELECT id FROM cases WHERE channel_id = $1', [org.channelId])).toEqual([]);

      // Back online, the retry sends it.
      await page.unroute('**/api/public/reports');
      await problem.getByRole('button', { name: en['common.retry'] }).click();
      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expect(await t.db.query('SELECT id FROM cases WHERE channel_id = $1', [org.channelId])).toHaveLength(1);
      // The aborted request is recorded by the browser only; the page itself reported no error.
      expectClean(r);
    } finally {
      await r.close();
    }
  });

  it('a report that arrived but whose answer was lost is not sent twice by the retry', async () => {
    const { t, org, browser } = suite;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    const before = (await t.db.query('SELECT count(*)::int AS n FROM cases WHERE channel_id = $1', [org.channelId]))[0].n as number;
    try {
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.report'] }).click();
      await page.getByLabel(en['report.subject'], { exact: true }).fill('Duplicates');
      await page.getByLabel(en['report.body'], { exact: true }).fill('The answer to this report is lost on the way back.');
      // The server takes the report; the connection drops before its answer reaches the browser.
      let delivered = 0;
      await page.route('**/api/public/reports', async (route) => {
        await route.fetch();
        delivered++;
        await route.abort('internetdisconnected');
      });
      await page.getByRole('button', { name: en['report.send'] }).click();
      const problem = page.getByTestId('network-problem');
      await problem.getByText(en['error.network']).waitFor({ timeout: 60_000 });
      expect(delivered).toBe(1);
      expect((await t.db.query('SELECT count(*)::int AS n FROM cases WHERE channel_id = $1', [org.channelId]))[0].n).toBe(before + 1);

      // The retry sends the same report again; the server knows it, and the page shows its case secret.
      await page.unroute('**/api/public/reports');
      await problem.getByRole('button', { name: en['common.retry'] }).click();
      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expect((await t.db.query('SELECT count(*)::int AS n FROM cases WHERE channel_id = $1', [org.channelId]))[0].n).toBe(before + 1);
      const [{ reference }] = await t.db.query('SELECT reference FROM cases WHERE channel_id = $1 ORDER BY received_at DESC LIMIT 1', [org.channelId]);
      await page.getByText(reference, { exact: false }).first().waitFor();
      expectClean(r);
    } finally {
      await r.close();
    }
  });

  it('opening a case and sending a message without a connection offer a retry, not an error to correct', async () => {
    const { t, org, browser } = suite;
    const built = await submitReport(t, org, { title: 'Offline follow-up', body: 'Checked later.' });
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    try {
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.followUp'] }).click();
      await page.getByLabel(en['followUp.secret'], { exact: true }).fill(built.caseSecret);
      await page.route('**/api/public/case', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: en['followUp.open'] }).click();
      const problem = page.getByTestId('network-problem');
      await problem.getByText(en['error.network']).waitFor({ timeout: 30_000 });
      await expect(page.getByText(en['error.openCase']).count()).resolves.toBe(0);
      await expectAccessible(page, 'follow-up after a network failure');
      await page.unroute('**/api/public/case');
      await problem.getByRole('button', { name: en['common.retry'] }).click();
      await page.getByTestId('case-status').waitFor({ timeout: 30_000 });

      await page.route('**/api/public/case/messages', (route) => route.abort('internetdisconnected'));
      await page.getByLabel(en['case.reply'], { exact: true }).fill('One more thing.');
      await page.getByRole('button', { name: en['case.send'] }).click();
      await page.getByTestId('network-problem').getByText(en['error.network']).waitFor();
      await expect(page.getByText(en['error.submit']).count()).resolves.toBe(0);
      await page.unroute('**/api/public/case/messages');
      await page.getByTestId('network-problem').getByRole('button', { name: en['common.retry'] }).click();
      await page.getByText(en['case.replySent']).waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('network-problem').count()).resolves.toBe(0);
      expectClean(r);
    } finally {
      await r.close();
    }
  });
});
