import { generateStaffKeys, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { fetchOrganisation, fetchRecipients, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('administration', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  const report = async (target: TestOrganisation): Promise<string> => (await submitReport(t, target)).body.caseId;

  const grantsOf = async (userId: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE grantee_user_id = $1', [userId]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 3, custodians: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('manages channels and categories', async () => {
    const created = await t.http
      .post('/api/admin/channels')
      .set(admin.headers)
      .send({ name: 'Hankinnat', description: 'Procurement', exclusionEnabled: true, categories: ['Lahjonta'] })
      .expect(201);
    const channelId = created.body.id as string;
    await t.http.patch(`/api/admin/channels/${channelId}`).set(admin.headers).send({ allowAnonymous: false }).expect(204);
    const added = await t.http.post(`/api/admin/channels/${channelId}/categories`).set(admin.headers).send({ label: 'Muu' }).expect(201);
    await t.http.patch(`/api/admin/categories/${added.body.id}`).set(admin.headers).send({ label: 'Muut asiat' }).expect(204);
    const list = await t.http.get('/api/admin/channels').set(admin.headers).expect(200);
    const channel = list.body.find((c: { id: string }) => c.id === channelId);
    expect(channel).toMatchObject({
      name: 'Hankinnat',
      allowAnonymous: false,
      exclusionEnabled: true,
      categories: [{ label: 'Lahjonta' }, { label: 'Muut asiat' }],
    });
    // The public page agrees.
    const publicInfo = await fetchOrganisation(t.http, org.slug);
    expect(publicInfo.channels.find((c) => c.id === channelId)).toMatchObject({ allowAnonymous: false });
    // Another organisation's admin sees none of it.
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const otherAdmin = await loginStaff(t, other.admins[0]);
    await t.http.patch(`/api/admin/channels/${channelId}`).set(otherAdmin.headers).send({ name: 'x' }).expect(404);
    const theirs = await t.http.get('/api/admin/channels').set(otherAdmin.headers).expect(200);
    expect(theirs.body.map((c: { id: string }) => c.id)).not.toContain(channelId);
  });

  it('ending a designation removes the keys to that channel at once', async () => {
    const caseId = await report(org);
    const victim = org.handlers[2];
    expect(await grantsOf(victim.id)).toBeGreaterThan(0);
    const ended = await t.http.delete(`/api/admin/channels/${org.channelId}/designations/${victim.id}/handler`).set(admin.headers).expect(200);
    expect(ended.body.grantsRemoved).toBeGreaterThan(0);
    expect(await grantsOf(victim.id)).toBe(0);
    const session = await loginStaff(t, victim);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status).toBe(404);
    expect((await fetchRecipients(t.http, org.channelId)).handlers.map((h) => h.userId)).not.toContain(victim.id);

    // Designating again is recorded with who did it.
    await t.http.put(`/api/admin/channels/${org.channelId}/designations`).set(admin.headers).send({ userId: victim.id, role: 'handler' }).expect(204);
    const review = await t.http.get('/api/admin/access-review').set(admin.headers).expect(200);
    expect(review.body.designations.find((d: { userId: string }) => d.userId === victim.id)).toMatchObject({ designatedBy: org.admins[0].id, casesGranted: 0 });
    const dup = await t.http.put(`/api/admin/channels/${org.channelId}/designations`).set(admin.headers).send({ userId: victim.id, role: 'handler' });
    expect(dup.body.error).toBe('already_designated');
    const noRole = await t.http
      .put(`/api/admin/channels/${org.channelId}/designations`)
      .set(admin.headers)
      .send({ userId: org.auditors[0].id, role: 'handler' });
    expect(noRole.body.error).toBe('designation_needs_role');
  });

  it('taking away the handler role takes designations and keys with it, identity keys a custodian approved included', async () => {
    const caseId = await report(org);
    const target = org.handlers[1];
    // As if a custodian had approved identity access for this handler.
    await t.db.query(
      `INSERT INTO case_grants (id, case_id, key_kind, grantee, grantee_user_id, key_id, sealed, signature, signed_by)
       VALUES (gen_random_uuid(), $1, 'identity', $2, $3, $4, $5, $6, $7)`,
      [caseId, `user:${target.id}`, target.id, Buffer.alloc(16), Buffer.alloc(80), Buffer.alloc(64), `user:${org.custodians[0].id}`],
    );
    expect(await grantsOf(target.id)).toBeGreaterThan(1);
    await t.http
      .patch(`/api/admin/staff/${target.id}`)
      .set(admin.headers)
      .send({ roles: ['auditor'] })
      .expect(204);
    expect(await grantsOf(target.id)).toBe(0);
    const staff = await t.http.get('/api/admin/staff').set(admin.headers).expect(200);
    expect(staff.body.find((s: { id: string }) => s.id === target.id)).toMatchObject({ roles: ['auditor'], designations: [] });
    const self = await t.http
      .patch(`/api/admin/staff/${org.admins[0].id}`)
      .set(admin.headers)
      .send({ roles: ['handler'] });
    expect(self.body.error).toBe('cannot_change_own_roles');
    const grow = await t.http
      .patch(`/api/admin/staff/${org.admins[0].id}`)
      .set(admin.headers)
      .send({ roles: ['admin', 'handler'] });
    expect(grow.body.error).toBe('cannot_change_own_roles');
    const selfDesignation = await t.http
      .put(`/api/admin/channels/${org.channelId}/designations`)
      .set(admin.headers)
      .send({ userId: org.admins[0].id, role: 'handler' });
    expect(selfDesignation.body.error).toBe('cannot_designate_self');
  });

  it('deactivation needs confirmation and removes sessions, designations and every grant', async () => {
    await report(org);
    const target = org.handlers[0];
    const session = await loginStaff(t, target);
    const unconfirmed = await t.http.post(`/api/admin/staff/${target.id}/deactivate`).set(admin.headers).send({});
    expect(unconfirmed.status).toBe(400);
    expect(await grantsOf(target.id)).toBeGreaterThan(0);
    const done = await t.http.post(`/api/admin/staff/${target.id}/deactivate`).set(admin.headers).send({ confirm: true }).expect(200);
    expect(done.body.grantsRemoved).toBeGreaterThan(0);
    expect(await grantsOf(target.id)).toBe(0);
    await t.http.get('/api/auth/me').set(session.headers).expect(401);
    const again = await t.http.post(`/api/admin/staff/${target.id}/deactivate`).set(admin.headers).send({ confirm: true });
    expect(again.body.error).toBe('already_deactivated');
    const self = await t.http.post(`/api/admin/staff/${org.admins[0].id}/deactivate`).set(admin.headers).send({ confirm: true });
    expect(self.body.error).toBe('cannot_deactivate_self');
  });

  it('sets the organisation recovery key once (public half only); an admin cannot replace it', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, withRecovery: false });
    const freshAdmin = await loginStaff(t, fresh.admins[0]);
    const pair = generateStaffKeys().box;
    const bad = await t.http
      .put('/api/admin/organisation/recovery-key')
      .set(freshAdmin.headers)
      .send({ publicKey: toB64(pair.secretKey.subarray(0, 31)) });
    expect(bad.status).toBe(400);
    await t.http
      .put('/api/admin/organisation/recovery-key')
      .set(freshAdmin.headers)
      .send({ publicKey: toB64(pair.publicKey) })
      .expect(204);
    expect((await fetchOrganisation(t.http, fresh.slug)).recoveryPublicKey).toBe(toB64(pair.publicKey));
    const swap = await t.http
      .put('/api/admin/organisation/recovery-key')
      .set(freshAdmin.headers)
      .send({ publicKey: toB64(generateStaffKeys().box.publicKey) });
    expect({ status: swap.status, error: swap.body.error }).toEqual({ status: 409, error: 'recovery_key_set' });
    expect((await fetchOrganisation(t.http, fresh.slug)).recoveryPublicKey).toBe(toB64(pair.publicKey));
  });

  it('handlers must accept the confidentiality notice before any case access', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, acceptNotice: false });
    const caseId = await report(fresh);
    const session = await loginStaff(t, fresh.handlers[0]);
    for (const path of ['/api/staff/cases', `/api/staff/cases/${caseId}`]) {
      const res = await t.http.get(path).set(session.headers);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'confidentiality_notice_required' });
    }
    const notice = await t.http.get('/api/staff/confidentiality-notice').set(session.headers).expect(200);
    expect(notice.body).toMatchObject({ version: 1, acceptedAt: null });
    expect(notice.body.text).toMatch(/section 36/);
    const outdated = await t.http.post('/api/staff/confidentiality-notice').set(session.headers).send({ version: 0 });
    expect(outdated.status).toBe(400);
    await t.http.post('/api/staff/confidentiality-notice').set(session.headers).send({ version: 1 }).expect(204);
    await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers).expect(200);
    const staff = await t.http
      .get('/api/admin/staff')
      .set((await loginStaff(t, fresh.admins[0])).headers)
      .expect(200);
    expect(staff.body.find((s: { id: string }) => s.id === fresh.handlers[0].id).confidentialityAcceptedAt).not.toBeNull();
  });

  it('the directory lists colleagues with their public keys, and no fingerprint: clients compute fingerprints themselves', async () => {
    const session = await loginStaff(t, org.handlers[2]);
    const dir = await t.http.get('/api/staff/directory').set(session.headers).expect(200);
    const me = dir.body.find((d: { userId: string }) => d.userId === org.handlers[2].id);
    expect(me).toMatchObject({ boxPublicKey: toB64(session.boxPublicKey), signPublicKey: toB64(session.signPublicKey) });
    // A fingerprint the server computed is only the server's word: the console computes it from the keys (CRYPTO.md "Trusting public keys").
    expect(me.fingerprint).toBeUndefined();
    expect(dir.body.map((d: { userId: string }) => d.userId)).not.toContain(org.admins[0].id);
  });
});
