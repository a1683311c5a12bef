import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const DAY = 86_400_000;

/** The receipt time is immutable (R2): the database refuses any change, whoever writes it. */
describe('the receipt time of a report', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  const row = async (caseId: string) =>
    (
      (await t.db.query('SELECT received_at, acknowledgement_due_at, purge_at FROM cases WHERE id = $1', [caseId])) as { received_at: Date; purge_at: Date }[]
    )[0];

  it('cannot be moved by SQL, earlier or later, alone or with other columns, and nothing of the statement is written', async () => {
    const caseId = (await submitReport(t, org)).body.caseId;
    const before = await row(caseId);
    for (const statement of [
      "UPDATE cases SET received_at = received_at - interval '6 years' WHERE id = $1",
      "UPDATE cases SET received_at = received_at + interval '1 microsecond' WHERE id = $1",
      "UPDATE cases SET received_at = now() + interval '1 day', status = 'closed' WHERE id = $1",
    ]) {
      await expect(t.db.query(statement, [caseId])).rejects.toMatchObject({ code: '23514', message: expect.stringContaining('receipt time') });
    }
    expect(await row(caseId)).toEqual(before);
    const [{ status }] = (await t.db.query('SELECT status FROM cases WHERE id = $1', [caseId])) as { status: string }[];
    expect(status).toBe('received');
  });

  it('still lets writes through that keep it, such as a retention change that recomputes every deletion date', async () => {
    const caseId = (await submitReport(t, org)).body.caseId;
    const { received_at } = await row(caseId);
    await t.db.query('UPDATE cases SET received_at = received_at, category_id = $2 WHERE id = $1', [caseId, org.categoryIds[0]]);
    await t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send({ retentionDays: 400, closedRetentionDays: null }).expect(200);
    const after = await row(caseId);
    expect(after.received_at).toEqual(received_at);
    expect(after.purge_at.getTime()).toBe(received_at.getTime() + 400 * DAY);
  });
});
