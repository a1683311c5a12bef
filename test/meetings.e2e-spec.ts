import { randomUUID } from 'node:crypto';
import { MailService } from '@kanava/common';
import { toB64 } from '@kanava/crypto';
import { sendDeadlineReminders } from '@kanava/notifications';
import { startTestApp, TestApp } from './helpers/app';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';
import { startSmtpSink } from './helpers/smtp-sink';

const HOUR_MS = 3_600_000;

/**
 * Meetings and calls on request (R1): the reporter asks, a handler offers times, the
 * reporter accepts one, and the handler is reminded by a content-free mail the day
 * before. A private database and a real SMTP sink: reminders look at every case.
 */
describe('meetings and calls with the reporter', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let db: { url: string; drop(): Promise<void> };
  let t: TestApp;
  let org: TestOrganisation;
  let handler: StaffSessionInfo;
  let custodian: StaffSessionInfo;

  beforeAll(async () => {
    sink = await startSmtpSink();
    db = await createPrivateDatabase('meetings');
    t = await startTestApp({ KANAVA_SMTP_URL: sink.url }, { databaseUrl: db.url });
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    handler = await loginStaff(t, org.handlers[0]);
    custodian = await loginStaff(t, org.custodians[0]);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
    await sink.close();
  });

  const bearerOf = (built: BuiltSubmission) => `Bearer ${toB64(built.reporter.lookupToken)}`;
  const ask = (built: BuiltSubmission, body: object) => t.http.post('/api/public/case/meetings').set('Authorization', bearerOf(built)).send(body);
  const offer = (caseId: string, meetingId: string, body: object, who = handler) =>
    t.http.post(`/api/staff/cases/${caseId}/meetings/${meetingId}/offer`).set(who.headers).send(body);
  const accept = (built: BuiltSubmission, meetingId: string, slot: string) =>
    t.http.post(`/api/public/case/meetings/${meetingId}/accept`).set('Authorization', bearerOf(built)).send({ slot });
  const inHours = (h: number) => new Date(t.clock.nowMs() + h * HOUR_MS).toISOString();
  const remind = () => sendDeadlineReminders(t.db, new MailService(t.config), t.clock, t.config);

  it('asks, offers, accepts and reminds the handler once, without content', async () => {
    const built = await submitReport(t, org, { title: 'T', body: 'B' });
    const caseId = built.body.caseId;
    const requested = (await ask(built, { kind: 'call' }).expect(201)).body;
    expect(requested).toMatchObject({ kind: 'call', slots: [], agreedAt: null });
    expect((await ask(built, { kind: 'meeting' }).expect(409)).body.error).toBe('meeting_open');

    expect((await offer(caseId, requested.meetingId, { slots: [inHours(-1)] }).expect(400)).body.error).toBe('time_in_past');
    expect((await offer(caseId, requested.meetingId, { slots: [inHours(30), inHours(30)] }).expect(400)).body.error).toBe('duplicate_times');
    await offer(caseId, requested.meetingId, { slots: [inHours(30)] }, custodian).expect(403);
    const times = [inHours(72), inHours(30), inHours(50)];
    const offered = (await offer(caseId, requested.meetingId, { slots: times }).expect(200)).body;
    expect(offered.slots).toEqual([...times].sort());
    expect(offered.offeredByUserId).toBe(org.handlers[0].id);

    expect((await accept(built, requested.meetingId, inHours(40)).expect(400)).body.error).toBe('time_not_offered');
    const agreed = (await accept(built, requested.meetingId, times[1]).expect(200)).body;
    expect(agreed.agreedAt).toBe(times[1]);
    expect((await accept(built, requested.meetingId, times[0]).expect(409)).body.error).toBe('meeting_agreed');

    // Both views show it; the reporter's does not say which handler offered it.
    const answer = (await t.http.get('/api/public/case').set('Authorization', bearerOf(built)).expect(200)).body;
    expect(answer.meetings).toEqual([expect.objectContaining({ meetingId: requested.meetingId, kind: 'call', agreedAt: times[1] })]);
    expect(answer.meetings[0]).not.toHaveProperty('offeredByUserId');
    const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200)).body;
    expect(view.meetings[0]).toMatchObject({ agreedAt: times[1], offeredByUserId: org.handlers[0].id });

    // The reminder: once, in the day before, to the handler who offered, naming no one.
    const before = sink.mails.length;
    await remind();
    expect(sink.mails.slice(before).filter((m) => m.raw.includes('meeting with a reporter'))).toEqual([]);
    t.clock.advance(12 * HOUR_MS);
    try {
      await remind();
      const sent = sink.mails.slice(before).filter((m) => /a meeting with a reporter is coming up/.test(m.raw));
      expect(sent.map((m) => m.to)).toEqual([[org.handlers[0].email]]);
      const text = sent[0].raw.replace(/=\r?\n/g, '');
      expect(text).toContain('A call with the reporter of a case in channel');
      expect(text).toContain(times[1].slice(0, 16).replace('T', ' '));
      const [{ reference }] = await t.db.query('SELECT reference FROM cases WHERE id = $1', [caseId]);
      expect(text).not.toContain(reference);
      await remind();
      expect(sink.mails.slice(before).filter((m) => /a meeting with a reporter is coming up/.test(m.raw))).toHaveLength(1);
    } finally {
      t.clock.advance(-12 * HOUR_MS);
    }

    const events = (await t.db.query(`SELECT action, details FROM ${RECORDED_EVENTS_SQL} e WHERE case_id = $1 AND action LIKE '%meeting%'`, [caseId])) as {
      action: string;
    }[];
    expect(events.map((e) => e.action).sort()).toEqual(['case.meeting_offered', 'reporter.meeting_accepted', 'reporter.meeting_requested']);
  });

  it('lets a handler propose unasked, and refuses a time that has passed or is unknown', async () => {
    const built = await submitReport(t, org, { title: 'T', body: 'B' });
    const caseId = built.body.caseId;
    expect(
      (
        await t.http
          .post(`/api/staff/cases/${caseId}/meetings`)
          .set(handler.headers)
          .send({ slots: [inHours(5)] })
          .expect(400)
      ).body.error,
    ).toBe('meeting_kind_required');
    const proposed = (
      await t.http
        .post(`/api/staff/cases/${caseId}/meetings`)
        .set(handler.headers)
        .send({ kind: 'meeting', slots: [inHours(2)] })
        .expect(201)
    ).body;
    expect(proposed).toMatchObject({ kind: 'meeting', requestedAt: null });
    await t.http
      .post(`/api/staff/cases/${caseId}/meetings`)
      .set(handler.headers)
      .send({ kind: 'call', slots: [inHours(3)] })
      .expect(409);
    t.clock.advance(3 * HOUR_MS);
    try {
      expect((await accept(built, proposed.meetingId, proposed.slots[0]).expect(409)).body.error).toBe('time_passed');
    } finally {
      t.clock.advance(-3 * HOUR_MS);
    }
    expect((await accept(built, randomUUID(), proposed.slots[0]).expect(404)).body.error).toBe('meeting_not_found');
    await ask(built, { kind: 'video' }).expect(400);
    await t.http
      .post(`/api/staff/cases/${caseId}/meetings/${proposed.meetingId}/offer`)
      .set(handler.headers)
      .send({ slots: Array.from({ length: 6 }, (_, i) => inHours(10 + i)) })
      .expect(400);
    expect(await t.db.query('SELECT agreed_at FROM meetings WHERE case_id = $1', [caseId])).toEqual([{ agreed_at: null }]);
  });

  it('refuses requests on a channel whose admin turned meetings off, and shows the setting to portals', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const built = await submitReport(t, org, { title: 'T', body: 'B' });
    const channelOf = async () =>
      (await t.http.get(`/api/public/organisations/${org.slug}`).expect(200)).body.channels.find((c: { id: string }) => c.id === org.channelId);
    expect((await channelOf()).meetingsEnabled).toBe(true);
    await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ meetingsEnabled: false }).expect(204);
    try {
      expect((await channelOf()).meetingsEnabled).toBe(false);
      expect((await ask(built, { kind: 'call' }).expect(409)).body.error).toBe('meetings_not_offered');
      expect(await t.db.query('SELECT id FROM meetings WHERE case_id = $1', [built.body.caseId])).toEqual([]);
      await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ meetingsEnabled: null }).expect(400);
    } finally {
      await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ meetingsEnabled: true }).expect(204);
    }
    await ask(built, { kind: 'call' }).expect(201);
  });
});
