import { randomUUID } from 'node:crypto';
import { encryptItem, toB64 } from '@kanava/crypto';
import { MailService } from '@kanava/common';
import { sendActivityDigest, sendDeadlineReminders } from '@kanava/notifications';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';
import { mailBody, ReceivedMail, startSmtpSink } from './helpers/smtp-sink';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MARKERS = ['Secret title 5d1f', 'Body about the warehouse 8c2e', 'Message text 0b7a'];

/** Deadline reminders and the batched activity digest, over real SMTP. A private database: the clock moves and every case counts. */
describe('mail to handlers: deadline reminders and activity digests', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let org: TestOrganisation;
  let mail: MailService;
  let caseId: string;
  let bearer: string;
  let built: Awaited<ReturnType<typeof submitReport>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    db = await createPrivateDatabase('notify');
    t = await startTestApp({ KANAVA_SMTP_URL: smtp.url, KANAVA_PUBLIC_URL: 'https://kanava.example' }, { databaseUrl: db.url });
    mail = t.app.get(MailService);
    org = await makeOrganisation(t, { handlers: 2 });
    // The reporter excludes the second handler, who must never hear of the case.
    await t.db.query("INSERT INTO notification_watermarks (name, until) VALUES ('activity-digest', $1)", [new Date(Date.now() - HOUR)]);
    built = await submitReport(t, org, { title: MARKERS[0], body: MARKERS[1] }, [org.handlers[1].id]);
    caseId = built.body.caseId;
    bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
    await smtp.close();
  });
  beforeEach(() => t.clock.reset());

  /** The mails received so far (recipients and decoded text), emptying the sink. */
  const take = (): { to: string[]; raw: string }[] => smtp.mails.splice(0, smtp.mails.length).map((m: ReceivedMail) => ({ to: m.to, raw: mailBody(m) }));
  const remind = () => sendDeadlineReminders(t.db, mail, t.clock, t.config);
  const digest = () => sendActivityDigest(t.db, mail, t.clock, t.config);
  const caseRow = async () => (await t.db.query('SELECT * FROM cases WHERE id = $1', [caseId]))[0];
  const expectContentFree = (m: { raw: string }) => {
    for (const marker of [...MARKERS, built.caseSecret]) expect(m.raw).not.toContain(marker);
  };

  it('tells the case handlers about a new report in the next batch, once, and never the excluded handler', async () => {
    take();
    const period = t.config.digestMinutes * 60_000;
    t.clock.freeze(new Date(Math.floor(Date.now() / period) * period + period + 60_000));
    expect(await Promise.all([digest(), digest()])).toEqual(expect.arrayContaining([1, 0]));
    const mails = take();
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([org.handlers[0].email]);
    expect(mails[0].raw).toMatch(/Channel "Reports": 1 new report, 0 new messages or files from reporters/);
    expect(mails[0].raw).toContain('https://kanava.example/staff/cases');
    expectContentFree(mails[0]);
    expect(await digest()).toBe(0);

    // A reporter message: told in the following period, not before.
    const item = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: MARKERS[2] },
      signSecretKey: built.reporter.sign.secretKey,
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearer).send(item).expect(201);
    expect(await digest()).toBe(0);
    t.clock.advance(period);
    expect(await digest()).toBe(1);
    const [next] = take();
    expect(next.raw).toMatch(/0 new reports, 1 new message or file/);
    expectContentFree(next);
  });

  it('reminds before and at each deadline, once each, with a link and no content', async () => {
    take();
    const c = await caseRow();
    // Three days before the acknowledgement deadline: outside the two-day lead.
    t.clock.freeze(new Date(c.acknowledgement_due_at.getTime() - 3 * DAY));
    expect(await remind()).toBe(0);
    t.clock.advance(2 * DAY);
    expect(await Promise.all([remind(), remind()])).toEqual(expect.arrayContaining([1, 0]));
    let mails = take();
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([org.handlers[0].email]);
    expect(mails[0].raw).toMatch(
      /A case in channel "Reports" needs attention: acknowledging receipt to the reporter \(7 days from receipt\) \(not legally required for an anonymous report\) is due soon/,
    );
    expect(mails[0].raw).toContain(`https://kanava.example/staff/cases/${caseId}`);
    expectContentFree(mails[0]);
    expect(await remind()).toBe(0);

    t.clock.advance(DAY + 1);
    expect(await remind()).toBe(1);
    mails = take();
    expect(mails[0].raw).toMatch(/acknowledging receipt .* is due now/);
    expect(await remind()).toBe(0);

    // Acknowledged: the feedback deadline moves to three months after it and is reminded of anew.
    const handler = await loginStaff(t, org.handlers[0]);
    await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(handler.headers).expect(200);
    const acknowledged = await caseRow();
    t.clock.freeze(new Date(acknowledged.feedback_due_at.getTime()));
    expect(await remind()).toBe(1);
    const [late] = take();
    expect(late.raw).toMatch(/giving the reporter feedback \(3 months\) \(not legally required for an anonymous report\) is due now/);
    expect(late.raw).toMatch(/informing the persons concerned, or recording why not \(GDPR Art. 14, one month\) is due now/);
    expect(late.raw).not.toMatch(/acknowledging receipt/);
    const rows = await t.db.query('SELECT kind, stage FROM deadline_reminders WHERE case_id = $1 ORDER BY kind, stage', [caseId]);
    expect(rows).toEqual([
      { kind: 'acknowledgement', stage: 'before' },
      { kind: 'acknowledgement', stage: 'due' },
      { kind: 'feedback', stage: 'due' },
      { kind: 'subject_informed', stage: 'due' },
    ]);
  });

  it('reminds of the follow-up after closure until it is done, and marks deadlines as not legally required only for anonymous reports (R8, R40)', async () => {
    take();
    // Past every deadline of the first case, which were reminded of already (and past its handler's last sign-in, whose code cannot be replayed).
    t.clock.freeze(new Date(Date.now() + 200 * DAY));
    const handler = await loginStaff(t, org.handlers[0]);
    const named = await submitReport(t, org, {
      title: MARKERS[0],
      body: MARKERS[1],
      identity: { name: 'Rea Porter', contact: 'rea@example.test', details: '' },
    });
    const namedId = named.body.caseId;
    const row = (await t.db.query('SELECT acknowledgement_due_at FROM cases WHERE id = $1', [namedId]))[0];
    t.clock.freeze(new Date(row.acknowledgement_due_at.getTime()));
    // Both handlers hold this case (nobody was excluded): one mail each.
    expect(await remind()).toBe(2);
    const acks = take();
    expect(acks.map((m) => m.to[0]).sort()).toEqual([org.handlers[0].email, org.handlers[1].email].sort());
    for (const ack of acks) {
      expect(ack.raw).toMatch(/acknowledging receipt to the reporter \(7 days from receipt\) is due now/);
      expect(ack.raw).not.toMatch(/not legally required/);
    }

    const post = (path: string, body: object) => t.http.post(`/api/staff/cases/${namedId}/${path}`).set(handler.headers).send(body);
    await post('acknowledge', {}).expect(200);
    await post('status', { status: 'triaged', triage: { priority: 'normal', relevance: 'in_scope', retaliationRisk: 'high' } }).expect(200);
    await post('status', { status: 'investigating' }).expect(200);
    await post('status', { status: 'concluded', conclusion: { outcome: 'substantiated' } }).expect(200);
    const followUpAt = new Date(t.clock.now().getTime() + 60 * DAY);
    await post('status', { status: 'closed', closure: { feedbackGiven: true, reporterAtRisk: true, measures: ['retaliation_monitoring'], followUpAt } }).expect(
      200,
    );

    t.clock.freeze(followUpAt);
    expect(await remind()).toBe(2);
    const [followUp] = take().filter((m) => m.to[0] === org.handlers[0].email);
    expect(followUp.raw).toMatch(/following up with the reporter after closure \(protection from retaliation\) is due now/);
    expect(followUp.raw).toContain(`https://kanava.example/staff/cases/${namedId}`);
    for (const marker of [...MARKERS, named.caseSecret, 'Rea Porter', 'retaliation_monitoring']) expect(followUp.raw).not.toContain(marker);
    expect(await remind()).toBe(0);

    // Done: nothing more is reminded of, even when the follow-up's date is passed long after.
    await post('follow-up-done', {}).expect(200);
    t.clock.advance(10 * DAY);
    await t.db.query("DELETE FROM deadline_reminders WHERE case_id = $1 AND kind = 'closure_follow_up'", [namedId]);
    expect(await remind()).toBe(0);
  });

  it('records and sends nothing when no SMTP server is configured', async () => {
    const silent = new MailService({ ...t.config, smtpUrl: undefined });
    t.clock.advance(400 * DAY);
    const before = await t.db.query('SELECT count(*)::int AS n FROM deadline_reminders');
    expect(await sendDeadlineReminders(t.db, silent, t.clock, t.config)).toBe(0);
    expect(await sendActivityDigest(t.db, silent, t.clock, t.config)).toBe(0);
    expect(await t.db.query('SELECT count(*)::int AS n FROM deadline_reminders')).toEqual(before);
  });
});
