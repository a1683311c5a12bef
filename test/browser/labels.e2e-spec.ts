import { submitReport } from '../helpers/clients';
import { expectAccessible, expectClean, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const en = staffText.en;
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));

describe('labels and saved filters in the browser', () => {
  const suite = browserSuite({ handlers: 1 });

  it('an admin adds a label; a handler labels two cases at once, filters by it, keeps the filter by name and deletes it after a confirmation', async () => {
    const { t, org, browser } = suite;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitReport(t, org, { title: `Case ${i}`, body: 'B' })).body.caseId);
    const refs = ((await t.db.query('SELECT id, reference FROM cases WHERE id = ANY($1::uuid[])', [ids])) as { id: string; reference: string }[]).sort(
      (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
    );

    // The admin defines the label.
    const a = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = a.page;
      await page.goto(`${a.origin}/staff/admin/labels`);
      await signIn(page, t, org.admins[0]);
      await page.getByRole('heading', { level: 1, name: en['admin.labels.title'] }).waitFor();
      await page.getByText(en['admin.labels.none']).waitFor();
      await page.getByLabel(en['admin.labels.name'], { exact: true }).fill('Needs legal opinion');
      await page.getByRole('button', { name: en['admin.labels.add'] }).click();
      await page.getByText(fill(en['admin.labels.created'], { name: 'Needs legal opinion' })).waitFor();
      await expect(page.getByLabel(fill(en['admin.labels.nameOf'], { name: 'Needs legal opinion' }), { exact: true }).inputValue()).resolves.toBe(
        'Needs legal opinion',
      );
      await screenshot(page, 'labels-01-admin');
      await expectAccessible(page, 'labels page');
      expectClean(a);
    } finally {
      await a.close();
    }

    // The handler labels the first two cases from the inbox and filters by the label.
    const h = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = h.page;
      await page.goto(`${h.origin}/staff/cases`);
      await signIn(page, t, org.handlers[0]);
      const rows = page.getByTestId('inbox').locator('tbody tr');
      await rows.first().waitFor();
      for (const r of refs.slice(0, 2)) await page.getByLabel(fill(en['inbox.selectCase'], { reference: r.reference }), { exact: true }).check();
      const bulk = page.getByRole('form', { name: en['labels.bulkForm'] });
      await bulk.getByLabel(en['labels.label'], { exact: true }).selectOption({ label: 'Needs legal opinion' });
      await bulk.getByRole('button', { name: fill(en['labels.addToSelected'], { n: 2 }) }).click();
      await page.getByText(fill(en['labels.added'], { name: 'Needs legal opinion', n: 2 })).waitFor();
      const labelled = page.locator(`tr[data-case-id="${refs[0].id}"] [data-testid="case-labels"]`);
      await expect(labelled.textContent()).resolves.toBe('Needs legal opinion');
      expect(await page.locator(`tr[data-case-id="${refs[2].id}"] [data-testid="case-labels"]`).count()).toBe(0);

      await page.getByLabel(en['labels.filter'], { exact: true }).selectOption({ label: 'Needs legal opinion' });
      await page.locator(`tr[data-case-id="${refs[2].id}"]`).waitFor({ state: 'detached' });
      await expect(rows.count()).resolves.toBe(2);
      await screenshot(page, 'labels-02-inbox-filtered');
      await expectAccessible(page, 'inbox filtered by label');

      // Kept by name, the filter comes back with one choice.
      await page.getByLabel(en['savedFilters.name'], { exact: true }).fill('Legal work');
      await page.getByRole('button', { name: en['savedFilters.save'] }).click();
      await page.getByText(fill(en['savedFilters.saved'], { name: 'Legal work' })).waitFor();
      await page.getByLabel(en['labels.filter'], { exact: true }).selectOption({ label: en['inbox.any'] });
      await page.locator(`tr[data-case-id="${refs[2].id}"]`).waitFor();
      await page.getByLabel(en['savedFilters.choose'], { exact: true }).selectOption({ label: 'Legal work' });
      await page.locator(`tr[data-case-id="${refs[2].id}"]`).waitFor({ state: 'detached' });
      await expect(page.getByLabel(en['labels.filter'], { exact: true }).inputValue()).resolves.not.toBe('');

      // Deleting it asks first.
      await page.getByRole('button', { name: fill(en['savedFilters.delete'], { name: 'Legal work' }) }).click();
      await page.getByText(fill(en['savedFilters.deleteConfirm'], { name: 'Legal work' })).waitFor();
      expect(h.requests.some((r) => r.method === 'DELETE')).toBe(false);
      await page.getByRole('button', { name: en['savedFilters.deleteYes'] }).click();
      await page.getByText(fill(en['savedFilters.deleted'], { name: 'Legal work' })).waitFor();
      expectClean(h);
    } finally {
      await h.close();
    }
    // The run's other files keep filters of their own in the same database: only this handler's count.
    expect(await t.db.query('SELECT count(*)::int AS n FROM saved_filters WHERE user_id = $1', [org.handlers[0].id])).toEqual([{ n: 0 }]);
    const events = (await t.db.query("SELECT case_id FROM audit_events WHERE organisation_id = $1 AND action = 'case.label_added'", [org.id])) as {
      case_id: string;
    }[];
    expect(events.map((e) => e.case_id).sort()).toEqual(ids.slice(0, 2).sort());
  }, 240_000);
});
