import { randomUUID } from 'node:crypto';
import { fromB64, generateStaffKeys, openBoxGrant, sealGrantToBox, toB64, WireGrant } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { addStaff, makeOrganisation, TestOrganisation, signDirectory } from './helpers/factories';
import { AuditRecorder } from '@kanava/audit';
import { removeExpiredGrants } from '@kanava/cases';
import { ProvisioningService } from '@kanava/staff';

/** Assignment re-seals case keys in the client; the server decides who may receive them. */
describe('assignment, exclusion and implicated handlers', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let caseId: string;
  let a: StaffSessionInfo;
  let sharedKey: Uint8Array;
  let sharedKeyId: string;
  let directory: { userId: string; boxPublicKey: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 4, custodians: 1 });
    // A report that excludes handler B (handlers[1]).
    caseId = (await submitReport(t, org, { title: 'T', body: 'B' }, [org.handlers[1].id])).body.caseId;
    a = await loginStaff(t, org.handlers[0]);
    const opened = await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    const grant = (opened.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    sharedKey = openBoxGrant(grant, caseId, { publicKey: a.boxPublicKey, secretKey: a.bundle.boxSecretKey }, opened.body.sharedKeyId);
    sharedKeyId = opened.body.sharedKeyId;
    directory = (await t.http.get('/api/staff/directory').set(a.headers).expect(200)).body;
  });
  afterAll(() => t.close());

  const sealFor = (userId: string, signSecretKey = a.bundle.signSecretKey, key = sharedKey) =>
    sealGrantToBox({
      caseId,
      keyKind: 'shared',
      key,
      grantee: `user:${userId}`,
      boxPublicKey: fromB64(directory.find((d) => d.userId === userId)!.boxPublicKey, 32),
      signSecretKey,
    });

  it('the excluded handler B cannot list, open, be assigned, or receive a grant for the case, through any route', async () => {
    const b = org.handlers[1];
    const bSession = await loginStaff(t, b);
    const inbox = await t.http.get('/api/staff/cases').set(bSession.headers).expect(200);
    expect(inbox.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(bSession.headers)).status).toBe(404);
    const assign = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: b.id, grants: [sealFor(b.id)] });
    expect({ status: assign.status, error: assign.body.error }).toEqual({ status: 409, error: 'assignee_conflict' });
    expect(assign.body.message).toMatch(/conflict of interest/);
    // B cannot assign themselves either: they have no access to the case at all.
    const self = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(bSession.headers)
      .send({ userId: b.id, grants: [sealFor(b.id)] });
    expect(self.status).toBe(404);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, b.id]);
    expect(n).toBe(0);
  });

  it('assigns a designated colleague: the key sealed by A opens for them', async () => {
    const d = org.handlers[3];
    // D received the key at submission like every handler not excluded; take it away to give it back by assignment.
    await t.http.delete(`/api/staff/cases/${caseId}/assignments/${d.id}`).set(a.headers).expect(204);
    const dSession = await loginStaff(t, d);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(dSession.headers)).status).toBe(404);

    await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: d.id, grants: [sealFor(d.id)] })
      .expect(201);
    const opened = await t.http.get(`/api/staff/cases/${caseId}`).set(dSession.headers).expect(200);
    const grant = (opened.body.grants as (WireGrant & { signedBy: string })[]).find((g) => g.keyKind === 'shared')!;
    expect(grant.signedBy).toBe(`user:${a.userId}`);
    const key = openBoxGrant(grant, caseId, { publicKey: dSession.boxPublicKey, secretKey: dSession.bundle.boxSecretKey }, sharedKeyId);
    expect(toB64(key)).toBe(toB64(sharedKey));

    const again = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: d.id, grants: [sealFor(d.id)] });
    expect(again.body.error).toBe('already_assigned');
  });

  it('refuses grants that are not exactly the case key, to the assignee, signed by the assigner', async () => {
    const d = org.handlers[3];
    await t.http.delete(`/api/staff/cases/${caseId}/assignments/${d.id}`).set(a.headers).expect(204);
    const stranger = generateStaffKeys().sign.secretKey;
    const cases: [unknown, string][] = [
      [[sealFor(d.id, stranger)], 'bad_grant_signature'],
      [[sealFor(d.id, a.bundle.signSecretKey, new Uint8Array(32).fill(7))], 'grants_incomplete'],
      [[{ ...sealFor(d.id), grantee: `user:${org.handlers[2].id}` }], 'grants_incomplete'],
      [[sealFor(d.id), sealFor(d.id)], 'grants_incomplete'],
    ];
    for (const [grants, error] of cases) {
      const res = await t.http.post(`/api/staff/cases/${caseId}/assignments`).set(a.headers).send({ userId: d.id, grants });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error });
    }
    const custodian = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: org.custodians[0].id, grants: [sealFor(org.custodians[0].id)] });
    expect(custodian.body.error).toBe('assignee_not_designated');
    const nobody = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: randomUUID(), grants: [sealFor(d.id)] });
    expect(nobody.body.error).toBe('assignee_not_designated');
  });

  it('an implicated handler loses the case at once and can never be assigned it', async () => {
    const c = org.handlers[2];
    const cSession = await loginStaff(t, c);
    await t.http.get(`/api/staff/cases/${caseId}`).set(cSession.headers).expect(200);
    const res = await t.http.post(`/api/staff/cases/${caseId}/implicated`).set(a.headers).send({ userId: c.id }).expect(200);
    expect(res.body.grantsRemoved).toBe(1);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(cSession.headers)).status).toBe(404);
    const assign = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: c.id, grants: [sealFor(c.id)] });
    expect(assign.body.error).toBe('assignee_conflict');
    const inbox = await t.http.get('/api/staff/cases').set(cSession.headers).expect(200);
    expect(inbox.body.cases.map((x: { id: string }) => x.id)).not.toContain(caseId);
  });

  it('gives an expert time-limited access with a reason, which lapses and is cleaned up', async () => {
    const provisioning = new ProvisioningService(t.db, t.config);
    const { channel } = await provisioning.createChannel({ organisationId: org.id, name: 'Legal' });
    const created = await provisioning.createStaffUser({
      organisationId: org.id,
      email: `expert-${org.slug}@example.test`,
      displayName: 'Expert Counsel',
      password: 'correct horse battery staple',
      roles: ['handler'],
      channelIds: [channel.id],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [created.user.id]);
    // Listed in the organisation's key directory, as an admin signs a new account in (docs/key-directory.md).
    await signDirectory(t, org);
    const expert = { email: created.user.email, totpSecret: created.totpSecret };
    directory = (await t.http.get('/api/staff/directory').set(a.headers).expect(200)).body;
    const session = await loginStaff(t, expert);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status).toBe(404);

    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    const tooLate = new Date(Date.now() + 91 * 86_400_000).toISOString();
    const bad = await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: created.user.id, reason: 'Legal opinion', expiresAt: tooLate, grants: [sealFor(created.user.id)] });
    expect(bad.body.error).toBe('invalid_expiry');
    const excluded = await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: org.handlers[1].id, reason: 'Legal opinion', expiresAt: inAnHour, grants: [sealFor(org.handlers[1].id)] });
    expect(excluded.body.error).toBe('assignee_conflict');
    await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: created.user.id, reason: 'Legal opinion on the contracts', expiresAt: inAnHour, grants: [sealFor(created.user.id)] })
      .expect(201);

    await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers).expect(200);
    // An expert reads; they cannot reply to the reporter or hand the case on.
    for (const [method, path, body] of [
      [
        'post',
        `/api/staff/cases/${caseId}/messages`,
        { itemId: randomUUID(), kind: 'message-handler', keyId: sharedKeyId, nonce: 'A'.repeat(32), ciphertext: 'A'.repeat(704), signature: 'A'.repeat(86) },
      ],
      ['post', `/api/staff/cases/${caseId}/assignments`, { userId: org.handlers[3].id, grants: [sealFor(org.handlers[3].id)] }],
      ['post', `/api/staff/cases/${caseId}/implicated`, { userId: a.userId }],
      ['delete', `/api/staff/cases/${caseId}/assignments/${a.userId}`, undefined],
    ] as const) {
      const req =
        method === 'post'
          ? t.http
              .post(path)
              .set(session.headers)
              .send(body as object)
          : t.http.delete(path).set(session.headers);
      const res = await req;
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 404, error: 'case_not_found' });
    }
    await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    const inbox = await t.http.get('/api/staff/cases').set(session.headers).expect(200);
    expect(inbox.body.cases.map((x: { id: string }) => x.id)).toContain(caseId);
    const reports = async () =>
      (
        (
          await t.http
            .post('/api/staff/cases/reports')
            .set(session.headers)
            .send({ caseIds: [caseId] })
            .expect(200)
        ).body.cases as { id: string }[]
      ).map((x) => x.id);
    expect(await reports()).toEqual([caseId]);
    const [grant] = await t.db.query('SELECT reason, signed_by FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, created.user.id]);
    expect(grant).toEqual({ reason: 'Legal opinion on the contracts', signed_by: `user:${a.userId}` });

    // Time runs out: access ends at once, and the worker's sweep deletes the grant.
    await t.db.query("UPDATE case_grants SET expires_at = now() - interval '1 second' WHERE case_id = $1 AND grantee_user_id = $2", [caseId, created.user.id]);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status).toBe(404);
    expect((await t.http.get('/api/staff/cases').set(session.headers)).body.cases.map((x: { id: string }) => x.id)).not.toContain(caseId);
    expect(await reports()).toEqual([]);
    expect(await removeExpiredGrants(t.db, t.app.get(AuditRecorder), t.clock)).toBeGreaterThanOrEqual(1);
    const [event] = await t.db.query("SELECT actor_kind, details FROM audit_events WHERE case_id = $1 AND action = 'case.expert_expired'", [caseId]);
    expect(event).toEqual({ actor_kind: 'system', details: { userId: created.user.id } });
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, created.user.id]);
    expect(n).toBe(0);
  });

  it('keeps expert access read-only for someone who also handles the channel', async () => {
    // Designated for the case's channel after the report came in, so holding none of its keys.
    const member = await addStaff(t, org, 'handler', 'Channel Member');
    directory = (await t.http.get('/api/staff/directory').set(a.headers).expect(200)).body;
    const session = await loginStaff(t, member);
    expect((await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status).toBe(404);
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: member.id, reason: 'Second opinion on the figures', expiresAt: inADay, grants: [sealFor(member.id)] })
      .expect(201);
    await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers).expect(200);
    const reply = {
      itemId: randomUUID(),
      kind: 'message-handler',
      keyId: sharedKeyId,
      nonce: 'A'.repeat(32),
      ciphertext: 'A'.repeat(704),
      signature: 'A'.repeat(86),
    };
    for (const [path, body] of [
      [`/api/staff/cases/${caseId}/messages`, reply],
      [`/api/staff/cases/${caseId}/assignments`, { userId: org.handlers[3].id, grants: [sealFor(org.handlers[3].id)] }],
      [`/api/staff/cases/${caseId}/acknowledge`, {}],
    ] as const) {
      const res = await t.http.post(path).set(session.headers).send(body);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 404, error: 'case_not_found' });
    }
  });
});
