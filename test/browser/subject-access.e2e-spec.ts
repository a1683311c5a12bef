import { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { submitReport } from '../helpers/clients';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const fi = staffText.fi;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);
const PERSON = 'Pertti Tarkastaja';
const OTHER = 'OTHER-PERSON-MARKER-77ab';

/** A subject access request worked in the browser (R31, R32): the search, the decisions and the answer never reach the server. */
describe('staff console in the browser: a subject access request', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1 });
    await submitReport(t, org, {
      title: 'Inspections',
      body: 'Signed without being done.',
      subjects: [{ name: PERSON, role: 'Inspector', details: 'Signs the forms' }],
    });
    await submitReport(t, org, { title: 'Unrelated', body: `Nothing about the inspector. ${OTHER}` });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers a request, finds the person in the cases the handler can open, withholds part on a ground, makes a Finnish PDF and records the answer', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases`);
      await signIn(page, t, org.handlers[0]);
      await page.getByRole('link', { name: en['nav.subjectAccess'] }).click();
      const register = page.getByRole('form', { name: en['access.register'] });
      await register.getByLabel(en['access.role'], { exact: true }).selectOption({ label: en['access.role.person_concerned'] });
      await register.getByLabel(en['access.language'], { exact: true }).selectOption({ label: en['access.language.fi'] });
      await register.getByRole('button', { name: en['access.registerSubmit'] }).click();
      await page.getByRole('heading', { level: 1, name: en['access.requestTitle'] }).waitFor();
      await expectAccessible(page, 'subject access request');

      await page.getByLabel(en['access.term'], { exact: true }).fill(PERSON.toUpperCase());
      await page.getByRole('button', { name: en['access.searchSubmit'], exact: true }).click();
      await page.getByText(fill(en['access.searched'], { total: '2', found: '1' })).waitFor();
      const match = page.getByTestId('access-match');
      await expect(match.count()).resolves.toBe(1);
      await match.getByText(PERSON, { exact: false }).first().waitFor();
      await match.getByLabel(en['access.decision'], { exact: true }).selectOption({ label: en['access.decision.partly_withheld'] });
      await match.getByLabel(en['access.ground.protects_reporter_identity'], { exact: true }).check();
      await match.getByRole('button', { name: en['access.saveDecision'] }).click();
      await page.getByText(en['access.decision.partly_withheld'], { exact: true }).last().waitFor();
      await screenshot(page, 'subject-access-01-decided');
      await expectAccessible(page, 'subject access decided');

      await page.getByLabel(en['access.requester'], { exact: true }).fill(PERSON);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en['access.makePdf'] }).click()]);
      const pdf = await (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('latin1');
      })();
      // In the requester's language: the withholding ground, the Ombudsman's route and the GDPR 18 statement.
      expect(pdf).toContain('(Vastaus henkilötietojen');
      expect(pdf).toContain(fi['access.pdf.decision.partly_withheld'].slice(0, 22));
      expect(pdf).toContain('tietosuoja.fi');
      expect(pdf).not.toContain(en['access.pdf.restriction'].slice(0, 20));
      expect(pdf).toContain('Signs the forms');
      await page.getByRole('button', { name: en['access.recordAnswered'] }).click();
      await page.getByText(en['access.answeredDone']).waitFor();

      // The search word, what was found and the requester's name stayed in the browser.
      expect(findMarkers(r.requests, [PERSON, PERSON.toUpperCase(), 'Signs the forms', OTHER])).toEqual([]);
      // This organisation's only: test/subject-access.e2e-spec.ts records requests and decisions in the same database.
      const [request] = await t.db.query('SELECT answered_at IS NOT NULL AS answered, language FROM subject_access_requests WHERE organisation_id = $1', [
        org.id,
      ]);
      expect(request).toEqual({ answered: true, language: 'fi' });
      const decided = await t.db.query("SELECT details FROM audit_events WHERE action = 'subject_access.case_decided' AND organisation_id = $1", [org.id]);
      expect(decided).toHaveLength(1);
      expect(JSON.stringify(decided)).not.toContain('Pertti');
      expectClean(r);
    } finally {
      await r.close();
    }
  });
});
