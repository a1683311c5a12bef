import { decryptItem, fromB64, openBoxGrant, sealGrantToBox, verifyGrant, WireGrant, WireItem } from '@kanava/crypto';
import { ProvisioningService } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** When every handler of a case has left, the organisation recovery key brings the case back. */
describe('break-glass with the organisation recovery key', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
  });
  afterAll(() => t.close());

  it('a newly designated handler restores an orphaned case with the recovery secret key, in the client', async () => {
    const caseId = (await submitReport(t, org, { title: 'Orphan', body: 'B' })).body.caseId;

    // The only handler leaves.
    const admin = await loginStaff(t, org.admins[0]);
    await t.http.post(`/api/admin/staff/${org.handlers[0].id}/deactivate`).set(admin.headers).send({ confirm: true }).expect(200);
    const created = await new ProvisioningService(t.db, t.config).createStaffUser({
      organisationId: org.id,
      email: `successor-${org.slug}@example.test`,
      displayName: 'Successor',
      password: 'correct horse battery staple',
      roles: ['handler'],
      channelIds: [org.channelId],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [created.user.id]);
    const successor = await loginStaff(t, { email: created.user.email, totpSecret: created.totpSecret });
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(successor.headers)).status).toBe(404);

    const listed = await t.http.get('/api/staff/recovery/cases').set(successor.headers).expect(200);
    const orphan = listed.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    expect(orphan.recoveryGrants.map((g: WireGrant) => `${g.keyKind}:${g.grantee}`)).toEqual(['shared:recovery']);

    // In the client: check the reporter signed the recovery grant, open it with the offline key, seal to self.
    const recoveryGrant = orphan.recoveryGrants[0] as WireGrant;
    verifyGrant(recoveryGrant, caseId, fromB64(orphan.reporterSignPublicKey, 32));
    const key = openBoxGrant(recoveryGrant, caseId, org.recovery!, orphan.sharedKeyId);
    const mine = sealGrantToBox({
      caseId,
      keyKind: 'shared',
      key,
      grantee: `user:${successor.userId}`,
      boxPublicKey: successor.boxPublicKey,
      signSecretKey: successor.bundle.signSecretKey,
    });
    await t.http
      .post(`/api/staff/recovery/cases/${caseId}/restore`)
      .set(successor.headers)
      .send({ grants: [mine] })
      .expect(201);

    const opened = await t.http.get(`/api/staff/cases/${caseId}`).set(successor.headers).expect(200);
    const report = decryptItem<{ title: string }>(
      (opened.body.items as WireItem[]).find((i) => i.kind === 'report')!,
      caseId,
      key,
    );
    expect(report.title).toBe('Orphan');

    // Not orphaned any more: nobody else can use the break-glass on it.
    const after = await t.http.get('/api/staff/recovery/cases').set(successor.headers).expect(200);
    expect(after.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    const again = await t.http
      .post(`/api/staff/recovery/cases/${caseId}/restore`)
      .set(successor.headers)
      .send({ grants: [mine] });
    expect(again.status).toBe(404);
  });

  it('refuses restoring a case that someone active can still open, or to someone not designated', async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const built = await submitReport(t, other);
    const handler = await loginStaff(t, other.handlers[0]);
    // Its own handler is active, so the case is not orphaned.
    const listed = await t.http.get('/api/staff/recovery/cases').set(handler.headers).expect(200);
    expect(listed.body.cases).toEqual([]);
    const stranger = (await makeOrganisation(t, { handlers: 1, custodians: 0 })).handlers[0];
    const foreign = await loginStaff(t, stranger);
    const res = await t.http
      .post(`/api/staff/recovery/cases/${built.body.caseId}/restore`)
      .set(foreign.headers)
      .send({ grants: [built.body.grants[1]] });
    expect(res.status).toBe(404);
  });
});
