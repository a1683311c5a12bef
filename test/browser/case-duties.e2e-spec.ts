import { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation, TestStaff } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);
const NECESSITY = 'NECESSITY-MARKER-2c7b: the health details are needed to judge the safety risk';

/** The duties a case carries beyond its deadlines: protection at closure and after it (R40), anonymous deadlines (R8), special categories (R34). */
describe('staff console in the browser: protection at closure, anonymous deadlines and special categories of data', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let api: StaffSessionInfo;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1 });
    api = await loginStaff(t, org.handlers[0]);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCase(page: Page, origin: string, who: TestStaff, id: string): Promise<void> {
    await page.goto(`${origin}/staff/cases/${id}`);
    await signIn(page, t, who);
    await page.getByTestId('report-title').waitFor();
  }

  it('an anonymous case shows its deadlines as not legally required; closure records the risk and the measures, and the follow-up stays due until done', async () => {
    const caseId = (await submitReport(t, org)).body.caseId;
    const post = (path: string, body: object) => t.http.post(`/api/staff/cases/${caseId}/${path}`).set(api.headers).send(body);
    await post('acknowledge', {}).expect(200);
    await post('status', { status: 'triaged', triage: { priority: 'high', relevance: 'in_scope', retaliationRisk: 'high' } }).expect(200);
    await post('status', { status: 'investigating' }).expect(200);
    await post('status', { status: 'concluded', conclusion: { outcome: 'substantiated' } }).expect(200);

    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await openCase(page, r.origin, org.handlers[0], caseId);
      await page.getByText(en['workflow.anonymousDeadlines']).waitFor();
      const feedbackBadge = page.getByTestId('due-open').filter({ hasText: en['due.notRequired'] });
      await expect(feedbackBadge.count()).resolves.toBe(1);

      const closure = page.getByRole('form', { name: en['workflow.close'] });
      await closure.getByLabel(en['workflow.feedbackGiven'], { exact: true }).check();
      await closure.getByRole('button', { name: en['workflow.closeCase'] }).click();
      await page.getByRole('alert').filter({ hasText: en['workflow.atRiskRequired'] }).waitFor();
      expect((await t.db.query('SELECT status FROM cases WHERE id = $1', [caseId]))[0].status).toBe('concluded');

      await closure.getByRole('group', { name: en['workflow.atRisk'] }).getByLabel(en['workflow.atRisk.yes'], { exact: true }).check();
      const measures = closure.getByRole('group', { name: en['workflow.measures'] });
      await measures.getByLabel(en['measure.retaliation_monitoring'], { exact: true }).check();
      await measures.getByLabel(en['measure.support_referral'], { exact: true }).check();
      const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await closure.getByLabel(en['workflow.followUp'], { exact: true }).fill(day);
      await expectAccessible(page, 'closure with protective measures');
      await screenshot(page, 'case-duties-01-closure');
      await closure.getByRole('button', { name: en['workflow.closeCase'] }).click();
      await page.getByText(en['workflow.closed']).waitFor();

      const recorded = page.getByTestId('closure');
      await recorded.getByText(en['workflow.closureAtRisk']).waitFor();
      await recorded
        .getByText(fill(en['workflow.closureMeasures'], { measures: `${en['measure.retaliation_monitoring']}; ${en['measure.support_referral']}` }))
        .waitFor();
      // The closed case keeps one deadline: the follow-up.
      await page.getByTestId('due-open').filter({ hasText: 'Follow up with the reporter by' }).waitFor();
      const [row] = await t.db.query('SELECT reporter_at_risk, protective_measures, follow_up_at, next_due_at FROM cases WHERE id = $1', [caseId]);
      expect(row).toEqual({
        reporter_at_risk: true,
        protective_measures: ['retaliation_monitoring', 'support_referral'],
        follow_up_at: new Date(`${day}T12:00:00.000Z`),
        next_due_at: new Date(`${day}T12:00:00.000Z`),
      });
      await screenshot(page, 'case-duties-02-closed');

      await recorded.getByRole('button', { name: en['workflow.followUpDone'] }).click();
      await page.getByText(en['workflow.followUpRecorded']).waitFor();
      await page.getByTestId('due-done').filter({ hasText: 'Followed up with the reporter' }).waitFor();
      expect((await t.db.query('SELECT follow_up_done_at IS NOT NULL AS done, next_due_at FROM cases WHERE id = $1', [caseId]))[0]).toEqual({
        done: true,
        next_due_at: null,
      });
      await expectAccessible(page, 'closed case with its follow-up done');
      expectClean(r);
    } finally {
      await r.close();
    }
  });

  it('a handler flags special categories of data with a necessity note encrypted in the browser, finds the case by the inbox filter, and clears the flag after confirming', async () => {
    const flagged = (await submitReport(t, org, { title: 'Flag me', body: 'B' })).body;
    const other = (await submitReport(t, org, { title: 'Leave me', body: 'B' })).body;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await openCase(page, r.origin, org.handlers[0], flagged.caseId);
      const panel = page.getByRole('region', { name: en['special.title'] });
      await panel.getByText(en['special.none']).waitFor();
      const form = panel.getByRole('form', { name: en['special.formLabel'] });
      // Without a reason the console asks for one and sends nothing.
      await form.getByLabel(en['special.category.special_category'], { exact: true }).check();
      await form.getByRole('button', { name: en['special.save'] }).click();
      await panel.getByRole('alert').filter({ hasText: en['special.necessityRequired'] }).waitFor();
      await form.getByLabel(en['special.necessity'], { exact: true }).fill(NECESSITY);
      await form.getByRole('button', { name: en['special.save'] }).click();
      await panel.getByText(en['special.saved']).waitFor();
      await panel.getByText(fill(en['special.flagged'], { categories: en['special.category.special_category'] })).waitFor();
      await expect(panel.getByTestId('special-necessity').textContent()).resolves.toBe(NECESSITY);
      await expectAccessible(page, 'special categories flagged');
      await screenshot(page, 'case-duties-03-special-data');
      // The note went to the server encrypted: its text is in no request.
      expect(findMarkers(r.requests, [NECESSITY])).toEqual([]);
      const [row] = await t.db.query('SELECT special_data, special_data_note_id FROM cases WHERE id = $1', [flagged.caseId]);
      expect(row.special_data).toEqual(['special_category']);
      const [note] = await t.db.query('SELECT kind FROM case_items WHERE id = $1', [row.special_data_note_id]);
      expect(note).toEqual({ kind: 'note' });

      // The inbox filter finds only the flagged case, marked as such.
      // Within the console (a new page load would ask to sign in again: the keys live in this tab only).
      await page.getByRole('link', { name: en['nav.inbox'], exact: true }).click();
      await page.getByTestId('inbox').waitFor();
      await page.getByLabel(en['inbox.specialData'], { exact: true }).selectOption({ label: en['inbox.specialDataFlagged'] });
      await page.locator(`tr[data-case-id="${other.caseId}"]`).waitFor({ state: 'detached' });
      const rows = page.getByTestId('inbox').locator('tbody tr');
      await expect(rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')))).resolves.toEqual([flagged.caseId]);
      await rows.first().getByTestId('special-data-badge').waitFor();
      await screenshot(page, 'case-duties-04-inbox-filter');

      // Clearing asks first.
      await rows.first().getByRole('link').click();
      await page.getByTestId('report-title').waitFor();
      await panel.getByRole('button', { name: en['special.clear'] }).click();
      await panel.getByText(en['special.clearQuestion']).waitFor();
      await panel.getByRole('button', { name: en['special.clearYes'] }).click();
      await panel.getByText(en['special.cleared']).waitFor();
      await panel.getByText(en['special.none']).waitFor();
      expect((await t.db.query('SELECT special_data FROM cases WHERE id = $1', [flagged.caseId]))[0].special_data).toEqual([]);
      expectClean(r);
    } finally {
      await r.close();
    }
  });
});
