import { createHash } from 'node:crypto';
import { Browser } from 'playwright-core';
import { deriveReporterKeys, normaliseCaseSecret, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);
const MARKERS = {
  title: 'FORWARDED-TITLE-MARKER-3e91',
  text: 'A caller said the safety inspections are signed without being done. FORWARDED-TEXT-MARKER-a5c2',
  from: 'FORWARDED-FROM-MARKER-Maija Esihenkilö',
  file: 'FORWARDED-FILE-MARKER-0d4b scanned letter',
};
const hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A handler registers reports that reached the organisation another way (R5), encrypted in their browser. */
describe('staff console in the browser: registering a report received another way', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers a phoned-in report dated the day it came, shows the hash of the original and a case secret that opens the case for the reporter', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases`);
      await signIn(page, t, org.handlers[0]);
      await page.getByRole('link', { name: en['inbox.registerForwarded'] }).click();
      await page.getByRole('heading', { level: 1, name: en['forwarded.title'] }).waitFor();
      const form = page.getByRole('form', { name: en['forwarded.title'] });
      // Nothing filled in: every missing field is named, nothing is sent.
      await form.getByLabel(en['forwarded.receivedOn'], { exact: true }).fill('');
      await form.getByRole('button', { name: en['forwarded.submit'] }).click();
      const problems = form.getByRole('alert');
      await problems.getByText(en['forwarded.titleMissing']).waitFor();
      await problems.getByText(en['forwarded.textMissing']).waitFor();
      await problems.getByText(en['forwarded.dateInvalid']).waitFor();
      await expectAccessible(page, 'forwarded report form with problems');

      const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
      await form.getByLabel(en['forwarded.receivedOn'], { exact: true }).fill(day);
      await form.getByLabel(en['forwarded.via'], { exact: true }).selectOption({ label: en['forwarded.via.phone'] });
      await form.getByLabel(en['forwarded.by'], { exact: true }).fill(MARKERS.from);
      await form.getByLabel(en['forwarded.reportTitle'], { exact: true }).fill(MARKERS.title);
      await form.getByLabel(en['forwarded.text'], { exact: true }).fill(MARKERS.text);
      await form.getByLabel(en['forwarded.handOut'], { exact: true }).check();
      await screenshot(page, 'forwarded-01-form');
      await form.getByRole('button', { name: en['forwarded.submit'] }).click();
      await page.getByRole('heading', { level: 1, name: en['forwarded.doneTitle'] }).waitFor();
      await expect(page.getByTestId('original-sha256').textContent()).resolves.toBe(hex(MARKERS.text));
      const secret = (await page.getByTestId('forwarded-case-secret').textContent())!;
      await expectAccessible(page, 'forwarded report registered');
      await screenshot(page, 'forwarded-02-done');

      // Only ciphertext left the browser.
      expect(findMarkers(r.requests, Object.values(MARKERS))).toEqual([]);
      // This organisation's only: other files register forwarded reports in the same database.
      const [row] = await t.db.query(
        `SELECT id, received_at, forwarded_via, forwarded_by_user_id, encode(original_sha256, 'hex') AS sha, acknowledgement_due_at FROM cases
          WHERE forwarded_via IS NOT NULL AND organisation_id = $1`,
        [org.id],
      );
      expect(row).toMatchObject({
        received_at: new Date(`${day}T00:00:00.000Z`),
        acknowledgement_due_at: new Date(Date.parse(`${day}T00:00:00.000Z`) + 7 * 86_400_000),
        forwarded_via: 'phone',
        forwarded_by_user_id: org.handlers[0].id,
        sha: hex(MARKERS.text),
      });

      // The case page says how it came and who registered it; the report reads as received.
      await page.getByRole('link', { name: en['forwarded.openCase'] }).click();
      await page.getByTestId('report-title').waitFor();
      await expect(page.getByTestId('report-body').textContent()).resolves.toBe(MARKERS.text);
      // Who passed it on is the registering handler's note, signed by them.
      await page
        .getByRole('region', { name: en['case.notes'] })
        .getByText(fill(en['forwarded.note'], { name: MARKERS.from, via: en['forwarded.via.phone'].toLowerCase(), date: day }))
        .waitFor();
      await expect(page.getByTestId('case-forwarded').textContent()).resolves.toBe(
        fill(en['case.forwardedHow'], { via: en['forwarded.via.phone'], name: org.handlers[0].displayName }),
      );
      await expect(page.getByTestId('case-original-sha256').textContent()).resolves.toBe(hex(MARKERS.text));
      await screenshot(page, 'forwarded-03-case');
      expectClean(r);

      // The case secret handed to the reporter opens the case in the portal's protocol.
      const keys = deriveReporterKeys(normaliseCaseSecret(secret), org.id);
      const reporter = await t.http
        .get('/api/public/case')
        .set('Authorization', `Bearer ${toB64(keys.lookupToken)}`)
        .expect(200);
      expect(reporter.body.caseId).toBe(row.id);
    } finally {
      await r.close();
    }
  });

  it('registers a letter as a file: the hash is of the file, which is uploaded encrypted, and no case secret is kept', async () => {
    const letter = Buffer.from(`%PDF-1.4\n${MARKERS.file}\n`);
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases/forwarded`);
      await signIn(page, t, org.handlers[1]);
      const form = page.getByRole('form', { name: en['forwarded.title'] });
      await form.getByLabel(en['forwarded.reportTitle'], { exact: true }).fill('Letter about the inspections');
      await form.getByRole('group', { name: en['forwarded.original'] }).getByLabel(en['forwarded.kind.file'], { exact: true }).check();
      await form.getByLabel(en['forwarded.file'], { exact: true }).setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: letter });
      await form.getByLabel(en['forwarded.summary'], { exact: true }).fill('Scanned letter, two pages.');
      await form.getByRole('button', { name: en['forwarded.submit'] }).click();
      await page.getByRole('heading', { level: 1, name: en['forwarded.doneTitle'] }).waitFor();
      await expect(page.getByTestId('original-sha256').textContent()).resolves.toBe(hex(letter));
      await page.getByText(en['forwarded.noSecret']).waitFor();
      await expect(page.getByTestId('forwarded-case-secret').count()).resolves.toBe(0);

      const [row] = await t.db.query(`SELECT id FROM cases WHERE encode(original_sha256, 'hex') = $1`, [hex(letter)]);
      // The original went up as an attachment, complete.
      const attachments = await t.db.query('SELECT completed_at IS NOT NULL AS complete FROM attachments WHERE case_id = $1', [row.id]);
      expect(attachments).toEqual([{ complete: true }]);
      expect(findMarkers(r.requests, [MARKERS.file])).toEqual([]);
      expectClean(r);
    } finally {
      await r.close();
    }
  });
});
