import { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { releaseReporterEvents } from '../helpers/audit';
import { loginStaff, submitReport } from '../helpers/clients';
import { addStaff, makeOrganisation, TestOrganisation, TestStaff } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const fi = staffText.fi;
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
const TITLES = [
  'INVOICE-MARKER-41d2 fraud in purchasing',
  'SAFETY-MARKER-8e03 breach at the depot',
  'Invoice INVOICE-MARKER-7c55 billed twice',
  'LATE-MARKER-2b9f report',
];

/** Issue 22 in the browser: the handler's working day in the inbox, and the auditor's readable log. */
describe('staff console in the browser: inbox search, unread marker, bulk assignment, and the audit log by reference', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let colleague: TestStaff;
  const ids: string[] = [];
  const refs: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    for (const title of TITLES.slice(0, 3)) ids.push((await submitReport(t, org, { title, body: `${title} body` })).body.caseId);
    // Designated after the first three reports: the colleague holds only the last one.
    colleague = await addStaff(t, org, 'handler', 'Colleague Cecilia');
    ids.push((await submitReport(t, org, { title: TITLES[3], body: 'late body' })).body.caseId);
    for (const id of ids) refs.push(((await t.db.query('SELECT reference FROM cases WHERE id = $1', [id])) as { reference: string }[])[0].reference);
    // The handler opened the second case already.
    const a = await loginStaff(t, org.handlers[0]);
    await t.http.get(`/api/staff/cases/${ids[1]}`).set(a.headers).expect(200);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a handler sees the counts and unread cases, searches titles and references, and assigns several cases to a colleague', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases`);
      await signIn(page, t, org.handlers[0]);
      const inbox = page.getByTestId('inbox');
      await inbox.waitFor();
      const row = (i: number) => page.locator(`tr[data-case-id="${ids[i]}"]`);
      // Unread in words: every case but the one opened.
      for (const i of [0, 2, 3]) await row(i).getByTestId('unread-badge').waitFor();
      await expect(row(1).getByTestId('unread-badge').count()).resolves.toBe(0);
      const counts = page.getByTestId('status-counts');
      await counts.getByText(fill(en['inbox.countTotal'], { total: 4, unread: 3 })).waitFor();
      await counts.getByText(fill(en['inbox.countItem'], { status: en['status.received'], total: 4, unread: 3 })).waitFor();
      await expectAccessible(page, 'inbox with counts and unread cases');

      // Unread only.
      await page.getByLabel(en['inbox.unreadFilter'], { exact: true }).selectOption('only');
      await row(1).waitFor({ state: 'detached' });
      await expect(inbox.locator('tbody tr').count()).resolves.toBe(3);
      await page.getByLabel(en['inbox.unreadFilter'], { exact: true }).selectOption('');
      await row(1).waitFor();

      // A reference as typed (lower case, no hyphen) finds its case on the server; a malformed one is refused before asking.
      const reference = page.getByLabel(en['inbox.referenceFilter'], { exact: true });
      await reference.fill('k7qu');
      await page.getByRole('button', { name: en['inbox.referenceApply'], exact: true }).click();
      await page.getByRole('alert').filter({ hasText: en['inbox.referenceInvalid'] }).waitFor();
      await expectAccessible(page, 'malformed reference');
      await reference.fill(refs[2].toLowerCase().replace('-', ''));
      await page.getByRole('button', { name: en['inbox.referenceApply'], exact: true }).click();
      await row(0).waitFor({ state: 'detached' });
      await expect(inbox.locator('tbody tr').count()).resolves.toBe(1);
      await row(2).waitFor();
      expect(r.requests.some((q) => q.url.includes(`reference=${encodeURIComponent(refs[2])}`))).toBe(true);
      await reference.fill('');
      await page.getByRole('button', { name: en['inbox.referenceApply'], exact: true }).click();
      await row(0).waitFor();

      // Titles are decrypted here and searched here: the search word goes nowhere.
      await page.getByLabel(en['inbox.showTitles'], { exact: true }).check();
      await row(0).getByTestId('case-title').filter({ hasText: TITLES[0] }).waitFor();
      await row(3).getByTestId('case-title').filter({ hasText: TITLES[3] }).waitFor();
      await page.getByLabel(en['inbox.search'], { exact: true }).fill('invoice');
      await page
        .getByTestId('search-result')
        .filter({ hasText: fill(en['inbox.searchResult'], { shown: 2, loaded: 4 }) })
        .waitFor();
      await expect(inbox.locator('tbody tr').count()).resolves.toBe(2);
      await row(0).waitFor();
      await row(2).waitFor();
      await screenshot(page, 'inbox-01-search');
      await expectAccessible(page, 'inbox search');
      // By reference too, in the same box.
      await page.getByLabel(en['inbox.search'], { exact: true }).fill(refs[3].slice(0, 6).toLowerCase());
      await row(3).waitFor();
      await page.getByLabel(en['inbox.search'], { exact: true }).fill('');
      await row(1).waitFor();

      // Bulk: the two invoice cases and the late one, which the colleague holds already.
      for (const i of [0, 2, 3]) await page.getByLabel(fill(en['inbox.selectCase'], { reference: refs[i] }), { exact: true }).check();
      await page.getByRole('button', { name: fill(en['bulk.submit'], { count: 3 }) }).click();
      await page.getByRole('alert').filter({ hasText: en['bulk.choose'] }).waitFor();
      await page.getByLabel(en['bulk.colleague'], { exact: true }).selectOption({ label: colleague.displayName });
      await page.getByRole('button', { name: fill(en['bulk.submit'], { count: 3 }) }).click();
      const progress = page.getByTestId('bulk-progress');
      await progress.getByText(fill(en['bulk.done'], { count: 2, total: 3, name: colleague.displayName })).waitFor();
      await progress.getByText(fill(en['bulk.progress'], { done: 3, total: 3 })).waitFor();
      const failures = page.getByTestId('bulk-failures');
      await failures.getByText(fill(en['bulk.errorItem'], { reference: refs[3], reason: en['bulk.reason.holds'] })).waitFor();
      await expect(failures.locator('li').count()).resolves.toBe(1);
      // The failed case stays selected to try again; the assigned ones are not.
      await expect(page.getByLabel(fill(en['inbox.selectCase'], { reference: refs[3] }), { exact: true }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel(fill(en['inbox.selectCase'], { reference: refs[0] }), { exact: true }).isChecked()).resolves.toBe(false);
      await page.getByRole('button', { name: fill(en['bulk.submit'], { count: 1 }) }).waitFor();
      await screenshot(page, 'inbox-02-bulk-assigned');
      await expectAccessible(page, 'bulk assignment done');

      // The colleague holds the shared key of both, sealed and signed by the handler; the cases stayed unread.
      const grants = (await t.db.query(
        "SELECT case_id, signed_by FROM case_grants WHERE grantee_user_id = $1 AND key_kind = 'shared' AND case_id = ANY($2::uuid[]) ORDER BY case_id",
        [colleague.id, [ids[0], ids[2]]],
      )) as { case_id: string; signed_by: string }[];
      expect(grants.map((g) => g.case_id).sort()).toEqual([ids[0], ids[2]].sort());
      expect(new Set(grants.map((g) => g.signed_by))).toEqual(new Set([`user:${org.handlers[0].id}`]));
      expect(
        (await t.db.query('SELECT case_id FROM case_reads WHERE user_id = $1 ORDER BY case_id', [org.handlers[0].id])).map(
          (x: { case_id: string }) => x.case_id,
        ),
      ).toEqual([ids[1]]);
      const posts = r.requests.filter((q) => q.method === 'POST' && q.url.endsWith('/assignments'));
      expect(posts.map((q) => q.url).sort()).toEqual([ids[0], ids[2]].map((id) => `/api/staff/cases/${id}/assignments`).sort());
      // Nothing decrypted, and not the search word, left the browser.
      expect(findMarkers(r.requests, ['INVOICE-MARKER', 'SAFETY-MARKER', 'LATE-MARKER', 'invoice'])).toEqual([]);
      expectClean(r);
    } finally {
      await r.close();
    }
  });

  it('an auditor finds a case by its reference and reads its events as sentences with labelled details, in English and in Finnish', async () => {
    await releaseReporterEvents(t);
    const handler = (await t.db.query('SELECT display_name FROM staff_users WHERE id = $1', [org.handlers[0].id]))[0].display_name as string;
    for (const [locale, text, lang] of [
      ['en-GB', en, 'en'],
      ['fi-FI', fi, 'fi'],
    ] as const) {
      const r = await recordedContext(browser, appOrigin(t), locale);
      try {
        const page = r.page;
        await page.goto(`${r.origin}/staff/audit`);
        await signIn(page, t, org.auditors[0], lang);
        await page.getByRole('heading', { level: 1, name: text['audit.title'] }).waitFor();
        await page.getByLabel(text['audit.reference'], { exact: true }).fill('k7qu4m2p');
        await page.getByRole('button', { name: text['audit.apply'] }).click();
        await page.getByRole('alert').filter({ hasText: text['audit.referenceInvalid'] }).waitFor();
        // As a handler would write it: lower case, without the hyphen.
        await page.getByLabel(text['audit.reference'], { exact: true }).fill(refs[1].toLowerCase().replace('-', ''));
        await page.getByRole('button', { name: text['audit.apply'] }).click();
        await page.getByRole('heading', { name: fill(text['audit.caseHistory'], { caseId: refs[1] }) }).waitFor();
        const viewed = page.locator('tr[data-action="case.viewed"]').first();
        const actor = fill(text['audit.actorWithRole'], { name: handler, role: text['role.handler'] });
        await viewed.getByText(fill(text['audit.sentence.case.viewed'], { actor, case: refs[1] }), { exact: true }).waitFor();
        // The details as labelled fields, not JSON.
        await viewed.locator('dt', { hasText: text['audit.detail.identity'] }).waitFor();
        await viewed.locator('dd', { hasText: text['audit.no'] }).waitFor();
        await expect(viewed.textContent()).resolves.not.toContain('{');
        const submitted = page.locator('tr[data-action="report.submitted"]').first();
        await submitted
          .getByText(fill(text['audit.sentence.report.submitted'], { actor: text['audit.subject.reporter'], case: refs[1] }), { exact: true })
          .waitFor();
        // Only this case's events, and never a raw action code or any content.
        const cases = await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[4]?.textContent));
        expect(new Set(cases)).toEqual(new Set([refs[1]]));
        const content = await page.content();
        expect(content).not.toContain('>case.viewed<');
        for (const title of TITLES) expect(content).not.toContain(title.split(' ')[0]);
        await screenshot(page, `audit-by-reference-${lang}`);
        await expectAccessible(page, `audit log by reference (${lang})`);
        const csv = await page.getByRole('link', { name: text['audit.exportCsv'] }).getAttribute('href');
        expect(csv).toBe(`/api/audit/export?reference=${refs[1]}&format=csv`);
        // The action is chosen by what it says, not by its code.
        await page
          .getByLabel(text['audit.action'], { exact: true })
          .selectOption({ label: fill(text['audit.sentence.case.viewed'], { actor: '…', case: '…' }) });
        await page.getByRole('button', { name: text['audit.apply'] }).click();
        await page.locator('tr[data-action="report.submitted"]').waitFor({ state: 'detached' });
        await expect(page.locator('tr[data-action]').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-action')))])).resolves.toEqual([
          'case.viewed',
        ]);
        expectClean(r);
      } finally {
        await r.close();
      }
    }
  });
});
