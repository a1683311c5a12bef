import { decryptItem, fromB64, openBoxGrant, sealGrantToBox, verifyGrant, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** Identity protection (R20): only custodians hold the identity key; a handler gets it only by a custodian's approval. */
describe('identity requests', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let built: BuiltSubmission;
  let caseId: string;
  let a: StaffSessionInfo;
  let b: StaffSessionInfo;
  let custodian: StaffSessionInfo;

  const identityGrants = async (userId: string) =>
    (await t.db.query("SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND key_kind = 'identity' AND grantee_user_id = $2", [caseId, userId]))[0]
      .n as number;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 3, custodians: 1 });
    built = await submitReport(t, org, { title: 'T', body: 'B', identity: { name: 'IDENTITY-NAME-5a1f', contact: 'c', details: 'd' } }, [org.handlers[2].id]);
    caseId = built.body.caseId;
    a = await loginStaff(t, org.handlers[0]);
    b = await loginStaff(t, org.handlers[1]);
    custodian = await loginStaff(t, org.custodians[0]);
  });
  afterAll(() => t.close());

  it('a handler without approval sees no identity and holds no identity key', async () => {
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    expect((view.body.items as WireItem[]).map((i) => i.kind)).not.toContain('identity');
    expect((view.body.grants as WireGrant[]).map((g) => g.keyKind)).not.toContain('identity');
    expect(await identityGrants(a.userId)).toBe(0);
  });

  it('a handler asks with a reason; approval gives exactly that handler the key, sealed by the custodian', async () => {
    expect((await t.http.post(`/api/staff/cases/${caseId}/identity-requests`).set(a.headers).send({ reason: 'short' })).status).toBe(400);
    const { body } = await t.http
      .post(`/api/staff/cases/${caseId}/identity-requests`)
      .set(a.headers)
      .send({ reason: 'Needed to interview the reporter' })
      .expect(201);
    const dup = await t.http.post(`/api/staff/cases/${caseId}/identity-requests`).set(a.headers).send({ reason: 'Needed to interview the reporter' });
    expect(dup.body.error).toBe('identity_request_pending');

    // Handlers cannot see or decide requests.
    expect((await t.http.get('/api/staff/identity-requests').set(b.headers)).status).toBe(403);
    expect((await t.http.post(`/api/staff/identity-requests/${body.requestId}/deny`).set(b.headers)).status).toBe(403);

    const pending = await t.http.get('/api/staff/identity-requests').set(custodian.headers).expect(200);
    const request = pending.body.find((r: { requestId: string }) => r.requestId === body.requestId);
    expect(request).toMatchObject({ caseId, reason: 'Needed to interview the reporter', requester: { userId: a.userId } });

    // In the custodian's client: check and open their own identity grant, seal the key to the requester.
    const own = request.identityGrant as WireGrant;
    verifyGrant(own, caseId, built.reporter.sign.publicKey);
    const key = openBoxGrant(own, caseId, { publicKey: custodian.boxPublicKey, secretKey: custodian.bundle.boxSecretKey });
    const toB = sealGrantToBox({
      caseId,
      keyKind: 'identity',
      key,
      grantee: `user:${b.userId}`,
      boxPublicKey: b.boxPublicKey,
      signSecretKey: custodian.bundle.signSecretKey,
    });
    const wrong = await t.http.post(`/api/staff/identity-requests/${body.requestId}/approve`).set(custodian.headers).send({ grant: toB });
    expect(wrong.body.error).toBe('identity_grant_mismatch');
    const toA = sealGrantToBox({
      caseId,
      keyKind: 'identity',
      key,
      grantee: `user:${a.userId}`,
      boxPublicKey: fromB64(request.requester.boxPublicKey, 32),
      signSecretKey: custodian.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/identity-requests/${body.requestId}/approve`).set(custodian.headers).send({ grant: toA }).expect(204);
    expect((await t.http.post(`/api/staff/identity-requests/${body.requestId}/approve`).set(custodian.headers).send({ grant: toA })).status).toBe(404);

    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    const grant = (view.body.grants as WireGrant[]).find((g) => g.keyKind === 'identity')!;
    verifyGrant(grant, caseId, custodian.signPublicKey);
    const opened = openBoxGrant(grant, caseId, { publicKey: a.boxPublicKey, secretKey: a.bundle.boxSecretKey });
    const identity = (view.body.items as WireItem[]).find((i) => i.kind === 'identity')!;
    expect(decryptItem<{ name: string }>(identity, caseId, opened).name).toBe('IDENTITY-NAME-5a1f');
    expect(await identityGrants(a.userId)).toBe(1);
    expect(await identityGrants(b.userId)).toBe(0);
  });

  it('denial gives no key', async () => {
    const { body } = await t.http
      .post(`/api/staff/cases/${caseId}/identity-requests`)
      .set(b.headers)
      .send({ reason: 'Would like to know who it is' })
      .expect(201);
    await t.http.post(`/api/staff/identity-requests/${body.requestId}/deny`).set(custodian.headers).expect(204);
    expect(await identityGrants(b.userId)).toBe(0);
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(b.headers).expect(200);
    expect((view.body.items as WireItem[]).map((i) => i.kind)).not.toContain('identity');
    const events = await t.db.query("SELECT action, details FROM audit_events WHERE case_id = $1 AND action LIKE 'identity.%' ORDER BY seq", [caseId]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['identity.requested', 'identity.approved', 'identity.requested', 'identity.denied']);
    expect(JSON.stringify(events)).not.toMatch(/interview|who it is/);
  });

  it('an excluded handler cannot ask, and a custodian of another channel cannot decide', async () => {
    const excluded = await loginStaff(t, org.handlers[2]);
    expect((await t.http.post(`/api/staff/cases/${caseId}/identity-requests`).set(excluded.headers).send({ reason: 'Trying to find out who' })).status).toBe(
      404,
    );
    const other = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const otherCustodian = await loginStaff(t, other.custodians[0]);
    const { body } = await t.http
      .post(`/api/staff/cases/${caseId}/identity-requests`)
      .set(b.headers)
      .send({ reason: 'Second attempt, new grounds' })
      .expect(201);
    expect((await t.http.get('/api/staff/identity-requests').set(otherCustodian.headers).expect(200)).body).toEqual([]);
    expect((await t.http.post(`/api/staff/identity-requests/${body.requestId}/deny`).set(otherCustodian.headers)).status).toBe(404);
  });

  it('refuses a request where the reporter gave no identity', async () => {
    const anonymous = await submitReport(t, org);
    const res = await t.http
      .post(`/api/staff/cases/${anonymous.body.caseId}/identity-requests`)
      .set(a.headers)
      .send({ reason: 'Needed to interview the reporter' });
    expect(res.body.error).toBe('no_identity');
  });
});
