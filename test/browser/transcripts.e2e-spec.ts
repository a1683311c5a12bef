import { catalogs } from '../../apps/web/src/portal/i18n';
import { submitReport } from '../helpers/clients';
import { expectAccessible, expectClean, findMarkers, recordedContext, screenshot } from './helpers/browser';
import { appOrigin, openFollowUp as openFollowUpWith } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const portal = catalogs.en;
const staff = staffText.en;
const MINUTES = 'MINUTES-MARKER-7e21: the reporter met us on 3 March and described the split invoices';
const CORRECTED = 'MINUTES-MARKER-90ab: corrected, the meeting was on 4 March';
const CORRECTION = 'CORRECTION-MARKER-c4d8: it was the 4th, not the 3rd';

/**
 * Minutes the reporter checks (R29), end to end in two browsers: the handler writes the
 * minutes in the console, the reporter proposes corrections in the portal, the handler
 * sends a corrected version, the reporter approves it, and the console shows it approved
 * with the reporter's signature checked. No text reaches any request in plaintext.
 */
describe('transcripts and minutes in the browser', () => {
  const suite = browserSuite({ handlers: 1 });

  it('the handler sends minutes, the reporter proposes corrections, then approves the corrected version', async () => {
    const { t, org, browser } = suite;
    const built = await submitReport(t, org, { title: 'Invoices', body: 'Split invoices' });
    const caseId = built.body.caseId;
    const desk = await recordedContext(browser, appOrigin(t), 'en-GB');
    const reporter = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = desk.page;
      await page.goto(`${desk.origin}/staff/cases/${caseId}`);
      await signIn(page, t, org.handlers[0]);
      await page.getByTestId('report-title').waitFor();

      const panel = page.getByRole('region', { name: staff['transcripts.title'] });
      const write = async (text: string) => {
        await panel.getByLabel(staff['transcripts.sourceLabel'], { exact: true }).selectOption({ label: staff['transcripts.source.meeting'] });
        await panel.getByLabel(staff['transcripts.text'], { exact: true }).fill(text);
        await panel.getByRole('button', { name: staff['transcripts.send'] }).click();
        await panel.getByText(staff['transcripts.sent']).waitFor();
      };
      await write(MINUTES);
      await panel.getByTestId('transcript').filter({ hasText: MINUTES }).getByText(staff['transcripts.status.awaiting']).waitFor();
      await page.getByTestId('transcripts-pending').waitFor();
      await expectAccessible(page, 'case with minutes awaiting approval');

      // The reporter reads the minutes and proposes a correction.
      const portalPage = reporter.page;
      const openFollowUp = () => openFollowUpWith(portalPage, reporter.origin, org.slug, built.caseSecret);
      await openFollowUp();
      const transcripts = portalPage.getByRole('region', { name: portal['transcript.title'] });
      const first = transcripts.getByTestId('portal-transcript').filter({ hasText: MINUTES });
      await first.getByText(portal['transcript.sourceMeeting'], { exact: false }).waitFor();
      await expect(first.getByText(portal['case.signed']).isVisible()).resolves.toBe(true);
      await expectAccessible(portalPage, 'follow-up with minutes to check');
      await first.getByRole('button', { name: portal['transcript.propose'] }).click();
      await first.getByLabel(portal['transcript.corrections'], { exact: true }).fill(CORRECTION);
      await first.getByRole('button', { name: portal['transcript.sendCorrections'] }).click();
      await transcripts.getByText(portal['transcript.correctionsSent']).waitFor();
      await portalPage.getByRole('region', { name: portal['case.conversation'] }).getByText(CORRECTION).waitFor();
      await screenshot(portalPage, 'transcripts-01-corrections');

      // The handler sees the corrections proposed, and sends a corrected version.
      // The console keeps its keys in memory only: a reload signs in again.
      await page.reload();
      await signIn(page, t, org.handlers[0]);
      await page.getByTestId('report-title').waitFor();
      const corrections = panel.getByTestId('transcript').filter({ hasText: MINUTES });
      await corrections.getByText(staff['transcripts.status.corrections'].split('{date}')[0], { exact: false }).waitFor();
      await page.getByRole('region', { name: staff['case.conversation'] }).getByText(CORRECTION).waitFor();
      await write(CORRECTED);

      // The reporter approves the corrected version, after a confirmation.
      await openFollowUp();
      const second = transcripts.getByTestId('portal-transcript').filter({ hasText: CORRECTED });
      await second.getByRole('button', { name: portal['transcript.approve'] }).click();
      await second.getByText(portal['transcript.confirmApprove']).waitFor();
      await second.getByRole('button', { name: portal['transcript.approveYes'] }).click();
      await transcripts.getByText(portal['transcript.approvedNow']).waitFor();
      const approvedPrefix = portal['transcript.approvedOn'].split('{date}')[0];
      await second.getByTestId('portal-transcript-status').filter({ hasText: approvedPrefix }).waitFor();
      await expect(
        transcripts
          .getByTestId('portal-transcript')
          .filter({ hasText: MINUTES })
          .getByText(portal['transcript.correctionsOn'].split('{date}')[0], { exact: false })
          .isVisible(),
      ).resolves.toBe(true);

      // The console shows the corrected version approved (the signature checked in the console), and nothing pending.
      // The console keeps its keys in memory only: a reload signs in again.
      await page.reload();
      await signIn(page, t, org.handlers[0]);
      await page.getByTestId('report-title').waitFor();
      const approved = panel.getByTestId('transcript').filter({ hasText: CORRECTED });
      await approved.getByText(staff['transcripts.status.approved'].split('{date}')[0], { exact: false }).waitFor();
      await expect(page.getByTestId('transcripts-pending').count()).resolves.toBe(0);
      await screenshot(page, 'transcripts-02-approved');
      expectClean(desk);
      expectClean(reporter);
    } finally {
      await desk.close();
      await reporter.close();
    }
    expect(findMarkers([...desk.requests, ...reporter.requests], [MINUTES, CORRECTED, CORRECTION])).toEqual([]);
    const reviews = await t.db.query('SELECT decision FROM transcript_reviews WHERE case_id = $1 ORDER BY reviewed_at', [caseId]);
    expect(reviews).toEqual([{ decision: 'corrections-proposed' }, { decision: 'approved' }]);
  }, 240_000);
});
