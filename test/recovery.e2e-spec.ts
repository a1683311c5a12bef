import { decryptItem, fromB64, openBoxGrant, sealGrantToBox, verifyGrant, WireGrant, WireItem } from '@kanava/crypto';
import { ProvisioningService } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
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
    const other = await makeOrganisation(t, { handlers: 2, custodians: 0, withRecovery: true });
    const built = await submitReport(t, other);
    const caseId = built.body.caseId;
    const key = openBoxGrant(
      built.body.grants.find((g) => g.grantee === 'recovery')!,
      caseId,
      other.recovery!,
    );
    const selfGrant = (s: StaffSessionInfo) =>
      sealGrantToBox({ caseId, keyKind: 'shared', key, grantee: `user:${s.userId}`, boxPublicKey: s.boxPublicKey, signSecretKey: s.bundle.signSecretKey });

    // handlers[1] is designated, but handlers[0] can still open the case: not orphaned.
    await t.http
      .delete(`/api/staff/cases/${caseId}/assignments/${other.handlers[1].id}`)
      .set((await loginStaff(t, other.handlers[0])).headers)
      .expect(204);
    const second = await loginStaff(t, other.handlers[1]);
    expect((await t.http.get('/api/staff/recovery/cases').set(second.headers).expect(200)).body.cases).toEqual([]);
    const notOrphaned = await t.http
      .post(`/api/staff/recovery/cases/${caseId}/restore`)
      .set(second.headers)
      .send({ grants: [selfGrant(second)] });
    expect(notOrphaned.status).toBe(404);

    // Once nobody active can open it, a handler of another channel of the same organisation still may not.
    const admin = await loginStaff(t, other.admins[0]);
    await t.http.post(`/api/admin/staff/${other.handlers[0].id}/deactivate`).set(admin.headers).send({ confirm: true }).expect(200);
    const provisioning = new ProvisioningService(t.db, t.config);
    const { channel } = await provisioning.createChannel({ organisationId: other.id, name: 'Elsewhere' });
    const outsider = await provisioning.createStaffUser({
      organisationId: other.id,
      email: `outsider-${other.slug}@example.test`,
      displayName: 'Outsider',
      password: 'correct horse battery staple',
      roles: ['handler'],
      channelIds: [channel.id],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [outsider.user.id]);
    const out = await loginStaff(t, { email: outsider.user.email, totpSecret: outsider.totpSecret });
    expect((await t.http.get('/api/staff/recovery/cases').set(out.headers).expect(200)).body.cases).toEqual([]);
    const refused = await t.http
      .post(`/api/staff/recovery/cases/${caseId}/restore`)
      .set(out.headers)
      .send({ grants: [selfGrant(out)] });
    expect(refused.status).toBe(404);
    // The designated handler can now.
    await t.http
      .post(`/api/staff/recovery/cases/${caseId}/restore`)
      .set(second.headers)
      .send({ grants: [selfGrant(second)] })
      .expect(201);
  });
});
