import { fromB64, toB64, verifyGrant, WireGrant } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation } from './helpers/factories';

/** What the staff console needs from the API besides case content: organisation keys, key holders, GDPR 14 in the inbox, the reporter key for custodians. */
describe('staff API details the console relies on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("names the organisation and its recovery key at sign-in and in /me, and lists a case's key holders without the excluded", async () => {
    const org = await makeOrganisation(t, { handlers: 3, custodians: 1 });
    const built = await submitReport(t, org, { title: 'T', body: 'B', identity: { name: 'N', contact: 'c', details: 'd' } }, [org.handlers[2].id]);
    const handler = await loginStaff(t, org.handlers[0]);
    const me = await t.http.get('/api/auth/me').set(handler.headers).expect(200);
    expect(me.body.organisation).toEqual({ id: org.id, slug: org.slug, name: expect.any(String), recoveryPublicKey: toB64(org.recovery!.publicKey) });

    const view = await t.http.get(`/api/staff/cases/${built.body.caseId}`).set(handler.headers).expect(200);
    expect(view.body.keyHolders.map((h: { userId: string }) => h.userId).sort()).toEqual([org.handlers[0].id, org.handlers[1].id].sort());
    expect(view.body.keyHolders[0]).toEqual({
      userId: expect.any(String),
      displayName: expect.any(String),
      boxPublicKey: expect.any(String),
      signPublicKey: expect.any(String),
      expiresAt: null,
      // This report names nobody, so there is no persons-concerned key for anyone to hold (R21).
      concernedKey: false,
    });

    const inbox = await t.http.get('/api/staff/cases').set(handler.headers).expect(200);
    const row = inbox.body.cases.find((c: { id: string }) => c.id === built.body.caseId);
    expect(row.subjectInformed).toEqual({ dueAt: expect.any(String), informedAt: null, deferral: null, overdue: false });
    t.clock.advance(32 * 86_400_000);
    const later = await t.http.get('/api/staff/cases').set(handler.headers).expect(200);
    expect(later.body.cases.find((c: { id: string }) => c.id === built.body.caseId).subjectInformed.overdue).toBe(true);
    t.clock.reset();

    // The custodian checks the reporter's signature on their own identity grant before opening it.
    await t.http.post(`/api/staff/cases/${built.body.caseId}/identity-requests`).set(handler.headers).send({ reason: 'To interview the reporter' }).expect(201);
    const custodian = await loginStaff(t, org.custodians[0]);
    const [request] = (await t.http.get('/api/staff/identity-requests').set(custodian.headers).expect(200)).body;
    expect(request.reporterSignPublicKey).toBe(toB64(built.reporter.sign.publicKey));
    expect(() => verifyGrant(request.identityGrant as WireGrant, built.body.caseId, fromB64(request.reporterSignPublicKey, 32))).not.toThrow();
  });
});
