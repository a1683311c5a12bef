import { catalogs } from '../../apps/web/src/portal/i18n';
import { submitReport } from '../helpers/clients';
import { expectAccessible, expectClean, findMarkers, recordedContext, screenshot } from './helpers/browser';
import { appOrigin, openFollowUp as openFollowUpWith } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';
import { browserSuite } from './helpers/suite';

const portal = catalogs.en;
const staff = staffText.en;
const WISHES = 'WISHES-MARKER-3f9a: weekday mornings, call my mobile';

/** A call on request (R1), in two browsers: the reporter asks, the handler offers times, the reporter accepts one. */
describe('meetings and calls in the browser', () => {
  const suite = browserSuite({ handlers: 1 });

  it('the reporter asks for a call, the handler offers two times, the reporter accepts one and both see it agreed', async () => {
    const { t, org, browser } = suite;
    const built = await submitReport(t, org, { title: 'Invoices', body: 'Split invoices' });
    const caseId = built.body.caseId;
    const reporter = await recordedContext(browser, appOrigin(t), 'en-GB');
    const desk = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = reporter.page;
      const openFollowUp = () => openFollowUpWith(page, reporter.origin, org.slug, built.caseSecret);
      await openFollowUp();
      const section = page.getByRole('region', { name: portal['meeting.title'] });
      await section.getByLabel(portal['meeting.kindMeeting'], { exact: true }).check();
      await section.getByText(portal['meeting.seen']).waitFor();
      await section.getByLabel(portal['meeting.kindCall'], { exact: true }).check();
      await section.getByLabel(portal['meeting.wishes'], { exact: true }).fill(WISHES);
      await expectAccessible(page, 'follow-up with the meeting request form');
      await section.getByRole('button', { name: portal['meeting.ask'] }).click();
      await section.getByText(portal['meeting.asked']).waitFor();
      await section.getByTestId('meeting-waiting').waitFor();

      // The handler sees the request and offers two times.
      const staffPage = desk.page;
      await staffPage.goto(`${desk.origin}/staff/cases/${caseId}`);
      await signIn(staffPage, t, org.handlers[0]);
      await staffPage.getByTestId('report-title').waitFor();
      const panel = staffPage.getByRole('region', { name: staff['meetings.title'] });
      await panel.getByTestId('meetings').getByText(staff['meetings.kind.call'], { exact: false }).waitFor();
      await staffPage.getByRole('region', { name: staff['case.conversation'] }).getByText(WISHES).waitFor();
      const local = (daysAhead: number, hour: number) => {
        const d = new Date(Date.now() + daysAhead * 86_400_000);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
      };
      await panel.getByLabel(staff['meetings.time'].replace('{n}', '1'), { exact: true }).fill(local(3, 9));
      await panel.getByRole('button', { name: staff['meetings.addTime'] }).click();
      await panel.getByLabel(staff['meetings.time'].replace('{n}', '2'), { exact: true }).fill(local(4, 10));
      await panel.getByRole('button', { name: staff['meetings.offer'] }).click();
      await panel.getByText(staff['meetings.offered']).waitFor();
      await expectAccessible(staffPage, 'case with times offered');

      // The reporter accepts the first time.
      await openFollowUp();
      const accept = section.getByRole('button', { name: portal['meeting.accept'].split('{when}')[0], exact: false });
      await expect(accept.count()).resolves.toBe(2);
      await accept.first().click();
      await section.getByText(portal['meeting.accepted']).waitFor();
      await section.getByTestId('meeting-agreed').waitFor();
      await screenshot(page, 'meetings-01-agreed');

      // The console shows it agreed.
      await staffPage.reload();
      await signIn(staffPage, t, org.handlers[0]);
      await staffPage.getByTestId('report-title').waitFor();
      await panel.getByText(staff['meetings.agreed'].split('{when}')[1].trim()).waitFor();
      expectClean(reporter);
      expectClean(desk);
    } finally {
      await reporter.close();
      await desk.close();
    }
    expect(findMarkers([...reporter.requests, ...desk.requests], [WISHES])).toEqual([]);
    const [row] = await t.db.query('SELECT kind, agreed_at FROM meetings WHERE case_id = $1', [caseId]);
    expect(row.kind).toBe('call');
    expect(row.agreed_at).toBeInstanceOf(Date);
  }, 240_000);
});
