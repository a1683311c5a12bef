import { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { encryptItem, fromB64, generateKey, sealGrantToBox, sealGrantToReporter, toB64 } from '@kanava/crypto';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { fetchOrganisation, fetchRecipients, submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation, TestStaff } from '../helpers/factories';
import { findMarkers, launchChromium, ensureWebBuilt, Recorded, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { addChannel, appOrigin, identityAsCustodian } from './helpers/portal';
import { RECORDED_EVENTS_SQL } from '../helpers/audit';

const en = catalogs.en;

/** What the reporter types; none of it may appear in any request. */
const MARKERS = {
  name: 'LATER-NAME-MARKER-4be17c',
  contact: 'LATER-CONTACT-MARKER-9d03aa',
  details: 'LATER-DETAILS-MARKER-15f6e2',
};

/** The text of the element that has focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Opens the case with nothing but its secret, as a reporter on a new device would. */
async function openWithSecret(r: Recorded, slug: string, caseSecret: string): Promise<void> {
  await r.page.goto(`${r.origin}/r/${slug}`);
  await r.page.getByRole('button', { name: en['home.followUp'] }).click();
  await r.page.getByLabel(en['followUp.secret'], { exact: true }).fill(caseSecret);
  await r.page.getByRole('button', { name: en['followUp.open'] }).click();
  await r.page.getByTestId('case-status').waitFor({ timeout: 30_000 });
}

/** API.md "Follow up" `POST /api/public/case/identity` from the portal: a reporter adds their name after submitting. */
describe('reporter adds their identity later, in the browser', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let other: { channelId: string; handlers: TestStaff[]; custodians: TestStaff[] };
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    // Two channels with different custodians; reports go to the second, so the portal must recognise the case's channel.
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    other = await addChannel(t, org, 'Finance', { handlers: 1, custodians: 2 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const identityRows = async (caseId: string) =>
    (await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'identity'", [caseId]))[0].n as number;
  const identityGrantees = async (caseId: string) =>
    (
      (await t.db.query("SELECT grantee FROM case_grants WHERE case_id = $1 AND key_kind = 'identity' ORDER BY grantee", [caseId])) as { grantee: string }[]
    ).map((g) => g.grantee);

  it('lets a reporter with only the case secret add their name, encrypted for the custodians of the case channel alone', async () => {
    const built = await submitReport(t, { slug: org.slug, channelId: other.channelId }, { title: 'Invoices', body: 'Invoices are split.' });
    const caseId = built.body.caseId;

    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    try {
      await openWithSecret(r, org.slug, built.caseSecret);
      const section = page.getByTestId('identity-later');
      await section.getByRole('heading', { level: 2, name: en['identity.addTitle'] }).waitFor();
      await expect(page.getByText(en['case.anonymous'], { exact: true }).isVisible()).resolves.toBe(true);
      await expect(section.getByText(en['identity.who']).isVisible()).resolves.toBe(true);
      await expect(section.getByText(en['identity.final']).isVisible()).resolves.toBe(true);
      await screenshot(page, 'identity-later-01-form');
      await expectAccessible(page, 'identity form');

      // Name and contact are required, as on the report form; the error takes focus.
      await section.getByRole('button', { name: en['identity.review'] }).click();
      await section.getByText(en['identity.errorRequired']).waitFor();
      expect(await focused(page)).toBe(en['identity.errorRequired']);
      await expect(section.getByLabel(en['report.identityName'], { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
      await expectAccessible(page, 'identity form with an error');

      await section.getByLabel(en['report.identityName'], { exact: true }).fill(MARKERS.name);
      await section.getByLabel(en['report.identityContact'], { exact: true }).fill(MARKERS.contact);
      await section.getByLabel(en['report.identityDetails'], { exact: true }).fill(MARKERS.details);
      await section.getByRole('button', { name: en['identity.review'] }).click();

      // The confirmation shows what will be sent and takes focus; going back keeps the values.
      await section.getByRole('heading', { level: 3, name: en['identity.confirmTitle'] }).waitFor();
      expect(await focused(page)).toBe(en['identity.confirmTitle']);
      await expect(section.getByText(MARKERS.contact).isVisible()).resolves.toBe(true);
      await expect(section.getByText(en['identity.confirmText']).isVisible()).resolves.toBe(true);
      await screenshot(page, 'identity-later-02-confirm');
      await expectAccessible(page, 'identity confirmation');
      await section.getByRole('button', { name: en['identity.edit'] }).click();
      const nameField = section.getByLabel(en['report.identityName'], { exact: true });
      await expect(nameField.inputValue()).resolves.toBe(MARKERS.name);
      await expect(nameField.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      expect(await identityRows(caseId)).toBe(0);

      await section.getByRole('button', { name: en['identity.review'] }).click();
      await section.getByRole('button', { name: en['identity.send'] }).click();

      // Added: the section now shows the reporter's own identity, decrypted in the page, and nothing to edit.
      const given = page.getByTestId('identity-given');
      await given.getByText(en['identity.added']).waitFor({ timeout: 30_000 });
      await expect(given.getByText(MARKERS.name).isVisible()).resolves.toBe(true);
      await expect(given.getByText(MARKERS.details).isVisible()).resolves.toBe(true);
      await expect(given.locator('input, textarea').count()).resolves.toBe(0);
      await expect(page.getByTestId('identity-later').count()).resolves.toBe(0);
      expect(await focused(page)).toBe(en['identity.givenTitle']);
      await screenshot(page, 'identity-later-03-added');
      await expectAccessible(page, 'identity added');

      expect(await r.context.cookies()).toEqual([]);
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      expectClean(r);
    } finally {
      await r.close();
    }

    // One identity request went out, and no request held the name, the contact or the details, plain or base64url.
    const posts = r.requests.filter((q) => q.method === 'POST' && q.url.endsWith('/api/public/case/identity'));
    expect(posts).toHaveLength(1);
    expect(posts[0].body.length).toBeGreaterThan(500);
    expect(findMarkers(r.requests, Object.values(MARKERS))).toEqual([]);
    expect(findMarkers(r.requests, [built.caseSecret, built.caseSecret.replace(/-/g, '')])).toEqual([]);

    // The server holds exactly one identity item, its key granted to the reporter, recovery and the case channel's custodians only.
    expect(await identityRows(caseId)).toBe(1);
    expect(await identityGrantees(caseId)).toEqual(['recovery', 'reporter', ...other.custodians.map((c) => `user:${c.id}`)].sort());
    // Each of those custodians opens it in their own client; the reporter signed it.
    for (const custodian of other.custodians) {
      await expect(identityAsCustodian(t, custodian, caseId)).resolves.toEqual({ name: MARKERS.name, contact: MARKERS.contact, details: MARKERS.details });
    }
    const [event] = await t.db.query(`SELECT count(*)::int AS n FROM ${RECORDED_EVENTS_SQL} e WHERE e.case_id = $1 AND e.action = 'reporter.identity_added'`, [
      caseId,
    ]);
    expect(event.n).toBe(1);

    // Coming back later, the reporter sees the name read-only and is not offered the form.
    const again = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await openWithSecret(again, org.slug, built.caseSecret);
      await again.page.getByTestId('identity-given').getByText(MARKERS.contact).waitFor();
      await expect(again.page.getByText(en['case.identityGiven'].replace('{name}', MARKERS.name)).isVisible()).resolves.toBe(true);
      await expect(again.page.getByTestId('identity-later').count()).resolves.toBe(0);
      expectClean(again);
    } finally {
      await again.close();
    }
  }, 180_000);

  it('says so when the case got an identity meanwhile (409 identity_exists), and shows that one instead', async () => {
    const built = await submitReport(t, { slug: org.slug, channelId: other.channelId }, { title: 'Travel', body: 'Trips are invented.' });
    const caseId = built.body.caseId;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    try {
      await openWithSecret(r, org.slug, built.caseSecret);
      const section = page.getByTestId('identity-later');
      await section.getByLabel(en['report.identityName'], { exact: true }).fill('Second try');
      await section.getByLabel(en['report.identityContact'], { exact: true }).fill('phone');
      await section.getByRole('button', { name: en['identity.review'] }).click();

      // Meanwhile the same reporter adds an identity from another device.
      const info = await fetchOrganisation(t.http, org.slug);
      const recipients = await fetchRecipients(t.http, other.channelId);
      const key = generateKey();
      const sign = built.reporter.sign.secretKey;
      const item = encryptItem({
        caseId,
        kind: 'identity',
        itemId: randomUUID(),
        key,
        signSecretKey: sign,
        value: { name: 'First', contact: 'mail', details: '' },
      });
      const grants = [
        sealGrantToReporter({ caseId, keyKind: 'identity', key, wrapKey: built.reporter.wrapKey, signSecretKey: sign }),
        ...recipients.custodians.map((c) =>
          sealGrantToBox({ caseId, keyKind: 'identity', key, grantee: `user:${c.userId}`, boxPublicKey: fromB64(c.boxPublicKey, 32), signSecretKey: sign }),
        ),
        sealGrantToBox({ caseId, keyKind: 'identity', key, grantee: 'recovery', boxPublicKey: fromB64(info.recoveryPublicKey!, 32), signSecretKey: sign }),
      ];
      await t.http
        .post('/api/public/case/identity')
        .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
        .send({ item, grants })
        .expect(201);

      await section.getByRole('button', { name: en['identity.send'] }).click();
      const given = page.getByTestId('identity-given');
      await given.getByText(en['identity.exists']).waitFor({ timeout: 30_000 });
      await expect(given.getByText('First', { exact: true }).isVisible()).resolves.toBe(true);
      await expect(page.getByText('Second try').count()).resolves.toBe(0);
      await screenshot(page, 'identity-later-04-exists');
      expectClean(r);
    } finally {
      await r.close();
    }
    expect(await identityRows(caseId)).toBe(1);
  }, 120_000);
});
