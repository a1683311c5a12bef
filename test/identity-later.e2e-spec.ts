import { randomUUID } from 'node:crypto';
import {
  decryptItem,
  encryptItem,
  fromB64,
  generateKey,
  generateStaffKeys,
  sealGrantToBox,
  sealGrantToReporter,
  toB64,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, fetchOrganisation, fetchRecipients, loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { RECORDED_EVENTS_SQL } from './helpers/audit';

/** API.md "Follow up": `POST /api/public/case/identity`, the reporter's identity added after submitting. */
describe('identity added later', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let built: BuiltSubmission;
  let caseId: string;
  let bearer: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 2 });
    built = await submitReport(t, org);
    caseId = built.body.caseId;
    bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
  });
  afterAll(() => t.close());

  /** What the portal sends: a new identity key, the item under it, grants to reporter, recovery and custodians. */
  async function identityBody(options: { skipCustodian?: boolean; signWith?: Uint8Array } = {}) {
    const info = await fetchOrganisation(t.http, org.slug);
    const recipients = await fetchRecipients(t.http, org.channelId);
    const key = generateKey();
    const sign = options.signWith ?? built.reporter.sign.secretKey;
    const item = encryptItem({
      caseId,
      kind: 'identity',
      itemId: randomUUID(),
      key,
      signSecretKey: sign,
      value: { name: 'LATER-NAME-31c9', contact: 'x', details: '' },
    });
    const custodians = options.skipCustodian ? recipients.custodians.slice(1) : recipients.custodians;
    const grants = [
      sealGrantToReporter({ caseId, keyKind: 'identity', key, wrapKey: built.reporter.wrapKey, signSecretKey: sign }),
      ...custodians.map((c) =>
        sealGrantToBox({ caseId, keyKind: 'identity', key, grantee: `user:${c.userId}`, boxPublicKey: fromB64(c.boxPublicKey, 32), signSecretKey: sign }),
      ),
      sealGrantToBox({ caseId, keyKind: 'identity', key, grantee: 'recovery', boxPublicKey: fromB64(info.recoveryPublicKey!, 32), signSecretKey: sign }),
    ];
    return { key, body: { item, grants } };
  }

  const identityRows = async () => (await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'identity'", [caseId]))[0].n;

  it('refuses grants to the wrong people, a foreign signature, another item kind or a bad token, and stores nothing', async () => {
    const post = (body: object, auth = bearer) => t.http.post('/api/public/case/identity').set('Authorization', auth).send(body);
    expect((await post((await identityBody({ skipCustodian: true })).body)).body.error).toBe('identity_grants_mismatch');
    const forged = await identityBody({ signWith: generateStaffKeys().sign.secretKey });
    expect((await post(forged.body)).body.error).toBe('bad_item_signature');
    const { body } = await identityBody();
    expect((await post({ ...body, item: { ...body.item, kind: 'subject' } })).body.error).toBe('item_kind_not_allowed');
    expect((await post({ item: body.item })).status).toBe(400);
    expect((await post(body, 'Bearer nope')).status).toBe(401);
    expect(await identityRows()).toBe(0);
  });

  it('stores the identity and its grants once; the custodians hold its key, the reporter sees it, a second one is refused', async () => {
    const { key, body } = await identityBody();
    await t.http.post('/api/public/case/identity').set('Authorization', bearer).send(body).expect(201);
    expect(await identityRows()).toBe(1);
    const again = await identityBody();
    expect((await t.http.post('/api/public/case/identity').set('Authorization', bearer).send(again.body).expect(409)).body.error).toBe('identity_exists');

    const custodian = await loginStaff(t, org.custodians[0]);
    const [grant] = await t.db.query("SELECT grantee FROM case_grants WHERE case_id = $1 AND key_kind = 'identity' AND grantee_user_id = $2", [
      caseId,
      custodian.userId,
    ]);
    expect(grant).toEqual({ grantee: `user:${custodian.userId}` });
    const view = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    const item = (view.body.items as WireItem[]).find((i) => i.kind === 'identity')!;
    expect(decryptItem(item, caseId, key)).toMatchObject({ name: 'LATER-NAME-31c9' });
    expect((view.body.grants as WireGrant[]).map((g) => g.keyKind).sort()).toEqual(['identity', 'shared']);
    const [event] = await t.db.query(`SELECT actor_kind FROM ${RECORDED_EVENTS_SQL} e WHERE e.case_id = $1 AND e.action = 'reporter.identity_added'`, [caseId]);
    expect(event).toEqual({ actor_kind: 'reporter' });

    // A handler still sees no identity until a custodian approves (R20).
    const handler = await loginStaff(t, org.handlers[0]);
    const staffView = await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200);
    expect((staffView.body.items as WireItem[]).map((i) => i.kind)).not.toContain('identity');
  });
});
