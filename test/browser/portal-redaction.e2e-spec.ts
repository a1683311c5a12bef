import { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { encryptItem, RedactableKind, toB64 } from '@kanava/crypto';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { findMarkers, launchChromium, ensureWebBuilt, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { appOrigin, openAsHandler } from './helpers/portal';

const en = catalogs.en;

/** What the reporter wrote and a handler then redacted: none of it may reach the page or any request again. */
const GONE = { body: 'GONE-BODY-NAMES-51c0aa', message: 'GONE-MESSAGE-PHONE-0f7d21' };

/** The reporter's portal after a handler redacted the report and a message: it opens, and says what was redacted. */
describe('reporter portal after a redaction, in the browser', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the case with only its secret, shows the report and a message as redacted by the handler, and still sends', async () => {
    const built = await submitReport(t, org, { title: 'Invoices', body: `Split invoices, ask ${GONE.body}.` });
    const caseId = built.body.caseId;
    const bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
    const message = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      signSecretKey: built.reporter.sign.secretKey,
      value: { text: `Call me at ${GONE.message}.` },
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearer).send(message).expect(201);

    // The handler replies, then redacts the message and the report in their client.
    const { staff, sharedKey } = await openAsHandler(t, org.handlers[0], caseId);
    const item = (kind: 'message-handler' | 'redaction', value: unknown) =>
      encryptItem({ caseId, kind, itemId: randomUUID(), key: sharedKey, signSecretKey: staff.bundle.signSecretKey, value });
    await t.http
      .post(`/api/staff/cases/${caseId}/messages`)
      .set(staff.headers)
      .send(item('message-handler', { text: 'Thank you, we are on it.' }))
      .expect(201);
    const redact = (itemId: string, kind: RedactableKind, replacement: Record<string, string>) =>
      t.http
        .post(`/api/staff/cases/${caseId}/items/${itemId}/redact`)
        .set(staff.headers)
        .send({
          confirm: true,
          replacement: item('redaction', { redactedItemId: itemId, redactedKind: kind, redactedAt: new Date().toISOString(), replacement }),
        })
        .expect(200);
    await redact(message.itemId, 'message-reporter', { text: 'Call me at [phone removed].' });
    await redact(built.body.items.find((i) => i.kind === 'report')!.itemId, 'report', { title: 'Invoices', body: 'Split invoices, ask [name removed].' });

    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    try {
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.followUp'] }).click();
      await page.getByLabel(en['followUp.secret'], { exact: true }).fill(built.caseSecret);
      await page.getByRole('button', { name: en['followUp.open'] }).click();
      await page.getByTestId('case-status').waitFor({ timeout: 30_000 });

      // The report: said to be redacted, with the handler's version set apart as theirs.
      const redactedPrefix = en['redaction.by'].split('{date}')[0];
      const report = page.getByTestId('report-redacted');
      await expect(page.getByText(en['redaction.reportExplain']).isVisible()).resolves.toBe(true);
      await expect(report.getByText(redactedPrefix).isVisible()).resolves.toBe(true);
      await expect(report.getByText(en['redaction.version']).isVisible()).resolves.toBe(true);
      await expect(report.getByText('Split invoices, ask [name removed].').isVisible()).resolves.toBe(true);
      // With the report redacted, its list of handler keys is gone: replies are marked as from an unverified sender.
      await expect(report.getByText(en['redaction.unverified']).isVisible()).resolves.toBe(true);

      // The message, in its place, from the reporter, redacted.
      const conversation = page.getByRole('region', { name: en['case.conversation'] });
      const redactedMessage = conversation.getByRole('listitem').filter({ hasText: redactedPrefix });
      await expect(redactedMessage.count()).resolves.toBe(1);
      await expect(redactedMessage.getByText(en['case.fromYou'], { exact: false }).isVisible()).resolves.toBe(true);
      await expect(redactedMessage.getByText('Call me at [phone removed].').isVisible()).resolves.toBe(true);
      const reply = conversation.getByRole('listitem').filter({ hasText: 'Thank you, we are on it.' });
      await expect(reply.getByText(en['case.unverified']).isVisible()).resolves.toBe(true);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toContain(GONE.body);
      expect(text).not.toContain(GONE.message);
      await screenshot(page, 'portal-redacted');
      await expectAccessible(page, 'follow-up after a redaction');

      // The page works as before: the reporter answers.
      await page.getByLabel(en['case.reply'], { exact: true }).fill('Fine by me.');
      await page.getByRole('button', { name: en['case.send'] }).click();
      await page.getByText(en['case.replySent']).waitFor();
      await conversation.getByText('Fine by me.').waitFor();
      expectClean(r);
    } finally {
      await r.close();
    }
    expect(findMarkers(r.requests, Object.values(GONE))).toEqual([]);
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'message-reporter'", [caseId]);
    expect(n).toBe(1);
  }, 180_000);
});
