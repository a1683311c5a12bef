import { MailService } from '@kanava/common';
import { sendDeadlineReminders } from '@kanava/notifications';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';
import { mailBody, startSmtpSink } from './helpers/smtp-sink';

const DAY = 86_400_000;

/** Data subject access requests (R31, R32): deadline and extension, decisions per case without content, reminders. A private database: the clock moves. */
describe('subject access requests', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let org: TestOrganisation;
  let a: StaffSessionInfo;
  let excluded: StaffSessionInfo;
  let caseId: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    db = await createPrivateDatabase('access');
    t = await startTestApp({ KANAVA_SMTP_URL: smtp.url, KANAVA_PUBLIC_URL: 'https://kanava.example' }, { databaseUrl: db.url });
    org = await makeOrganisation(t, { handlers: 2 });
    a = await loginStaff(t, org.handlers[0]);
    excluded = await loginStaff(t, org.handlers[1]);
    caseId = (await submitReport(t, org, { title: 'T', body: 'B', subjects: [{ name: 'Pekka Person', role: 'Manager', details: '' }] }, [org.handlers[1].id]))
      .body.caseId;
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
    await smtp.close();
  });

  const base = '/api/staff/subject-access-requests';
  const register = (body: object) => t.http.post(base).set(a.headers).send(body);

  it('registers a request due a month after receipt, refusing a bad one, and extends it once before the month ends', async () => {
    const now = t.clock.now().getTime();
    const refusals: [object, string][] = [
      [{ requesterRole: 'suspect', language: 'fi', receivedAt: new Date(now).toISOString() }, 'invalid_request'],
      [{ requesterRole: 'person_concerned', language: 'de', receivedAt: new Date(now).toISOString() }, 'invalid_request'],
      [{ requesterRole: 'person_concerned', language: 'fi', receivedAt: new Date(now + DAY).toISOString() }, 'received_in_future'],
      [{ requesterRole: 'person_concerned', language: 'fi', receivedAt: new Date(now - 400 * DAY).toISOString() }, 'received_too_long_ago'],
    ];
    for (const [body, error] of refusals) {
      const res = await register(body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error });
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM subject_access_requests'))[0].n).toBe(0);

    const receivedAt = '2026-01-31T09:00:00.000Z';
    t.clock.freeze(new Date('2026-02-10T12:00:00.000Z'));
    try {
      const created = (await register({ requesterRole: 'person_concerned', language: 'fi', receivedAt }).expect(201)).body;
      // A month after 31 January is the last day of February.
      expect(created).toMatchObject({
        requesterRole: 'person_concerned',
        language: 'fi',
        receivedAt,
        dueAt: '2026-02-28T09:00:00.000Z',
        extension: null,
        answeredAt: null,
      });
      expect((await t.http.post(`${base}/${created.id}/extend`).set(a.headers).send({ reason: 'bored' })).status).toBe(400);
      const extended = (await t.http.post(`${base}/${created.id}/extend`).set(a.headers).send({ reason: 'complex' }).expect(200)).body;
      expect(extended).toMatchObject({ dueAt: '2026-04-30T09:00:00.000Z', extension: { reason: 'complex' } });
      expect((await t.http.post(`${base}/${created.id}/extend`).set(a.headers).send({ reason: 'complex' })).body.error).toBe('already_extended');

      const late = (await register({ requesterRole: 'reporter', language: 'sv', receivedAt: '2026-01-01T09:00:00.000Z' }).expect(201)).body;
      expect(late.overdue).toBe(true);
      expect((await t.http.post(`${base}/${late.id}/extend`).set(a.headers).send({ reason: 'complex' })).body.error).toBe('extension_too_late');
      const open = (await t.http.get(base).set(a.headers).expect(200)).body.requests as { id: string }[];
      expect(open.map((r) => r.id)).toEqual([late.id, created.id]);
    } finally {
      t.clock.reset();
    }
  });

  it('records per case what is released or withheld and on what ground, only for cases the handler may open, and audits it without content', async () => {
    const request = (await register({ requesterRole: 'person_concerned', language: 'en', receivedAt: t.clock.now().toISOString() }).expect(201)).body;
    const decide = (who: StaffSessionInfo, body: object) => t.http.put(`${base}/${request.id}/cases/${caseId}`).set(who.headers).send(body);
    // The handler the reporter excluded does not learn the case exists.
    expect((await decide(excluded, { decision: 'released' })).status).toBe(404);
    expect((await decide(a, { decision: 'withheld' })).body.error).toBe('grounds_required');
    expect((await decide(a, { decision: 'released', grounds: ['protects_reporter_identity'] })).body.error).toBe('grounds_without_withholding');
    expect((await decide(a, { decision: 'withheld', grounds: ['because'] })).status).toBe(400);
    const decided = (await decide(a, { decision: 'partly_withheld', grounds: ['protects_reporter_identity', 'jeopardises_investigation'] }).expect(200)).body;
    expect(decided.decisions).toEqual([
      {
        caseId,
        reference: expect.any(String),
        decision: 'partly_withheld',
        grounds: ['protects_reporter_identity', 'jeopardises_investigation'],
        decidedAt: expect.any(String),
      },
    ]);
    // The excluded colleague sees the request but not the decision on the case they may not open.
    expect((await t.http.get(`${base}/${request.id}`).set(excluded.headers).expect(200)).body.decisions).toEqual([]);
    await expect(t.db.query("UPDATE subject_access_decisions SET grounds = '{}' WHERE request_id = $1", [request.id])).rejects.toThrow(
      /ck_subject_access_grounds/,
    );

    const answered = (await t.http.post(`${base}/${request.id}/answered`).set(a.headers).send({}).expect(200)).body;
    expect(answered.answeredAt).toEqual(expect.any(String));
    expect((await decide(a, { decision: 'released' })).body.error).toBe('already_answered');
    expect((await t.http.post(`${base}/${request.id}/answered`).set(a.headers).send({})).body.error).toBe('already_answered');
    expect(((await t.http.get(`${base}?status=answered`).set(a.headers).expect(200)).body.requests as { id: string }[]).map((r) => r.id)).toContain(request.id);

    const events = await t.db.query(
      "SELECT action, case_id, details FROM audit_events WHERE action LIKE 'subject_access.%' AND details->>'request' = $1 ORDER BY seq",
      [request.id],
    );
    expect(events).toEqual([
      { action: 'subject_access.registered', case_id: null, details: { request: request.id, role: 'person_concerned' } },
      {
        action: 'subject_access.case_decided',
        case_id: caseId,
        details: { request: request.id, decision: 'partly_withheld', grounds: 'protects_reporter_identity,jeopardises_investigation' },
      },
      { action: 'subject_access.answered', case_id: null, details: { request: request.id, cases: 1 } },
    ]);
    expect(JSON.stringify(events)).not.toContain('Pekka');
  });

  it('reminds the registering handler before and at the deadline, once each, naming no one, and not after the answer', async () => {
    const mail = t.app.get(MailService);
    const remind = () => sendDeadlineReminders(t.db, mail, t.clock, t.config);
    smtp.mails.splice(0);
    const request = (await register({ requesterRole: 'other', language: 'fi', receivedAt: t.clock.now().toISOString() }).expect(201)).body;
    const due = Date.parse(request.dueAt);
    t.clock.freeze(new Date(due - DAY));
    try {
      await remind();
      const before = smtp.mails.splice(0).filter((m) => mailBody(m).includes(request.id));
      expect(before).toHaveLength(1);
      expect(before[0].to).toEqual([org.handlers[0].email]);
      expect(mailBody(before[0])).toMatch(/A data subject access request is due soon/);
      expect(mailBody(before[0])).toContain(`https://kanava.example/staff/subject-access/${request.id}`);
      await remind();
      expect(smtp.mails.splice(0).filter((m) => mailBody(m).includes(request.id))).toHaveLength(0);
      t.clock.freeze(new Date(due + 1));
      await remind();
      const now = smtp.mails.splice(0).filter((m) => mailBody(m).includes(request.id));
      expect(now.map((m) => mailBody(m).includes('is due now'))).toEqual([true]);

      const other = (await register({ requesterRole: 'other', language: 'fi', receivedAt: t.clock.now().toISOString() }).expect(201)).body;
      await t.http.post(`${base}/${other.id}/answered`).set(a.headers).send({}).expect(200);
      t.clock.freeze(new Date(Date.parse(other.dueAt) + 1));
      await remind();
      expect(smtp.mails.splice(0).filter((m) => mailBody(m).includes(other.id))).toHaveLength(0);
    } finally {
      t.clock.reset();
    }
  });
});
