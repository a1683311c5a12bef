import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** Metrics without personal data (R41). */
describe('metrics', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitReport(t, org)).body.caseId);
    await t.db.query('UPDATE cases SET category_id = $2 WHERE id = ANY($1::uuid[])', [[ids[0], ids[1]], org.categoryIds[0]]);
    await t.db.query('UPDATE cases SET category_id = $2 WHERE id = $1', [ids[2], org.categoryIds[1]]);
    // One acknowledged after a day, one after ten days (late), one not yet; one concluded as substantiated with feedback on time.
    await t.db.query("UPDATE cases SET acknowledged_at = received_at + interval '1 day' WHERE id = $1", [ids[0]]);
    await t.db.query("UPDATE cases SET acknowledged_at = received_at + interval '10 days' WHERE id = $1", [ids[1]]);
    await t.db.query("UPDATE cases SET outcome = 'substantiated', feedback_given_at = received_at + interval '20 days' WHERE id = $1", [ids[0]]);
  });
  afterAll(() => t.close());

  it('counts reports by month and category, and measures timeliness, without naming anything', async () => {
    const auditor = await loginStaff(t, org.auditors[0]);
    const res = await t.http.get('/api/metrics').set(auditor.headers).expect(200);
    expect(res.body.received).toBe(3);
    expect(res.body.reportsByMonth).toEqual([{ month: new Date().toISOString().slice(0, 7), reports: 3 }]);
    expect(res.body.reportsByCategory).toEqual([
      { categoryId: org.categoryIds[0], label: 'Fraud', reports: 2 },
      { categoryId: org.categoryIds[1], label: 'Safety', reports: 1 },
    ]);
    expect(res.body.acknowledgement).toEqual({ acknowledged: 2, onTime: 1, overdue: 0, shareOnTime: 0.5, medianDays: 5.5 });
    expect(res.body.feedback).toMatchObject({ given: 1, onTime: 1, shareOnTime: 1, medianDays: 20 });
    expect(res.body.outcomes).toEqual([{ outcome: 'substantiated', cases: 1 }]);
    expect(res.body.substantiatedShare).toBe(1);
    expect(JSON.stringify(res.body)).not.toMatch(/"(caseId|reference|id)"/);
  });

  it('is limited to a period, and refuses a backwards one', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const empty = await t.http
      .get('/api/metrics')
      .query({ from: future, to: new Date(Date.now() + 2 * 86_400_000).toISOString() })
      .set(admin.headers)
      .expect(200);
    expect(empty.body).toMatchObject({ received: 0, reportsByMonth: [], acknowledgement: { acknowledged: 0, shareOnTime: null } });
    const backwards = await t.http.get('/api/metrics').query({ from: future, to: new Date().toISOString() }).set(admin.headers);
    expect(backwards.body.error).toBe('invalid_period');
    // Custodians are not among the roles that see metrics.
    const custodian = await loginStaff(t, org.custodians[0]);
    expect((await t.http.get('/api/metrics').set(custodian.headers)).status).toBe(403);
  });
});
