import { createHash } from 'node:crypto';
import { decryptItem, openBoxGrant, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, StaffSessionInfo } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

const DAY = 86_400_000;
const ORIGINAL = 'Letter received by post: the warehouse stock counts were changed. ORIGINAL-MARKER-71d0';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Reports received another way (R5): registered by a designated handler, dated when received, with the original's hash. */
describe('forwarded reports', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let a: StaffSessionInfo;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, allowAnonymous: false });
    other = await makeOrganisation(t, { handlers: 1 });
    a = await loginStaff(t, org.handlers[0]);
  });
  afterAll(() => t.close());

  /** What the handler's browser sends: a submission it made like a reporter's browser, without a proof. */
  const build = async (target: TestOrganisation = org) => {
    const info = await fetchOrganisation(t.http, target.slug);
    const recipients = await fetchRecipients(t.http, target.channelId);
    return buildSubmission({ org: info, channelId: target.channelId, recipients, content: { title: 'Forwarded by post', body: ORIGINAL } });
  };
  const register = (who: StaffSessionInfo, body: object) => t.http.post('/api/staff/forwarded-reports').set(who.headers).send(body);

  it('makes a case dated when the report was received, deadlines from then, with the hash of the original, how it came and who registered it', async () => {
    const built = await build();
    const receivedAt = new Date(t.clock.now().getTime() - 10 * DAY).toISOString();
    const res = await register(a, { ...built.body, receivedAt, via: 'post', originalSha256: sha256(ORIGINAL) }).expect(201);
    expect(res.body).toEqual({ caseId: built.body.caseId, reference: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/), receivedAt });

    const view = (await t.http.get(`/api/staff/cases/${built.body.caseId}`).set(a.headers).expect(200)).body;
    // The acknowledgement was due seven days after receipt: three days ago, overdue already.
    expect(view).toMatchObject({
      receivedAt,
      acknowledgementDueAt: new Date(Date.parse(receivedAt) + 7 * DAY).toISOString(),
      nextDueAt: new Date(Date.parse(receivedAt) + 7 * DAY).toISOString(),
      anonymous: true,
      forwarded: { via: 'post', registeredByUserId: a.userId, originalSha256: sha256(ORIGINAL) },
    });
    // The colleague reads it with their own grant, like any report.
    const b = await loginStaff(t, org.handlers[1]);
    const seen = (await t.http.get(`/api/staff/cases/${built.body.caseId}`).set(b.headers).expect(200)).body;
    const grant = (seen.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    const key = openBoxGrant(grant, built.body.caseId, { publicKey: b.boxPublicKey, secretKey: b.bundle.boxSecretKey }, seen.sharedKeyId);
    const report = (seen.items as WireItem[]).find((i) => i.kind === 'report')!;
    expect(decryptItem<{ body: string }>(report, built.body.caseId, key).body).toBe(ORIGINAL);
    const inbox = (await t.http.get('/api/staff/cases?limit=200').set(a.headers).expect(200)).body.cases as { id: string; forwarded: boolean }[];
    expect(inbox.find((c) => c.id === built.body.caseId)!.forwarded).toBe(true);

    // The server holds ciphertext and the hash only.
    const [row] = await t.db.query('SELECT forwarded_by_user_id, forwarded_via, encode(original_sha256, $2) AS sha FROM cases WHERE id = $1', [
      built.body.caseId,
      'hex',
    ]);
    expect(row).toEqual({ forwarded_by_user_id: a.userId, forwarded_via: 'post', sha: sha256(ORIGINAL) });
    expect(JSON.stringify(await t.db.query('SELECT * FROM case_items WHERE case_id = $1', [built.body.caseId]))).not.toContain('ORIGINAL-MARKER');
    const events = await t.db.query("SELECT actor_kind, actor_id, details FROM audit_events WHERE case_id = $1 AND action = 'report.forwarded_registered'", [
      built.body.caseId,
    ]);
    expect(events).toEqual([{ actor_kind: 'staff', actor_id: a.userId, details: { via: 'post' } }]);
    // The receipt time stays what the handler registered (R2).
    await expect(t.db.query('UPDATE cases SET received_at = now() WHERE id = $1', [built.body.caseId])).rejects.toThrow(/receipt time/);

    // The case secret the handler's browser made opens the case, if the handler hands it to the reporter.
    const reporter = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
      .expect(200);
    expect(reporter.body).toMatchObject({ caseId: built.body.caseId, reference: res.body.reference });
  });

  it('refuses, and stores nothing for, a date in the future or too long ago, a bad hash or channel of receipt, a handler not designated, and self-exclusion', async () => {
    const now = t.clock.now().getTime();
    const cases: [() => Promise<object>, StaffSessionInfo | null, number, string][] = [
      [async () => ({ receivedAt: new Date(now + DAY).toISOString() }), null, 400, 'received_in_future'],
      [async () => ({ receivedAt: new Date(now - 400 * DAY).toISOString() }), null, 400, 'received_too_long_ago'],
      [async () => ({ receivedAt: 'last week' }), null, 400, 'invalid_request'],
      [async () => ({ originalSha256: sha256(ORIGINAL).toUpperCase() }), null, 400, 'invalid_request'],
      [async () => ({ via: 'pigeon' }), null, 400, 'invalid_request'],
      [async () => ({ excludedUserIds: [a.userId] }), null, 400, 'excludes_registrar'],
    ];
    for (const [change, who, status, error] of cases) {
      const built = await build();
      const body = { ...built.body, receivedAt: new Date(now - DAY).toISOString(), via: 'email', originalSha256: sha256(ORIGINAL), ...(await change()) };
      const res = await register(who ?? a, body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
      expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [built.body.caseId])).toEqual([]);
    }
    // Another organisation's channel is unknown to this handler.
    const foreign = await build(other);
    const res = await register(a, { ...foreign.body, receivedAt: new Date(now - DAY).toISOString(), via: 'email', originalSha256: sha256(ORIGINAL) });
    expect(res.body.error).toBe('unknown_channel');
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [foreign.body.caseId])).toEqual([]);

    // A handler no longer designated for the channel cannot register on it.
    const b = await loginStaff(t, org.handlers[1]);
    await t.db.query('DELETE FROM channel_members WHERE user_id = $1', [org.handlers[1].id]);
    const built = await build();
    const refused = await register(b, { ...built.body, receivedAt: new Date(now - DAY).toISOString(), via: 'phone', originalSha256: sha256(ORIGINAL) });
    expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 403, error: 'not_designated' });
    // The portal's rule "identity required" does not apply to a report already received; the proof of work is not asked for.
    await register(a, { ...built.body, receivedAt: new Date(now - DAY).toISOString(), via: 'phone', originalSha256: sha256(ORIGINAL) }).expect(201);
  });
});
