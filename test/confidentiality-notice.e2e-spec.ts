import { CONFIDENTIALITY_NOTICE } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('confidentiality notice in Finnish, Swedish and English (R22)', () => {
  let t: TestApp;
  let org: TestOrganisation;

  const freshHandler = async (): Promise<{ session: StaffSessionInfo; caseId: string; org: TestOrganisation }> => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, acceptNotice: false });
    const caseId = (await submitReport(t, fresh)).body.caseId as string;
    return { session: await loginStaff(t, fresh.handlers[0]), caseId, org: fresh };
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1, acceptNotice: false });
  });
  afterAll(() => t.close());

  it('serves the notice in each language, English by default, each naming sections 32 and 36', async () => {
    const session = await loginStaff(t, org.handlers[0]);
    const byDefault = await t.http.get('/api/staff/confidentiality-notice').set(session.headers).expect(200);
    expect(byDefault.body).toMatchObject({ version: CONFIDENTIALITY_NOTICE.version, language: 'en', acceptedAt: null });
    expect(byDefault.body.text).toMatch(/section 36/);
    const texts: Record<string, string> = {};
    for (const language of ['fi', 'sv', 'en'] as const) {
      const res = await t.http.get(`/api/staff/confidentiality-notice?language=${language}`).set(session.headers).expect(200);
      expect(res.body).toMatchObject({ version: CONFIDENTIALITY_NOTICE.version, language });
      expect(res.body.text).toMatch(/1171\/2022/);
      expect(res.body.text).toMatch(/32/);
      expect(res.body.text).toMatch(/36/);
      texts[language] = res.body.text;
    }
    expect(texts.fi).toMatch(/Salassapitovelvollisuuden rikkominen/);
    expect(texts.sv).toMatch(/tystnadsplikt/);
    expect(new Set(Object.values(texts)).size).toBe(3);
    const custodian = await loginStaff(t, org.custodians[0]);
    const sv = await t.http.get('/api/staff/confidentiality-notice?language=sv').set(custodian.headers).expect(200);
    expect(sv.body.text).toBe(texts.sv);
  });

  it('an unknown or empty language answers 400 naming the languages', async () => {
    const session = await loginStaff(t, org.handlers[0]);
    for (const query of ['language=de', 'language=', 'language=FI', 'language=fi&language=sv']) {
      const res = await t.http.get(`/api/staff/confidentiality-notice?${query}`).set(session.headers);
      expect({ query, status: res.status, error: res.body.error }).toEqual({ query, status: 400, error: 'invalid_request' });
      expect(res.body.message).toMatch(/language/);
    }
    const accept = await t.http
      .post('/api/staff/confidentiality-notice')
      .set(session.headers)
      .send({ version: CONFIDENTIALITY_NOTICE.version, language: 'de' });
    expect(accept.status).toBe(400);
    const after = await t.http.get('/api/staff/confidentiality-notice').set(session.headers).expect(200);
    expect(after.body.acceptedAt).toBeNull();
  });

  it('accepting the Finnish text counts for every language: acceptance is bound to the version', async () => {
    const { session, caseId, org: fresh } = await freshHandler();
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'confidentiality_notice_required' });
    const fi = await t.http.get('/api/staff/confidentiality-notice?language=fi').set(session.headers).expect(200);
    await t.http.post('/api/staff/confidentiality-notice').set(session.headers).send({ version: fi.body.version, language: 'fi' }).expect(204);
    await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers).expect(200);
    for (const language of ['fi', 'sv', 'en']) {
      const notice = await t.http.get(`/api/staff/confidentiality-notice?language=${language}`).set(session.headers).expect(200);
      expect(notice.body.acceptedAt).not.toBeNull();
    }
    const events = await t.db.query(`SELECT details FROM audit_events WHERE organisation_id = $1 AND action = 'confidentiality.accepted'`, [fresh.id]);
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([{ version: CONFIDENTIALITY_NOTICE.version, language: 'fi' }]);
  });

  it('an outdated version is refused in any language', async () => {
    const { session, caseId } = await freshHandler();
    const res = await t.http
      .post('/api/staff/confidentiality-notice')
      .set(session.headers)
      .send({ version: CONFIDENTIALITY_NOTICE.version - 1, language: 'sv' });
    expect(res.status).toBe(400);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status).toBe(403);
  });

  it('admins and auditors have no notice to accept', async () => {
    for (const who of [org.admins[0], org.auditors[0]]) {
      const session = await loginStaff(t, who);
      expect((await t.http.get('/api/staff/confidentiality-notice?language=fi').set(session.headers)).status).toBe(403);
    }
  });
});
