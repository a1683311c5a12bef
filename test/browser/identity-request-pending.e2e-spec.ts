import { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;

/** A handler's request for the reporter's identity: once sent, the case page says it is pending instead of offering the form again. */
describe('identity request pending in the console', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const built = await submitReport(t, org, {
      title: 'Invoices',
      body: 'Split invoices.',
      identity: { name: 'Reporter Name', contact: 'by post', details: '' },
    });
    caseId = built.body.caseId;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const requests = async () =>
    (await t.db.query('SELECT requester_id, status FROM identity_requests WHERE case_id = $1', [caseId])) as { requester_id: string; status: string }[];

  it('replaces the request form by the pending state, also when the case is opened again', async () => {
    const [handler] = org.handlers;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const { page } = r;
      await page.goto(`${r.origin}/staff/cases/${caseId}`);
      await signIn(page, t, handler);
      await page.getByTestId('report-title').waitFor();
      await page.getByLabel(en['identity.reason'], { exact: true }).fill('The reporter asked to be called back.');
      await page.getByRole('button', { name: en['identity.request'] }).click();
      const pending = page.getByTestId('identity-pending');
      await pending.getByText(en['identity.requested']).waitFor();
      await expect(pending.getByText(en['identity.pending']).isVisible()).resolves.toBe(true);
      // The form is gone: nothing to send twice.
      await expect(page.getByLabel(en['identity.reason'], { exact: true }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: en['identity.request'] }).count()).resolves.toBe(0);
      expect(await requests()).toEqual([{ requester_id: handler.id, status: 'pending' }]);
      await screenshot(page, 'identity-request-pending-01');
      await expectAccessible(page, 'identity request pending');
      expectClean(r);
    } finally {
      await r.close();
    }

    const again = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const { page } = again;
      await page.goto(`${again.origin}/staff/cases/${caseId}`);
      await signIn(page, t, handler);
      await page.getByTestId('report-title').waitFor();
      await page.getByTestId('identity-pending').getByText(en['identity.pendingEarlier']).waitFor();
      await expect(page.getByLabel(en['identity.reason'], { exact: true }).count()).resolves.toBe(0);
      expect(await requests()).toHaveLength(1);
      expectClean(again);
    } finally {
      await again.close();
    }
  });
});
