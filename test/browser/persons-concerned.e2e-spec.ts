import { Page } from 'playwright-core';
import { submitReport } from '../helpers/clients';
import { TEST_PASSWORD, TestStaff } from '../helpers/factories';
import { expectAccessible, expectClean, findMarkers, recordedContext, screenshot } from './helpers/browser';
import { addChannel, appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const en = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** Plaintext that exists only in the reporter's and the handlers' browsers. */
const MARKERS = {
  title: 'CONCERNED-TITLE-MARKER-3c9e1a',
  person: 'CONCERNED-PERSON-MARKER-b72f04',
  reason: 'CONCERNED-REASON-MARKER-5d0e88',
};

describe('staff console in the browser: persons concerned under a key of their own (R21)', () => {
  const suite = browserSuite({ handlers: 1 });

  async function openCase(page: Page, origin: string, who: TestStaff, id: string): Promise<void> {
    await page.goto(`${origin}/staff/cases/${id}`);
    await signIn(page, suite.t, who);
    await page.getByTestId('report-title').waitFor();
  }

  it('an expert sees that persons concerned are withheld until a handler who holds them shares them, with a reason', async () => {
    const { t, org, browser } = suite;
    const [a] = org.handlers;
    const expert = (await addChannel(t, org, 'Legal', { handlers: 1, custodians: 0 })).handlers[0];
    const id = (
      await submitReport(t, org, {
        title: MARKERS.title,
        body: 'What happened',
        subjects: [{ name: MARKERS.person, role: 'Buyer', details: 'Signed the orders' }],
        protectSubjects: true,
      })
    ).body.caseId;

    // Handler A reads the person and gives the legal colleague expert access: the shared key only.
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await openCase(r.page, r.origin, a, id);
      await r.page.getByText(MARKERS.person).waitFor();
      await r.page.getByLabel(en['expert.colleague'], { exact: true }).selectOption({ label: expert.displayName });
      await r.page.getByLabel(en['expert.reason'], { exact: true }).fill('Legal opinion on the orders');
      await r.page.getByRole('button', { name: en['expert.submit'], exact: true }).click();
      await r.page.getByText(new RegExp(`^${expert.displayName} can read the case until`)).waitFor();
      expectClean(r);
    } finally {
      await r.close();
    }

    // The expert reads the report but not the person; the page says so instead of showing nobody.
    const e = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await openCase(e.page, e.origin, expert, id);
      await expect(e.page.getByTestId('concerned-withheld').textContent()).resolves.toBe(fill(en['concerned.withheld'], { n: '1' }));
      expect(await e.page.getByText(MARKERS.person).count()).toBe(0);
      expect(await e.page.getByText(en['case.noSubjects']).count()).toBe(0);
      await screenshot(e.page, 'persons-concerned-01-withheld');
      await expectAccessible(e.page, 'persons concerned withheld');
      expectClean(e);
    } finally {
      await e.close();
    }

    // A shares the persons concerned with the expert; a reason is required first.
    const s = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await openCase(s.page, s.origin, a, id);
      const form = s.page.getByRole('form', { name: en['concerned.formLabel'] });
      await form.getByLabel(en['concerned.colleague'], { exact: true }).selectOption({ label: expert.displayName });
      await form.getByRole('button', { name: en['concerned.submit'], exact: true }).click();
      await form.getByText(en['concerned.reasonNeeded']).waitFor();
      expect(s.requests.some((q) => q.url.endsWith('/persons-concerned-grants'))).toBe(false);
      await form.getByLabel(en['concerned.reason'], { exact: true }).fill(MARKERS.reason);
      await form.getByRole('button', { name: en['concerned.submit'], exact: true }).click();
      await s.page.getByText(fill(en['concerned.shared'], { name: expert.displayName })).waitFor();
      await screenshot(s.page, 'persons-concerned-02-shared');
      await expectAccessible(s.page, 'persons concerned shared');
      expectClean(s);
      // The grant went sealed; the person's name never left the browser.
      expect(findMarkers(s.requests, [MARKERS.title, MARKERS.person, TEST_PASSWORD])).toEqual([]);
    } finally {
      await s.close();
    }
    const grants = (await t.db.query("SELECT signed_by, reason FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 AND key_kind = 'concerned'", [
      id,
      expert.id,
    ])) as { signed_by: string; reason: string }[];
    expect(grants).toEqual([{ signed_by: `user:${a.id}`, reason: MARKERS.reason }]);

    // Now the expert reads the person, and the withheld notice is gone.
    const after = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await openCase(after.page, after.origin, expert, id);
      await after.page.getByText(MARKERS.person).waitFor();
      expect(await after.page.getByTestId('concerned-withheld').count()).toBe(0);
      expectClean(after);
    } finally {
      await after.close();
    }
  }, 180_000);
});
