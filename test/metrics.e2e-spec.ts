import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const MARCH = new Date('2025-03-10T12:00:00.000Z');
const APRIL = new Date('2025-04-15T08:00:00.000Z');
/** "Now" for the questions: June 2025, so March to May have ended. */
const JUNE = new Date('2025-06-15T10:00:00.000Z');

/** Metrics without personal data (R41), and without inference about cases the reader may not open. */
describe('metrics', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let auditor: StaffSessionInfo;
  let admin: StaffSessionInfo;
  let handler: StaffSessionInfo;
  let excluded: StaffSessionInfo;
  let custodian: StaffSessionInfo;
  let march: string[];

  const get = (who: StaffSessionInfo, query: Record<string, string> = {}) => t.http.get('/api/metrics').query(query).set(who.headers);

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    auditor = await loginStaff(t, org.auditors[0]);
    admin = await loginStaff(t, org.admins[0]);
    handler = await loginStaff(t, org.handlers[0]);
    // Signed in before the clock goes back to 2025: a later code would read as a replay of these.
    excluded = await loginStaff(t, org.handlers[1]);
    custodian = await loginStaff(t, org.custodians[0]);
    // Six reports in March 2025 (five of them Fraud), two in April; the clock says when they arrive.
    march = [];
    t.clock.freeze(MARCH);
    for (let i = 0; i < 6; i++) march.push((await submitReport(t, org)).body.caseId);
    t.clock.freeze(APRIL);
    for (let i = 0; i < 2; i++) await submitReport(t, org);
    t.clock.freeze(JUNE);
    await t.db.query('UPDATE cases SET category_id = $2 WHERE id = ANY($1::uuid[])', [march.slice(0, 5), org.categoryIds[0]]);
    await t.db.query('UPDATE cases SET category_id = $2 WHERE id = $1', [march[5], org.categoryIds[1]]);
    // Five acknowledged after a day, one after ten days (late); one concluded as substantiated with feedback on time.
    await t.db.query("UPDATE cases SET acknowledged_at = received_at + interval '1 day' WHERE id = ANY($1::uuid[])", [march.slice(0, 5)]);
    await t.db.query("UPDATE cases SET acknowledged_at = received_at + interval '10 days' WHERE id = $1", [march[5]]);
    await t.db.query("UPDATE cases SET outcome = 'substantiated', feedback_given_at = received_at + interval '20 days' WHERE id = $1", [march[0]]);
    // One case flagged as holding special-category data (R34), with its necessity note.
    await t.db.query("UPDATE cases SET special_data = '{special_category}', special_data_note_id = gen_random_uuid() WHERE id = $1", [march[1]]);
  });
  afterAll(async () => {
    t.clock.reset();
    await t.close();
  });

  it('gives admins and auditors whole ended months of the organisation, with every count below 5 as "<5" and what is computed over it left out', async () => {
    const res = await get(auditor, { from: '2025-03-01T00:00:00Z', to: '2025-05-01T00:00:00Z' }).expect(200);
    expect(res.body).toEqual({
      scope: 'organisation',
      threshold: 5,
      period: { from: '2025-03-01T00:00:00.000Z', to: '2025-05-01T00:00:00.000Z' },
      received: 8,
      reportsByMonth: [
        { month: '2025-03', reports: 6 },
        { month: '2025-04', reports: '<5' },
      ],
      // Every category is listed, in a fixed order, so neither a missing row nor the order tells a small count.
      reportsByCategory: [
        { categoryId: org.categoryIds[0], label: 'Fraud', reports: 5 },
        { categoryId: org.categoryIds[1], label: 'Safety', reports: '<5' },
        { categoryId: null, label: null, reports: '<5' },
      ],
      acknowledgement: { acknowledged: 6, onTime: 5, overdue: '<5', shareOnTime: 0.833, medianDays: 1 },
      // One feedback given: the count is "<5", and its share and median are not shown.
      feedback: { given: '<5', onTime: '<5', overdue: '<5', shareOnTime: null, medianDays: null },
      outcomes: ['substantiated', 'partly_substantiated', 'not_substantiated', 'referred', 'withdrawn'].map((outcome) => ({ outcome, cases: '<5' })),
      substantiatedShare: null,
      specialData: '<5',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/"(caseId|reference|id)"/);
    // Admins get the same coarse figures.
    expect((await get(admin, { from: '2025-03-01T00:00:00Z', to: '2025-05-01T00:00:00Z' }).expect(200)).body).toEqual(res.body);
  });

  it('widens any organisation period to whole calendar months, ends it before the current month, and refuses one with no ended month', async () => {
    // A millisecond around the March reports is the whole of March.
    const narrow = await get(auditor, { from: MARCH.toISOString(), to: new Date(MARCH.getTime() + 1).toISOString() }).expect(200);
    expect(narrow.body).toMatchObject({ period: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' }, received: 6 });
    // A period reaching into June (the current month) stops at its start.
    const open = await get(auditor, { from: '2025-04-20T00:00:00Z', to: '2025-06-30T00:00:00Z' }).expect(200);
    expect(open.body).toMatchObject({
      period: { from: '2025-04-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' },
      received: '<5',
      reportsByMonth: [
        { month: '2025-04', reports: '<5' },
        { month: '2025-05', reports: '<5' },
      ],
    });
    // The default: the last twelve months that have ended.
    const year = await get(auditor).expect(200);
    expect(year.body.period).toEqual({ from: '2024-06-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' });
    expect(year.body.reportsByMonth).toHaveLength(12);

    const current = await get(auditor, { from: '2025-06-01T00:00:00Z', to: JUNE.toISOString() });
    expect([current.status, current.body.error]).toEqual([400, 'period_not_ended']);
    const backwards = await get(admin, { from: '2025-05-01T00:00:00Z', to: '2025-03-01T00:00:00Z' });
    expect([backwards.status, backwards.body.error]).toEqual([400, 'invalid_period']);
    // Custodians are not among the roles that see metrics.
    expect((await get(custodian)).status).toBe(403);
  });

  it('gives a handler exact figures of the cases they may open, in any period', async () => {
    const res = await get(handler, { from: '2025-03-01T00:00:00Z', to: '2025-05-01T00:00:00Z' }).expect(200);
    expect(res.body).toMatchObject({
      scope: 'own',
      threshold: null,
      received: 8,
      reportsByMonth: [
        { month: '2025-03', reports: 6 },
        { month: '2025-04', reports: 2 },
      ],
      acknowledgement: { acknowledged: 6, onTime: 5, overdue: 2, shareOnTime: 0.833, medianDays: 1 },
      feedback: { given: 1, onTime: 1, shareOnTime: 1, medianDays: 20 },
      outcomes: [{ outcome: 'substantiated', cases: 1 }],
      substantiatedShare: 1,
      specialData: 1,
    });
    const narrow = await get(handler, { from: MARCH.toISOString(), to: new Date(MARCH.getTime() + 1).toISOString() }).expect(200);
    expect(narrow.body).toMatchObject({ period: { from: MARCH.toISOString(), to: new Date(MARCH.getTime() + 1).toISOString() }, received: 6 });
  });

  it('never lets a handler the reporter excluded learn of the report, not even with a one-millisecond window around its submission', async () => {
    const b = org.handlers[1];
    const at = new Date('2025-05-07T09:30:00.000Z');
    t.clock.freeze(at);
    const built = await submitReport(t, org, { title: 'T', body: 'B' }, [b.id]);
    t.clock.freeze(JUNE);
    const [{ received_at }] = await t.db.query('SELECT received_at FROM cases WHERE id = $1', [built.body.caseId]);
    expect(received_at).toEqual(at);

    // The exact query: from the submission's millisecond to the next.
    const window = { from: at.toISOString(), to: new Date(at.getTime() + 1).toISOString() };
    const seen = await get(excluded, window).expect(200);
    expect(seen.body).toMatchObject({ scope: 'own', received: 0, reportsByMonth: [], reportsByCategory: [], outcomes: [] });
    // The answer is the one for a millisecond in which nothing happened at all.
    const empty = await get(excluded, { from: '2025-05-07T08:30:00.000Z', to: '2025-05-07T08:30:00.001Z' }).expect(200);
    expect({ ...seen.body, period: null }).toEqual({ ...empty.body, period: null });
    // Over the whole of May too: the excluded handler counts none of it.
    expect((await get(excluded, { from: '2025-05-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }).expect(200)).body.received).toBe(0);

    // The same window finds it for the handler who may open it, so the query itself would see it.
    expect((await get(handler, window).expect(200)).body.received).toBe(1);
    // Organisation-wide, the millisecond is the month, and one report in a month reads like none.
    const whole = await get(auditor, window).expect(200);
    expect(whole.body).toMatchObject({ period: { from: '2025-05-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }, received: '<5' });
    const quiet = await get(auditor, { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }).expect(200);
    expect({ ...whole.body, period: null, reportsByMonth: null }).toEqual({ ...quiet.body, period: null, reportsByMonth: null });
  });
});
