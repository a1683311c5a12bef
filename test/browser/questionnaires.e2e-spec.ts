import { catalogs } from '../../apps/web/src/portal/i18n';
import { loginStaff } from '../helpers/clients';
import { TEST_PASSWORD } from '../helpers/factories';
import { expectAccessible, expectClean, findMarkers, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const fi = catalogs.fi;
const staffEn = staffText.en;
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));

/** Answers that exist only in the reporter's and the handler's browsers. */
const MARKERS = {
  title: 'QUESTIONNAIRE-TITLE-MARKER-5e21c7',
  body: 'QUESTIONNAIRE-BODY-MARKER-a93f10',
  since: 'QUESTIONNAIRE-SINCE-MARKER-0d7b44',
};

describe('questionnaires in the browser: designed in the console, answered in Finnish, read as a form', () => {
  const suite = browserSuite({ handlers: 1 });

  it('an admin designs a questionnaire with a condition; a Finnish reporter answers it; the handler reads the answers; a new version leaves the case as it was', async () => {
    const { t, org, browser } = suite;
    const adminSession = await loginStaff(t, org.admins[0]);
    // The channel's Finnish texts, as the channel texts page would save them.
    await t.http
      .put(`/api/admin/channels/${org.channelId}/translations`)
      .set(adminSession.headers)
      .send({ languages: [{ language: 'fi', name: 'Ilmoituskanava', categories: [{ categoryId: org.categoryIds[0], label: 'Petos' }] }] })
      .expect(204);

    // 1. The admin designs it in the console: a yes-no question, one asked only on "yes", and a single choice.
    const a = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = a.page;
      await page.goto(`${a.origin}/staff/admin/questionnaires`);
      await signIn(page, t, org.admins[0]);
      await page.getByRole('heading', { level: 1, name: staffEn['admin.questionnaire.title'] }).waitFor();
      await page.getByText(staffEn['admin.questionnaire.noneYet']).waitFor();
      const question = (n: number) => page.getByRole('group', { name: fill(staffEn['admin.questionnaire.question'], { n }), exact: true });
      const text = (n: number, language: string) =>
        question(n).getByLabel(fill(staffEn['admin.questionnaire.text'], { language: staffEn[`admin.texts.language${language}`] }), { exact: true });

      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: staffEn['admin.questionnaire.add'] }).click();
      await question(1).getByLabel(staffEn['admin.questionnaire.type'], { exact: true }).selectOption({ label: staffEn['admin.questionnaire.types.yes-no'] });
      await text(1, 'Fi').fill('Jatkuuko se yhä?');
      await text(1, 'En').fill('Is it still going on?');
      await question(1).getByLabel(staffEn['admin.questionnaire.required'], { exact: true }).check();

      await question(2)
        .getByLabel(staffEn['admin.questionnaire.type'], { exact: true })
        .selectOption({ label: staffEn['admin.questionnaire.types.long-text'] });
      await text(2, 'Fi').fill('Mistä lähtien?');
      await text(2, 'En').fill('Since when?');
      await question(2).getByLabel(staffEn['admin.questionnaire.askWhen'], { exact: true }).selectOption({ label: 'Is it still going on?' });
      await expect(question(2).getByLabel(staffEn['admin.questionnaire.answerIs'], { exact: true }).inputValue()).resolves.toBe('yes');

      await question(3)
        .getByLabel(staffEn['admin.questionnaire.type'], { exact: true })
        .selectOption({ label: staffEn['admin.questionnaire.types.single-choice'] });
      await text(3, 'Fi').fill('Mistä tiedät?');
      await text(3, 'En').fill('How do you know?');
      await question(3).getByLabel(staffEn['admin.questionnaire.required'], { exact: true }).check();
      const choices = (language: string) =>
        question(3).getByLabel(fill(staffEn['admin.questionnaire.choices'], { language: staffEn[`admin.texts.language${language}`] }), { exact: true });
      await choices('Fi').fill('Näin sen itse\nKuulin muilta');
      await choices('En').fill('I saw it myself\nI heard it');
      await screenshot(page, 'questionnaires-01-editor');
      await expectAccessible(page, 'questionnaire editor');

      await page.getByRole('button', { name: fill(staffEn['admin.questionnaire.save'], { version: 1 }) }).click();
      await page.getByText(fill(staffEn['admin.questionnaire.saved'], { version: 1, n: 3 })).waitFor();
      // Opened again, the editor shows what the server holds.
      await page.getByRole('link', { name: staffEn['nav.channels'] }).click();
      await page.getByRole('heading', { level: 1, name: staffEn['admin.channels.title'] }).waitFor();
      await page.getByRole('link', { name: staffEn['nav.questionnaires'] }).click();
      await expect(text(2, 'Fi').inputValue()).resolves.toBe('Mistä lähtien?');
      await expect(choices('En').inputValue()).resolves.toBe('I saw it myself\nI heard it');
      expectClean(a);
    } finally {
      await a.close();
    }

    // 2. A Finnish reporter: Finnish channel and category texts, the conditional question only after "Kyllä", required answers checked.
    const r = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: fi['home.report'] }).click();
      await page.getByText('Ilmoituskanava').waitFor();
      await expect(page.getByLabel(fi['report.category'], { exact: true }).locator('option').allTextContents()).resolves.toContain('Petos');
      await page.getByRole('group', { name: fi['questions.title'] }).waitFor();
      await page.getByLabel(fi['report.subject'], { exact: true }).fill(MARKERS.title);
      await page.getByLabel(fi['report.body'], { exact: true }).fill(MARKERS.body);

      const ongoing = page.getByRole('group', { name: `Jatkuuko se yhä? ${fi['questions.required']}`, exact: true });
      await expect(page.getByLabel('Mistä lähtien?', { exact: true }).count()).resolves.toBe(0);
      await ongoing.getByLabel(fi['questions.yes'], { exact: true }).check();
      await page.getByLabel('Mistä lähtien?', { exact: true }).fill(MARKERS.since);
      await screenshot(page, 'questionnaires-02-finnish-form');
      await expectAccessible(page, 'report form with a questionnaire in Finnish');

      // The choice question is required: the form says so, in Finnish, and sends nothing.
      await page.getByRole('button', { name: fi['report.send'] }).click();
      await page.getByText(fill(fi['questions.errorRequired'], { question: 'Mistä tiedät?' })).waitFor();
      expect(r.requests.some((q) => q.url.endsWith('/api/public/reports'))).toBe(false);

      await page
        .getByRole('group', { name: `Mistä tiedät? ${fi['questions.required']}`, exact: true })
        .getByLabel('Näin sen itse', { exact: true })
        .check();
      await page.getByRole('button', { name: fi['report.send'] }).click();
      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expectClean(r);
      // What the reporter wrote and answered left the browser encrypted only.
      expect(findMarkers(r.requests, [...Object.values(MARKERS), 'Näin sen itse', 'Jatkuuko se yhä?'])).toEqual([]);
      const sent = r.requests.find((q) => q.url.endsWith('/api/public/reports'))!;
      expect(JSON.parse(sent.body.toString('utf8')).items.map((i: { kind: string }) => i.kind)).toEqual(['report', 'answers']);
    } finally {
      await r.close();
    }

    // 3. The handler reads the answers as a form: the reporter's wording, and yes in the handler's language.
    const [{ id: caseId }] = (await t.db.query('SELECT id FROM cases WHERE channel_id = $1', [org.channelId])) as { id: string }[];
    const h = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = h.page;
      await page.goto(`${h.origin}/staff/cases/${caseId}`);
      await signIn(page, t, org.handlers[0]);
      const answers = page.getByTestId('answers');
      await answers.waitFor();
      const pairs = await answers
        .locator('div')
        .evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]));
      expect(pairs).toEqual([
        ['Jatkuuko se yhä?', staffEn['answers.yes']],
        ['Mistä lähtien?', MARKERS.since],
        ['Mistä tiedät?', 'Näin sen itse'],
      ]);
      await page.getByText(fill(staffEn['answers.version'], { version: 1 })).waitFor();
      await screenshot(page, 'questionnaires-03-handler');
      await expectAccessible(page, 'case with questionnaire answers');
      expectClean(h);
      expect(findMarkers(h.requests, [...Object.values(MARKERS), TEST_PASSWORD])).toEqual([]);
    } finally {
      await h.close();
    }

    // 4. A new version: the case keeps version 1 and its answers read as before.
    await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(adminSession.headers)
      .send({ questions: [{ id: 'other', type: 'short-text', required: false, label: { en: 'Anything else?' } }] })
      .expect(200);
    const again = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = again.page;
      await page.goto(`${again.origin}/staff/cases/${caseId}`);
      await signIn(page, t, org.handlers[0]);
      await page.getByTestId('answers').getByText('Mistä tiedät?').waitFor();
      await page.getByText(fill(staffEn['answers.version'], { version: 1 })).waitFor();
      expect(await page.getByText('Anything else?').count()).toBe(0);
      expectClean(again);
    } finally {
      await again.close();
    }
  }, 240_000);
});
