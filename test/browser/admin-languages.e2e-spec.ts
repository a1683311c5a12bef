import type { Page } from 'playwright-core';
import { expectAccessible, expectClean, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const en = staffText.en;
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
/** A catalogue text with its placeholders filled in. */
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));

/** What the console calls the added language (the browser's name for `et`, in English). */
const ESTONIAN = 'Estonian';

/** The Languages page (issue 22): an admin adds a text language, writes in it in every editor, and takes it away after a confirmation. */
describe('text languages in the console', () => {
  const suite = browserSuite({ handlers: 1 });

  it('an admin adds Estonian, writes the channel texts, information page and a question in it, and removes it with its texts after a confirmation', async () => {
    const { t, org, browser } = suite;
    // The test database is shared with the run's other files: every query names this organisation.
    const textLanguages = async () => ((await t.db.query('SELECT text_languages AS l FROM organisations WHERE id = $1', [org.id])) as { l: string[] }[])[0].l;
    const informationPage = async () =>
      ((await t.db.query('SELECT information_page AS page FROM organisations WHERE id = $1', [org.id])) as { page: Record<string, string> | null }[])[0].page;
    const channelTexts = async () =>
      ((await t.db.query('SELECT translations FROM channels WHERE id = $1 AND organisation_id = $2', [org.channelId, org.id])) as { translations: object }[])[0]
        .translations;
    const categoryTexts = async () =>
      (
        (await t.db.query(
          'SELECT c.id, c.translations FROM categories c JOIN channels ch ON ch.id = c.channel_id WHERE ch.organisation_id = $1 ORDER BY c.label',
          [org.id],
        )) as { id: string; translations: object }[]
      ).map((c) => c.translations);

    const a = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = a.page;
      await page.goto(`${a.origin}/staff`);
      await signIn(page, t, org.admins[0]);

      // 1. Languages, from the navigation: an unknown code is refused in words, Estonian is added.
      await page.getByRole('link', { name: en['nav.languages'], exact: true }).click();
      await heading(page, en['admin.languages.title']);
      const current = page.getByRole('region', { name: en['admin.languages.current'] });
      await current.getByText(en['admin.languages.none']).waitFor();
      await screenshot(page, 'admin-languages-01-none');
      await expectAccessible(page, 'languages page');

      const code = page.getByLabel(en['admin.languages.code'], { exact: true });
      await code.fill('qq');
      await expect(page.getByText(en['admin.languages.codeHint']).isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: en['admin.languages.addButton'] }).click();
      await page.getByRole('alert').getByText(en['admin.languages.unknownCode']).waitFor();
      expect(a.requests.filter((r) => r.method === 'PUT')).toEqual([]);
      expect(await textLanguages()).toEqual([]);

      await code.fill('et');
      await page.getByText(fill(en['admin.languages.preview'], { language: ESTONIAN })).waitFor();
      await page.getByRole('button', { name: en['admin.languages.addButton'] }).click();
      await page
        .getByRole('status')
        .getByText(fill(en['admin.languages.added'], { language: ESTONIAN }))
        .waitFor();
      await current.getByRole('listitem').filter({ hasText: ESTONIAN }).waitFor();
      await expect(code.inputValue()).resolves.toBe('');
      expect(await textLanguages()).toEqual(['et']);
      await screenshot(page, 'admin-languages-02-added');
      await expectAccessible(page, 'languages page, Estonian added');

      // 2. The channel's texts: Estonian has a fieldset of its own.
      await page.getByRole('link', { name: en['nav.channels'], exact: true }).click();
      await heading(page, en['admin.channels.title']);
      const texts = page.getByRole('form', { name: en['admin.texts.title'] });
      const estonianTexts = texts.getByRole('group', { name: ESTONIAN, exact: true });
      await estonianTexts.getByLabel(fill(en['admin.texts.name'], { language: ESTONIAN }), { exact: true }).fill('Teavituskanal');
      await estonianTexts.getByLabel(fill(en['admin.texts.category'], { label: 'Fraud', language: ESTONIAN }), { exact: true }).fill('Pettus');
      await texts.getByRole('button', { name: en['admin.texts.save'] }).click();
      await texts.getByText(en['admin.texts.saved']).waitFor();
      expect(await channelTexts()).toEqual({ et: { name: 'Teavituskanal' } });
      expect(await categoryTexts()).toEqual([{ et: { label: 'Pettus' } }, {}]); // Fraud, Safety
      await screenshot(page, 'admin-languages-03-channel-texts');
      await expectAccessible(page, 'channel texts with Estonian');

      // 3. The information page.
      await page.getByRole('link', { name: en['nav.informationPage'], exact: true }).click();
      await heading(page, en['admin.info.title']);
      await page.getByLabel(fill(en['admin.info.text'], { language: ESTONIAN }), { exact: true }).fill('Teateid käsitleb vastavusmeeskond.');
      await page.getByRole('button', { name: en['admin.info.save'] }).click();
      await page.getByText(en['admin.info.saved']).waitFor();
      expect(await informationPage()).toEqual({ et: 'Teateid käsitleb vastavusmeeskond.' });

      // 4. A question in English and Estonian; the portal's questionnaire carries both.
      await page.getByRole('link', { name: en['nav.questionnaires'], exact: true }).click();
      await heading(page, en['admin.questionnaire.title']);
      await page.getByText(en['admin.questionnaire.noneYet']).waitFor();
      await page.getByRole('button', { name: en['admin.questionnaire.add'] }).click();
      const question = page.getByRole('group', { name: fill(en['admin.questionnaire.question'], { n: 1 }), exact: true });
      await question.getByLabel(fill(en['admin.questionnaire.text'], { language: en['admin.texts.languageEn'] }), { exact: true }).fill('When did it happen?');
      await question.getByLabel(fill(en['admin.questionnaire.text'], { language: ESTONIAN }), { exact: true }).fill('Millal see juhtus?');
      await screenshot(page, 'admin-languages-04-question');
      await expectAccessible(page, 'questionnaire editor with Estonian');
      await page.getByRole('button', { name: fill(en['admin.questionnaire.save'], { version: 1 }) }).click();
      await page.getByText(fill(en['admin.questionnaire.saved'], { version: 1, n: 1 })).waitFor();
      const asked = (await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200)).body;
      expect(asked.questionnaire.questions.map((q: { label: unknown }) => q.label)).toEqual([{ en: 'When did it happen?', et: 'Millal see juhtus?' }]);

      // 5. Taking Estonian away names the texts that would go; cancelled, nothing changes.
      await page.getByRole('link', { name: en['nav.languages'], exact: true }).click();
      await heading(page, en['admin.languages.title']);
      const remove = page.getByRole('button', { name: fill(en['admin.languages.remove'], { language: ESTONIAN }) });
      await remove.click();
      const question3 = fill(en['admin.languages.removeConfirm'], { language: ESTONIAN, n: 3 });
      const confirmation = page.getByRole('group', { name: question3 });
      await confirmation.waitFor();
      await screenshot(page, 'admin-languages-05-remove-confirm');
      await expectAccessible(page, 'languages page, removal to confirm');
      await confirmation.getByRole('button', { name: en['common.cancel'] }).click();
      await confirmation.waitFor({ state: 'detached' });
      expect(await textLanguages()).toEqual(['et']);
      expect(await channelTexts()).toEqual({ et: { name: 'Teavituskanal' } });
      expect(await categoryTexts()).toEqual([{ et: { label: 'Pettus' } }, {}]);
      expect(await informationPage()).toEqual({ et: 'Teateid käsitleb vastavusmeeskond.' });

      // Confirmed, Estonian goes with its texts.
      await remove.click();
      await confirmation.getByRole('button', { name: en['admin.languages.removeYes'] }).click();
      await page
        .getByRole('status')
        .getByText(fill(en['admin.languages.removed'], { language: ESTONIAN }))
        .waitFor();
      await current.getByText(en['admin.languages.none']).waitFor();
      expect(await textLanguages()).toEqual([]);
      expect(await channelTexts()).toEqual({});
      expect(await categoryTexts()).toEqual([{}, {}]);
      expect(await informationPage()).toBeNull();
      await screenshot(page, 'admin-languages-06-removed');

      // The channel texts form, opened afresh, has no Estonian fieldset (the keys live in the tab only: a reload signs in again).
      await page.getByRole('link', { name: en['nav.channels'], exact: true }).click();
      await heading(page, en['admin.channels.title']);
      await page.reload();
      await signIn(page, t, org.admins[0]);
      await heading(page, en['admin.channels.title']);
      const reloaded = page.getByRole('form', { name: en['admin.texts.title'] });
      await reloaded.getByRole('group', { name: en['admin.texts.languageEn'], exact: true }).waitFor();
      await expect(reloaded.getByRole('group', { name: ESTONIAN, exact: true }).count()).resolves.toBe(0);
      await expect(reloaded.getByLabel(fill(en['admin.texts.name'], { language: ESTONIAN }), { exact: true }).count()).resolves.toBe(0);
      expectClean(a);
    } finally {
      await a.close();
    }
  }, 240_000);
});
