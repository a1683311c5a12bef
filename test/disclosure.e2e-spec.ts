import { randomUUID } from 'node:crypto';
import { decryptItem, encryptItem, fromB64, openBoxGrant, sealGrantToBox, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** Disclosure outside the handlers (R20) and removal of an identity no longer needed (R24). */
describe('disclosure and export', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let built: BuiltSubmission;
  let caseId: string;
  let handler: StaffSessionInfo;
  let other: StaffSessionInfo;
  let custodian: StaffSessionInfo;
  let reporterMessageId: string;
  let noticeId: string;

  const base = () => `/api/staff/cases/${caseId}/disclosures`;
  const ownIdentityGrant = async (s: StaffSessionInfo) => {
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(s.headers).expect(200);
    return (view.body.grants as WireGrant[]).find((g) => g.keyKind === 'identity');
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    built = await submitReport(t, org, { title: 'T', body: 'B', identity: { name: 'IDENTITY-7c1e', contact: 'c', details: 'd' } });
    caseId = built.body.caseId;
    handler = await loginStaff(t, org.handlers[0]);
    other = await loginStaff(t, org.handlers[1]);
    custodian = await loginStaff(t, org.custodians[0]);
    const bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
    reporterMessageId = randomUUID();
    await t.http
      .post('/api/public/case/messages')
      .set('Authorization', bearer)
      .send(
        encryptItem({
          caseId,
          kind: 'message-reporter',
          itemId: reporterMessageId,
          key: built.sharedKey,
          value: { text: 'I consent' },
          signSecretKey: built.reporter.sign.secretKey,
        }),
      )
      .expect(201);
    noticeId = randomUUID();
    await t.http
      .post(`/api/staff/cases/${caseId}/messages`)
      .set(handler.headers)
      .send(
        encryptItem({
          caseId,
          kind: 'message-handler',
          itemId: noticeId,
          key: built.sharedKey,
          value: { text: 'We will hand this to the police' },
          signSecretKey: handler.bundle.signSecretKey,
        }),
      )
      .expect(201);
  });
  afterAll(() => t.close());

  it('refuses a disclosure without its ground, consent or notice, and records nothing', async () => {
    const ok = { ground: 'authority', recipient: 'Police, file 5500/R/1/26', includesIdentity: false, noticeItemId: noticeId };
    const cases: [object, string][] = [
      [{ ...ok, ground: 'gossip' }, 'invalid_request'],
      [{ ...ok, noticeItemId: undefined }, 'notice_required'],
      [{ ...ok, noticeSuppressed: 'jeopardises_investigation' }, 'notice_required'],
      [{ ...ok, noticeItemId: reporterMessageId }, 'notice_item_invalid'],
      [{ ...ok, ground: 'consent' }, 'consent_required'],
      [{ ...ok, ground: 'consent', consentItemId: noticeId }, 'consent_not_signed_by_reporter'],
      [{ ...ok, ground: 'consent', consentItemId: randomUUID() }, 'consent_item_invalid'],
      [{ ...ok, consentItemId: reporterMessageId }, 'consent_not_expected'],
      [{ ...ok, includesIdentity: true }, 'identity_not_accessible'],
      [{ ...ok, recipient: 'x'.repeat(201) }, 'invalid_request'],
    ];
    for (const [body, error] of cases) {
      const res = await t.http.post(base()).set(handler.headers).send(body);
      expect([res.status, res.body.error]).toEqual([400, error]);
    }
    expect(await t.db.query('SELECT 1 FROM disclosures WHERE case_id = $1', [caseId])).toEqual([]);
  });

  it('records a disclosure, exports under it once, and logs both without the recipient', async () => {
    const { body } = await t.http
      .post(base())
      .set(handler.headers)
      .send({ ground: 'consent', consentItemId: reporterMessageId, recipient: 'Police, file 5500/R/1/26', includesIdentity: false, noticeItemId: noticeId })
      .expect(201);
    const list = await t.http.get(base()).set(handler.headers).expect(200);
    expect(list.body.disclosures).toEqual([
      expect.objectContaining({ id: body.id, ground: 'consent', recipient: 'Police, file 5500/R/1/26', createdBy: handler.userId }),
    ]);

    const exported = await t.http.get(`${base()}/${body.id}/export`).set(handler.headers).expect(200);
    expect(exported.body.disclosure).toMatchObject({ id: body.id, ground: 'consent', includesIdentity: false });
    const items = exported.body.case.items as WireItem[];
    expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['report', 'message-reporter', 'message-handler']));
    expect(items.map((i) => i.kind)).not.toContain('identity');
    const report = items.find((i) => i.kind === 'report')!;
    expect(decryptItem(report, caseId, built.sharedKey)).toMatchObject({ title: 'T', body: 'B' });

    // Another handler cannot export under it; a made-up disclosure is refused.
    expect((await t.http.get(`${base()}/${body.id}/export`).set(other.headers).expect(404)).body.error).toBe('disclosure_not_found');
    expect((await t.http.get(`${base()}/${randomUUID()}/export`).set(handler.headers).expect(404)).body.error).toBe('disclosure_not_found');
    // The export window is seven days.
    t.clock.advance(8 * 86_400_000);
    expect((await t.http.get(`${base()}/${body.id}/export`).set(handler.headers)).status).toBe(404);

    const events = await t.db.query(
      "SELECT action, details FROM audit_events WHERE case_id = $1 AND action IN ('case.disclosure_recorded', 'case.exported') ORDER BY seq",
      [caseId],
    );
    expect(events).toEqual([
      { action: 'case.disclosure_recorded', details: { disclosureId: body.id, ground: 'consent', identity: false, personsConcerned: false, notice: 'given' } },
      { action: 'case.exported', details: { disclosureId: body.id, identity: false, personsConcerned: false } },
    ]);
    expect(JSON.stringify(events)).not.toContain('Police');
  });

  it('includes the identity only for a handler who holds its key and a disclosure that says so; removing it takes every identity key', async () => {
    // The custodian approves the handler's request in the browser: seal the identity key to them.
    const { body: request } = await t.http
      .post(`/api/staff/cases/${caseId}/identity-requests`)
      .set(handler.headers)
      .send({ reason: 'The prosecutor asks for the reporter' })
      .expect(201);
    const pending = await t.http.get('/api/staff/identity-requests').set(custodian.headers).expect(200);
    const own = pending.body.find((r: { requestId: string }) => r.requestId === request.requestId).identityGrant as WireGrant;
    const key = openBoxGrant(own, caseId, { publicKey: custodian.boxPublicKey, secretKey: custodian.bundle.boxSecretKey });
    const grant = sealGrantToBox({
      caseId,
      keyKind: 'identity',
      key,
      grantee: `user:${handler.userId}`,
      boxPublicKey: handler.boxPublicKey,
      signSecretKey: custodian.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/identity-requests/${request.requestId}/approve`).set(custodian.headers).send({ grant }).expect(204);

    const { body } = await t.http
      .post(base())
      .set(handler.headers)
      .send({ ground: 'prosecutor', recipient: 'Prosecutor, R 26/123', includesIdentity: true, noticeSuppressed: 'jeopardises_investigation' })
      .expect(201);
    const exported = await t.http.get(`${base()}/${body.id}/export`).set(handler.headers).expect(200);
    const identity = (exported.body.case.items as WireItem[]).find((i) => i.kind === 'identity')!;
    const identityKey = openBoxGrant(
      (exported.body.case.grants as WireGrant[]).find((g) => g.keyKind === 'identity')!,
      caseId,
      { publicKey: handler.boxPublicKey, secretKey: handler.bundle.boxSecretKey },
    );
    expect(decryptItem(identity, caseId, identityKey)).toMatchObject({ name: 'IDENTITY-7c1e' });

    // No longer necessary: the handler removes it. The other handler, without the key, cannot even see it.
    expect(
      (await t.http.post(`/api/staff/cases/${caseId}/items/${identity.itemId}/remove`).set(other.headers).send({ confirm: true }).expect(404)).body.error,
    ).toBe('item_not_found');
    await t.http.post(`/api/staff/cases/${caseId}/items/${identity.itemId}/remove`).set(handler.headers).send({ confirm: true }).expect(204);
    expect(await ownIdentityGrant(handler)).toBeUndefined();
    expect(await t.db.query("SELECT 1 FROM case_grants WHERE case_id = $1 AND key_kind = 'identity'", [caseId])).toEqual([]);
    expect(await t.db.query("SELECT 1 FROM case_items WHERE case_id = $1 AND kind = 'identity'", [caseId])).toEqual([]);
    const [event] = await t.db.query(
      "SELECT details FROM audit_events WHERE case_id = $1 AND action = 'case.personal_data_removed' ORDER BY seq DESC LIMIT 1",
      [caseId],
    );
    expect(event.details).toEqual({ kind: 'identity' });
    const reporterView = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
      .expect(200);
    expect((reporterView.body.items as WireItem[]).map((i) => i.kind)).not.toContain('identity');
    expect(fromB64(reporterView.body.reporterSignPublicKey, 32)).toHaveLength(32);
  });
});
