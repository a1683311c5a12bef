import { randomUUID } from 'node:crypto';
import {
  DEFAULT_STAFF_KDF,
  deriveStaffKeys,
  encryptItem,
  fromB64,
  generateStaffKeys,
  openBoxGrant,
  randomBytes,
  recoverySubkeys,
  sealGrantToBox,
  toB64,
  WireGrant,
  wrapKeyBundle,
} from '@kanava/crypto';
import { TotpClock, totpFor } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { encryptToBuffer, prepareAttachment } from './helpers/attachments';
import { BuiltSubmission, loginStaff, nextTotp, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from './helpers/factories';
import { releaseReporterEvents } from './helpers/audit';

interface Event {
  seq: string;
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  caseId: string | null;
  details: Record<string, unknown>;
}

const MARKERS = ['AUDIT-MARKER-TITLE-9c1d', 'AUDIT-MARKER-BODY-51aa', 'AUDIT-MARKER-SUBJECT-7e2f', 'AUDIT-MARKER-REPLY-0b3c'];
const AGENT = 'AuditProbe/1.0 (ua-marker-6f1e)';
const ADDRESS = '198.51.100.23';

/**
 * Every action that touches a case, an account or a setting writes exactly the
 * expected event, in the organisation's chain, with no content, names or addresses.
 * The tests run in order as one story; each checks one action code.
 */
describe('audit events, one per action', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let auditor: StaffSessionInfo;
  let admin: StaffSessionInfo;
  let handler: StaffSessionInfo;
  let built: BuiltSubmission;
  let caseId: string;
  let bearer: string;
  let sharedKey: Uint8Array;
  let mark = '0';

  /** The events since the last check, through the auditor API. */
  async function since(): Promise<Event[]> {
    const res = await t.http.get('/api/audit/events').query({ cursor: mark, limit: 1000 }).set(auditor.headers).expect(200);
    const events = res.body.events as Event[];
    if (events.length) mark = events[events.length - 1].seq;
    return events;
  }

  /** Exactly one new event with this action, matching `expected`; other new events may be of other actions. */
  async function expectOne(action: string, expected: Partial<Event>): Promise<Event> {
    const events = (await since()).filter((e) => e.action === action);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action, ...expected });
    return events[0];
  }

  const staffActor = (id: string, role: string) => ({ actorKind: 'staff', actorId: id, actorRole: role });

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 3, custodians: 1 });
    auditor = await loginStaff(t, org.auditors[0]);
    admin = await loginStaff(t, org.admins[0]);
    handler = await loginStaff(t, org.handlers[0]);
    await since();
  });
  afterAll(() => t.close());

  it('report.submitted', async () => {
    built = await submitReport(t, org, { title: MARKERS[0], body: MARKERS[1], subjects: [{ name: MARKERS[2], role: 'r', details: 'd' }] });
    caseId = built.body.caseId;
    bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
    await releaseReporterEvents(t);
    // Dated to its hour, and nothing in it tells whether an identity came with the report or anyone was excluded.
    const event = await expectOne('report.submitted', { actorKind: 'reporter', actorId: null, caseId, details: { timeRoundedToMinutes: 60 } });
    expect(event.occurredAt).toMatch(/T\d\d:00:00\.000Z$/);
    const named = await submitReport(t, org, { title: 'T', body: 'B', identity: { name: 'N', contact: 'C', details: '' } }, [org.handlers[2].id]);
    await releaseReporterEvents(t);
    await expectOne('report.submitted', { caseId: named.body.caseId, details: { timeRoundedToMinutes: 60 } });
  });

  it('reporter.case_viewed', async () => {
    await t.http.get('/api/public/case').set('Authorization', bearer).set('User-Agent', AGENT).set('X-Forwarded-For', ADDRESS).expect(200);
    await releaseReporterEvents(t);
    await expectOne('reporter.case_viewed', { actorKind: 'reporter', caseId });
  });

  it('reporter.message_added', async () => {
    const item = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: 'x' },
      signSecretKey: built.reporter.sign.secretKey,
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearer).set('User-Agent', AGENT).send(item).expect(201);
    await releaseReporterEvents(t);
    await expectOne('reporter.message_added', { actorKind: 'reporter', caseId });
  });

  it('case.viewed', async () => {
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200);
    sharedKey = openBoxGrant(
      (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!,
      caseId,
      { publicKey: handler.boxPublicKey, secretKey: handler.bundle.boxSecretKey },
      res.body.sharedKeyId,
    );
    await expectOne('case.viewed', { ...staffActor(handler.userId, 'handler'), caseId, details: { identity: false } });
  });

  it('case.report_fetched', async () => {
    const res = await t.http
      .post('/api/staff/cases/reports')
      .set(handler.headers)
      .send({ caseIds: [caseId] })
      .expect(200);
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    await expectOne('case.report_fetched', { ...staffActor(handler.userId, 'handler'), caseId });
  });

  it('case.message_added', async () => {
    const item = encryptItem({
      caseId,
      kind: 'message-handler',
      itemId: randomUUID(),
      key: sharedKey,
      value: { text: MARKERS[3] },
      signSecretKey: handler.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/cases/${caseId}/messages`).set(handler.headers).send(item).expect(201);
    await expectOne('case.message_added', { ...staffActor(handler.userId, 'handler'), caseId });
  });

  it('case.acknowledged', async () => {
    await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(handler.headers).expect(409); // the reply above acknowledged it
    const fresh = await submitReport(t, org);
    await since();
    await t.http.post(`/api/staff/cases/${fresh.body.caseId}/acknowledge`).set(handler.headers).expect(200);
    await expectOne('case.acknowledged', { ...staffActor(handler.userId, 'handler'), caseId: fresh.body.caseId });
  });

  it('case.status_changed', async () => {
    await t.http
      .post(`/api/staff/cases/${caseId}/status`)
      .set(handler.headers)
      .send({ status: 'triaged', triage: { priority: 'normal', relevance: 'in_scope', retaliationRisk: 'low' } })
      .expect(200);
    await expectOne('case.status_changed', { ...staffActor(handler.userId, 'handler'), caseId, details: { from: 'received', to: 'triaged' } });
  });

  it('case.unassigned', async () => {
    await t.http.delete(`/api/staff/cases/${caseId}/assignments/${org.handlers[1].id}`).set(handler.headers).expect(204);
    await expectOne('case.unassigned', { ...staffActor(handler.userId, 'handler'), caseId, details: { userId: org.handlers[1].id } });
  });

  const sealTo = async (userId: string) => {
    const dir = (await t.http.get('/api/staff/directory').set(handler.headers).expect(200)).body as { userId: string; boxPublicKey: string }[];
    const box = fromB64(dir.find((d) => d.userId === userId)!.boxPublicKey, 32);
    return sealGrantToBox({
      caseId,
      keyKind: 'shared',
      key: sharedKey,
      grantee: `user:${userId}`,
      boxPublicKey: box,
      signSecretKey: handler.bundle.signSecretKey,
    });
  };

  it('case.assigned', async () => {
    await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(handler.headers)
      .send({ userId: org.handlers[1].id, grants: [await sealTo(org.handlers[1].id)] })
      .expect(201);
    await expectOne('case.assigned', { ...staffActor(handler.userId, 'handler'), caseId, details: { userId: org.handlers[1].id } });
  });

  it('case.expert_granted', async () => {
    const expiresAt = new Date(t.clock.nowMs() + 3600_000).toISOString();
    await t.http.delete(`/api/staff/cases/${caseId}/assignments/${org.handlers[1].id}`).set(handler.headers).expect(204);
    await since();
    await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(handler.headers)
      .send({ userId: org.handlers[1].id, reason: 'Expert opinion on AUDIT-MARKER-REASON', expiresAt, grants: [await sealTo(org.handlers[1].id)] })
      .expect(201);
    const event = await expectOne('case.expert_granted', {
      ...staffActor(handler.userId, 'handler'),
      caseId,
      details: { userId: org.handlers[1].id, expiresAt },
    });
    expect(JSON.stringify(event)).not.toContain('AUDIT-MARKER-REASON');
  });

  it('case.handler_implicated', async () => {
    await t.http.post(`/api/staff/cases/${caseId}/implicated`).set(handler.headers).send({ userId: org.handlers[2].id }).expect(200);
    await expectOne('case.handler_implicated', { ...staffActor(handler.userId, 'handler'), caseId, details: { userId: org.handlers[2].id, grantsRemoved: 1 } });
  });

  it('case.internal_key_created and case.note_added', async () => {
    const internalKey = randomBytes(32);
    const dir = (await t.http.get('/api/staff/directory').set(handler.headers).expect(200)).body as { userId: string; boxPublicKey: string }[];
    const holders = (await t.db.query(
      "SELECT grantee FROM case_grants WHERE case_id = $1 AND key_kind = 'shared' AND grantee LIKE 'user:%' AND expires_at IS NULL",
      [caseId],
    )) as {
      grantee: string;
    }[];
    const grants = holders.map((h) =>
      sealGrantToBox({
        caseId,
        keyKind: 'internal',
        key: internalKey,
        grantee: h.grantee as `user:${string}`,
        boxPublicKey: fromB64(dir.find((d) => `user:${d.userId}` === h.grantee)!.boxPublicKey, 32),
        signSecretKey: handler.bundle.signSecretKey,
      }),
    );
    grants.push(
      sealGrantToBox({
        caseId,
        keyKind: 'internal',
        key: internalKey,
        grantee: 'recovery',
        boxPublicKey: org.recovery!.publicKey,
        signSecretKey: handler.bundle.signSecretKey,
      }),
    );
    await t.http.post(`/api/staff/cases/${caseId}/internal-key`).set(handler.headers).send({ grants }).expect(201);
    await expectOne('case.internal_key_created', { ...staffActor(handler.userId, 'handler'), caseId, details: { grants: grants.length } });
    const note = encryptItem({
      caseId,
      kind: 'note',
      itemId: randomUUID(),
      key: internalKey,
      value: { text: MARKERS[3] },
      signSecretKey: handler.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/cases/${caseId}/notes`).set(handler.headers).send(note).expect(201);
    await expectOne('case.note_added', { ...staffActor(handler.userId, 'handler'), caseId });
  });

  it('attachment.added, attachment.downloaded and attachment.deleted', async () => {
    const a = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: 10 });
    await t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create).expect(201);
    await releaseReporterEvents(t);
    await expectOne('attachment.added', { actorKind: 'reporter', caseId, details: { attachmentId: a.attachmentId, timeRoundedToMinutes: 60 } });
    await t.http
      .put(`/api/public/case/attachments/${a.attachmentId}/content`)
      .set('Authorization', bearer)
      .set('Content-Type', 'application/octet-stream')
      .send(await encryptToBuffer(a, new Uint8Array(10)))
      .expect(204);
    await t.http.get(`/api/staff/cases/${caseId}/attachments/${a.attachmentId}/content`).set(handler.headers).expect(200);
    await expectOne('attachment.downloaded', { ...staffActor(handler.userId, 'handler'), caseId, details: { attachmentId: a.attachmentId } });
    await t.http.delete(`/api/public/case/attachments/${a.attachmentId}`).set('Authorization', bearer).expect(204);
    await releaseReporterEvents(t);
    await expectOne('attachment.deleted', { actorKind: 'reporter', caseId, details: { attachmentId: a.attachmentId, timeRoundedToMinutes: 60 } });
  });

  it('auth.signed_in', async () => {
    const session = await loginStaff(t, org.handlers[1]);
    await expectOne('auth.signed_in', staffActor(session.userId, 'handler'));
  });

  it('auth.sign_in_failed', async () => {
    const pre = await t.http.post('/api/auth/prelogin').send({ email: org.handlers[1].email });
    const wrong = deriveStaffKeys('wrong password entirely', fromB64(pre.body.salt, 16), pre.body.kdf);
    await t.http
      .post('/api/auth/login')
      .send({ email: org.handlers[1].email, authKey: toB64(wrong.authKey), totp: '123456' })
      .expect(401);
    await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody-at-all@example.test', authKey: toB64(wrong.authKey), totp: '123456' })
      .expect(401);
    // Only the known account's failure is recorded (an unknown address belongs to no organisation).
    await expectOne('auth.sign_in_failed', { ...staffActor(org.handlers[1].id, 'handler'), details: { purpose: 'sign_in', locked: false } });
  });

  it('auth.signed_out', async () => {
    const session = await loginStaff(t, org.handlers[1]);
    await t.http.post('/api/auth/logout').set(session.headers).expect(204);
    await expectOne('auth.signed_out', staffActor(session.userId, 'handler'));
  });

  it('auth.signed_out_everywhere', async () => {
    const session = await loginStaff(t, org.handlers[1]);
    await t.http.post('/api/auth/logout-all').set(session.headers).expect(200);
    await expectOne('auth.signed_out_everywhere', staffActor(session.userId, 'handler'));
  });

  it('auth.password_changed', async () => {
    const staff = org.custodians[0];
    const session = await loginStaff(t, staff);
    const pre = await t.http.post('/api/auth/prelogin').send({ email: staff.email });
    const current = deriveStaffKeys(TEST_PASSWORD, fromB64(pre.body.salt, 16), pre.body.kdf);
    const salt = randomBytes(16);
    const next = deriveStaffKeys(TEST_PASSWORD, salt, DEFAULT_STAFF_KDF);
    await t.http
      .post('/api/auth/password')
      .set(session.headers)
      .send({
        currentAuthKey: toB64(current.authKey),
        totp: nextTotp(t, staff.totpSecret),
        next: { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF, authKey: toB64(next.authKey), keyBundle: toB64(wrapKeyBundle(session.bundle, next.kek)) },
      })
      .expect(204);
    await expectOne('auth.password_changed', staffActor(staff.id, 'custodian'));
  });

  it('auth.recovery_bundle_fetched and auth.recovery_reset', async () => {
    const staff = org.handlers[1];
    const { wrapKey: _w, resetKey } = recoverySubkeys(fromB64(staff.recoveryKey, 32));
    await t.http
      .post('/api/auth/recovery/bundle')
      .send({ email: staff.email, resetKey: toB64(resetKey), totp: nextTotp(t, staff.totpSecret) })
      .expect(200);
    await expectOne('auth.recovery_bundle_fetched', staffActor(staff.id, 'handler'));
    const session = await loginStaff(t, staff);
    const salt = randomBytes(16);
    const next = deriveStaffKeys(TEST_PASSWORD, salt, DEFAULT_STAFF_KDF);
    await t.http
      .post('/api/auth/recovery/reset')
      .send({
        email: staff.email,
        resetKey: toB64(resetKey),
        totp: nextTotp(t, staff.totpSecret),
        next: { salt: toB64(salt), kdf: DEFAULT_STAFF_KDF, authKey: toB64(next.authKey), keyBundle: toB64(wrapKeyBundle(session.bundle, next.kek)) },
      })
      .expect(204);
    await expectOne('auth.recovery_reset', staffActor(staff.id, 'handler'));
  });

  it('confidentiality.accepted', async () => {
    await t.http.post('/api/staff/confidentiality-notice').set(handler.headers).send({ version: 1 }).expect(204);
    await expectOne('confidentiality.accepted', { ...staffActor(handler.userId, 'handler'), details: { version: 1 } });
  });

  let channelId: string;
  let categoryId: string;

  it('channel.created', async () => {
    const res = await t.http
      .post('/api/admin/channels')
      .set(admin.headers)
      .send({ name: 'Audit channel', categories: ['A'] })
      .expect(201);
    channelId = res.body.id;
    categoryId = res.body.categories[0].id;
    await expectOne('channel.created', { ...staffActor(admin.userId, 'admin'), details: { channelId, categories: 1 } });
  });

  it('channel.updated', async () => {
    await t.http.patch(`/api/admin/channels/${channelId}`).set(admin.headers).send({ exclusionEnabled: true }).expect(204);
    await expectOne('channel.updated', { ...staffActor(admin.userId, 'admin'), details: { channelId, fields: 'exclusionEnabled' } });
  });

  it('category.created', async () => {
    const res = await t.http.post(`/api/admin/channels/${channelId}/categories`).set(admin.headers).send({ label: 'B' }).expect(201);
    await expectOne('category.created', { ...staffActor(admin.userId, 'admin'), details: { channelId, categoryId: res.body.id } });
  });

  it('category.updated', async () => {
    await t.http.patch(`/api/admin/categories/${categoryId}`).set(admin.headers).send({ label: 'A2' }).expect(204);
    await expectOne('category.updated', { ...staffActor(admin.userId, 'admin'), details: { categoryId } });
  });

  it('designation.added', async () => {
    await t.http.put(`/api/admin/channels/${channelId}/designations`).set(admin.headers).send({ userId: org.handlers[1].id, role: 'handler' }).expect(204);
    await expectOne('designation.added', { ...staffActor(admin.userId, 'admin'), details: { channelId, userId: org.handlers[1].id, role: 'handler' } });
  });

  it('designation.removed', async () => {
    await t.http.delete(`/api/admin/channels/${channelId}/designations/${org.handlers[1].id}/handler`).set(admin.headers).expect(200);
    await expectOne('designation.removed', {
      ...staffActor(admin.userId, 'admin'),
      details: { channelId, userId: org.handlers[1].id, role: 'handler', grantsRemoved: 0 },
    });
  });

  it('staff.invited and staff.activated', async () => {
    const res = await t.http
      .post('/api/admin/invitations')
      .set(admin.headers)
      .send({ email: `audit-invitee-${org.slug}@example.test`, displayName: 'Invitee', roles: ['auditor'], designations: [] })
      .expect(201);
    await expectOne('staff.invited', { ...staffActor(admin.userId, 'admin'), details: { invitationId: res.body.invitationId, roles: 'auditor' } });
    const token = /#([A-Za-z0-9_-]{43})$/.exec(res.body.activationUrl as string)![1];
    const { body: totp } = await t.http.post(`/api/auth/invitations/${token}/totp`).expect(200);
    const keys = generateStaffKeys();
    const salt = randomBytes(16);
    const { kek, authKey } = deriveStaffKeys('an invitee passphrase here', salt, DEFAULT_STAFF_KDF);
    const bundle = { boxSecretKey: keys.box.secretKey, signSecretKey: keys.sign.secretKey, trust: {} };
    const activated = await t.http
      .post(`/api/auth/invitations/${token}/activate`)
      .send({
        totp: totpFor(totp.secret, 'x').generate({ timestamp: t.app.get(TotpClock).now() }),
        boxPublicKey: toB64(keys.box.publicKey),
        signPublicKey: toB64(keys.sign.publicKey),
        salt: toB64(salt),
        kdf: DEFAULT_STAFF_KDF,
        authKey: toB64(authKey),
        keyBundle: toB64(wrapKeyBundle(bundle, kek)),
        recoveryKeyBundle: toB64(wrapKeyBundle(bundle, kek)),
        recoveryResetKey: toB64(randomBytes(32)),
      })
      .expect(201);
    await expectOne('staff.activated', { ...staffActor(activated.body.userId, 'auditor'), details: { invitationId: res.body.invitationId } });
  });

  it('staff.invitation_revoked', async () => {
    const res = await t.http
      .post('/api/admin/invitations')
      .set(admin.headers)
      .send({ email: `audit-withdrawn-${org.slug}@example.test`, displayName: 'Withdrawn', roles: ['auditor'], designations: [] })
      .expect(201);
    await t.http.delete(`/api/admin/invitations/${res.body.invitationId}`).set(admin.headers).expect(204);
    await expectOne('staff.invitation_revoked', { ...staffActor(admin.userId, 'admin'), details: { invitationId: res.body.invitationId } });
  });

  it('staff.updated', async () => {
    await t.http
      .patch(`/api/admin/staff/${org.handlers[2].id}`)
      .set(admin.headers)
      .send({ roles: ['handler', 'auditor'] })
      .expect(204);
    await expectOne('staff.updated', {
      ...staffActor(admin.userId, 'admin'),
      details: { userId: org.handlers[2].id, roles: 'handler,auditor', renamed: false },
    });
  });

  it('staff.unlocked', async () => {
    await t.http.post(`/api/admin/staff/${org.handlers[2].id}/unlock`).set(admin.headers).expect(204);
    await expectOne('staff.unlocked', { ...staffActor(admin.userId, 'admin'), details: { userId: org.handlers[2].id } });
  });

  it('staff.deactivated', async () => {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE grantee_user_id = $1', [org.handlers[2].id]);
    await t.http.post(`/api/admin/staff/${org.handlers[2].id}/deactivate`).set(admin.headers).send({ confirm: true }).expect(200);
    await expectOne('staff.deactivated', { ...staffActor(admin.userId, 'admin'), details: { userId: org.handlers[2].id, grantsRemoved: n } });
  });

  it('organisation.recovery_key_set', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, withRecovery: false });
    const freshAdmin = await loginStaff(t, fresh.admins[0]);
    const freshAuditor = await loginStaff(t, fresh.auditors[0]);
    const key = generateStaffKeys().box.publicKey;
    await t.http
      .put('/api/admin/organisation/recovery-key')
      .set(freshAdmin.headers)
      .send({ publicKey: toB64(key) })
      .expect(204);
    const res = await t.http.get('/api/audit/events').query({ action: 'organisation.recovery_key_set' }).set(freshAuditor.headers).expect(200);
    expect(res.body.events).toHaveLength(1);
    expect(res.body.events[0]).toMatchObject({
      ...staffActor(freshAdmin.userId, 'admin'),
      details: { fingerprint: Buffer.from(key).subarray(0, 8).toString('hex') },
    });
  });

  it('case.recovered', async () => {
    const fresh = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    const freshAuditor = await loginStaff(t, fresh.auditors[0]);
    const report = await submitReport(t, fresh);
    const id = report.body.caseId;
    const first = await loginStaff(t, fresh.handlers[0]);
    await t.http.delete(`/api/staff/cases/${id}/assignments/${fresh.handlers[1].id}`).set(first.headers).expect(204);
    await t.http
      .post(`/api/admin/staff/${fresh.handlers[0].id}/deactivate`)
      .set((await loginStaff(t, fresh.admins[0])).headers)
      .send({ confirm: true })
      .expect(200);
    const second = await loginStaff(t, fresh.handlers[1]);
    const key = openBoxGrant(
      report.body.grants.find((g) => g.grantee === 'recovery')!,
      id,
      fresh.recovery!,
    );
    const grant = sealGrantToBox({
      caseId: id,
      keyKind: 'shared',
      key,
      grantee: `user:${second.userId}`,
      boxPublicKey: second.boxPublicKey,
      signSecretKey: second.bundle.signSecretKey,
    });
    await t.http
      .post(`/api/staff/recovery/cases/${id}/restore`)
      .set(second.headers)
      .send({ grants: [grant] })
      .expect(201);
    const res = await t.http.get('/api/audit/events').query({ action: 'case.recovered' }).set(freshAuditor.headers).expect(200);
    expect(res.body.events).toHaveLength(1);
    expect(res.body.events[0]).toMatchObject({ ...staffActor(second.userId, 'handler'), caseId: id });
  });

  it('no event holds content, an e-mail address, a name or a client address, and the chain verifies', async () => {
    const all = await t.http.get('/api/audit/export').query({ format: 'jsonl' }).set(auditor.headers).expect(200);
    const text = all.text;
    expect(text.split('\n').filter(Boolean).length).toBeGreaterThan(30);
    for (const probe of [...MARKERS, 'AUDIT-MARKER-REASON', AGENT, 'ua-marker-6f1e', ADDRESS, '@example.test', 'handler 0', 'Invitee']) {
      expect(text).not.toContain(probe);
    }
    const verify = await t.http.get('/api/audit/verify').set(auditor.headers).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBadSeq: null });
  });
});
