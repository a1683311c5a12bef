import { randomUUID } from 'node:crypto';
import {
  CryptoError,
  decryptItem,
  encryptItem,
  fromB64,
  keyId,
  openBoxGrant,
  openReporterGrant,
  sealGrantToBox,
  sealGrantToReporter,
  toB64,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { AuditRecorder } from '@kanava/audit';
import { removeExpiredGrants } from '@kanava/cases';
import { startTestApp, TestApp } from './helpers/app';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, solveChallenge, StaffSessionInfo, submitReport } from './helpers/clients';
import { addStaff, makeOrganisation, TestOrganisation, TestStaff } from './helpers/factories';

const PERSON = { name: 'Pat Example', role: 'Head of purchasing', details: 'Signs the invoices' };

/**
 * Persons concerned under a key of their own (R21, docs/reporter-protocol-extensions.md):
 * sealed at submission to the report's handlers, the custodians, the reporter and recovery;
 * a handler given the case later, or an expert, reads them only when a holder shares the key.
 */
describe('persons concerned under their own key', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let a: StaffSessionInfo;
  let caseId: string;
  let concernedKey: Uint8Array;
  let sharedKey: Uint8Array;
  let lookup: string;
  let late: TestStaff;
  let expert: TestStaff;

  const view = async (s: StaffSessionInfo) => (await t.http.get(`/api/staff/cases/${caseId}`).set(s.headers).expect(200)).body;
  const subjects = (body: { items: WireItem[] }) => body.items.filter((i) => i.kind === 'subject');
  const boxOf = (s: StaffSessionInfo) => ({ publicKey: s.boxPublicKey, secretKey: s.bundle.boxSecretKey });
  const sealTo = async (keyKind: 'shared' | 'concerned', key: Uint8Array, userId: string, signer = a) => {
    const directory = (await t.http.get('/api/staff/directory').set(signer.headers).expect(200)).body as { userId: string; boxPublicKey: string }[];
    return sealGrantToBox({
      caseId,
      keyKind,
      key,
      grantee: `user:${userId}`,
      boxPublicKey: fromB64(directory.find((d) => d.userId === userId)!.boxPublicKey, 32),
      signSecretKey: signer.bundle.signSecretKey,
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    const built = await submitReport(t, org, { title: 'Invoices', body: 'Split to stay under the limit', subjects: [PERSON], protectSubjects: true });
    caseId = built.body.caseId;
    concernedKey = built.concernedKey!;
    sharedKey = built.sharedKey;
    lookup = `Bearer ${toB64(built.reporter.lookupToken)}`;
    a = await loginStaff(t, org.handlers[0]);
    // Made after the report arrived, so they hold none of its keys.
    late = await addStaff(t, org, 'handler', 'Late Handler');
    expert = await addStaff(t, org, 'handler', 'Outside Expert');
  });
  afterAll(() => t.close());

  it('seals them at submission to the handlers, the custodians, the reporter and recovery, and records the key id', async () => {
    const rows = (await t.db.query("SELECT grantee FROM case_grants WHERE case_id = $1 AND key_kind = 'concerned' ORDER BY grantee", [caseId])) as {
      grantee: string;
    }[];
    const expected = ['recovery', 'reporter', ...org.handlers.map((h) => `user:${h.id}`), ...org.custodians.map((c) => `user:${c.id}`)].sort();
    expect(rows.map((r) => r.grantee)).toEqual(expected);
    const body = await view(a);
    expect(body.concernedKeyId).toBe(toB64(keyId(concernedKey)));
    const grant = (body.grants as WireGrant[]).find((g) => g.keyKind === 'concerned')!;
    const key = openBoxGrant(grant, caseId, boxOf(a), body.concernedKeyId);
    expect(decryptItem(subjects(body)[0], caseId, key)).toEqual(PERSON);
    // Under the shared key the entry does not open: it is not there twice.
    expect(() => decryptItem(subjects(body)[0], caseId, sharedKey)).toThrow(CryptoError);
  });

  it('gives the reporter their own grant, so the follow-up opens what they wrote', async () => {
    const res = await t.http.get('/api/public/case').set('Authorization', lookup).expect(200);
    const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'concerned');
    expect(grant).toBeDefined();
    const items = res.body.items as WireItem[];
    expect(items.filter((i) => i.kind === 'subject').map((i) => i.keyId)).toEqual([toB64(keyId(concernedKey))]);
  });

  it('a handler assigned later gets the case but not the persons concerned, and the server withholds their ciphertext', async () => {
    await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: late.id, grants: [await sealTo('shared', sharedKey, late.id)] })
      .expect(201);
    const lateSession = await loginStaff(t, late);
    const body = await view(lateSession);
    expect((body.grants as WireGrant[]).map((g) => g.keyKind)).toEqual(['shared']);
    expect(subjects(body)).toEqual([]);
    expect(body.concernedWithheld).toBe(1);
    // Nor can they remove or redact an entry they cannot see.
    const itemId = (await t.db.query("SELECT id FROM case_items WHERE case_id = $1 AND kind = 'subject'", [caseId]))[0].id as string;
    const removal = await t.http.post(`/api/staff/cases/${caseId}/items/${itemId}/remove`).set(lateSession.headers).send({ confirm: true });
    expect({ status: removal.status, error: removal.body.error }).toEqual({ status: 404, error: 'item_not_found' });
  });

  it('an expert gets the shared key only: the persons-concerned entries stay closed to them', async () => {
    const expiresAt = new Date(t.clock.nowMs() + 86_400_000).toISOString();
    await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: expert.id, reason: 'Accounting opinion', expiresAt, grants: [await sealTo('shared', sharedKey, expert.id)] })
      .expect(201);
    const expertSession = await loginStaff(t, expert);
    const body = await view(expertSession);
    expect(subjects(body)).toEqual([]);
    expect(body.concernedWithheld).toBe(1);
    // The stored ciphertext does not open with any key the expert holds.
    const [stored] = (await t.db.query("SELECT key_id FROM case_items WHERE case_id = $1 AND kind = 'subject'", [caseId])) as { key_id: Buffer }[];
    const held = (body.grants as WireGrant[]).map((g) => g.keyId);
    expect(held).not.toContain(toB64(stored.key_id));
  });

  it('refuses sharing by someone without the key, to someone without the case, or sealed wrongly', async () => {
    const lateSession = await loginStaff(t, late);
    const withoutKey = await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(lateSession.headers)
      .send({ userId: expert.id, reason: 'Needs the names', grant: await sealTo('concerned', concernedKey, expert.id, lateSession) });
    expect({ status: withoutKey.status, error: withoutKey.body.error }).toEqual({ status: 403, error: 'persons_concerned_key_not_held' });

    const stranger = await addStaff(t, org, 'handler', 'Stranger Handler');
    const noCase = await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(a.headers)
      .send({ userId: stranger.id, reason: 'Needs the names', grant: await sealTo('concerned', concernedKey, stranger.id) });
    expect({ status: noCase.status, error: noCase.body.error }).toEqual({ status: 409, error: 'grantee_without_case' });

    const wrongKey = await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(a.headers)
      .send({ userId: late.id, reason: 'Needs the names', grant: await sealTo('concerned', sharedKey, late.id) });
    expect({ status: wrongKey.status, error: wrongKey.body.error }).toEqual({ status: 400, error: 'persons_concerned_grant_mismatch' });
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND key_kind = 'concerned' AND grantee_user_id = ANY($2)", [
      caseId,
      [late.id, expert.id, stranger.id],
    ]);
    expect(n).toBe(0);
  });

  it('a holder shares them with the expert, with a reason the log does not repeat; the key lapses with the access', async () => {
    await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(a.headers)
      .send({ userId: expert.id, reason: 'Needs REASON-MARKER to check the invoices', grant: await sealTo('concerned', concernedKey, expert.id) })
      .expect(204);
    const expertSession = await loginStaff(t, expert);
    const body = await view(expertSession);
    const grant = (body.grants as WireGrant[]).find((g) => g.keyKind === 'concerned')!;
    expect(decryptItem(subjects(body)[0], caseId, openBoxGrant(grant, caseId, boxOf(expertSession), body.concernedKeyId))).toEqual(PERSON);

    const again = await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(a.headers)
      .send({ userId: expert.id, reason: 'Again', grant: await sealTo('concerned', concernedKey, expert.id) });
    expect(again.body.error).toBe('persons_concerned_already_shared');

    const events = (await t.db.query("SELECT details FROM audit_events WHERE case_id = $1 AND action = 'case.persons_concerned_shared'", [caseId])) as {
      details: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.details)).toEqual([{ userId: expert.id }]);
    expect(JSON.stringify(events)).not.toContain('REASON-MARKER');
    const [lapse] = (await t.db.query("SELECT g.expires_at FROM case_grants g WHERE case_id = $1 AND grantee_user_id = $2 AND key_kind = 'concerned'", [
      caseId,
      expert.id,
    ])) as { expires_at: Date | null }[];
    const [shared] = (await t.db.query("SELECT g.expires_at FROM case_grants g WHERE case_id = $1 AND grantee_user_id = $2 AND key_kind = 'shared'", [
      caseId,
      expert.id,
    ])) as { expires_at: Date | null }[];
    expect(lapse.expires_at?.toISOString()).toBe(shared.expires_at?.toISOString());
  });

  it('taking the case away takes the persons concerned too', async () => {
    const lateSession = await loginStaff(t, late);
    await t.http
      .post(`/api/staff/cases/${caseId}/persons-concerned-grants`)
      .set(a.headers)
      .send({ userId: late.id, reason: 'Takes over the interviews', grant: await sealTo('concerned', concernedKey, late.id) })
      .expect(204);
    expect(subjects(await view(lateSession))).toHaveLength(1);
    await t.http.delete(`/api/staff/cases/${caseId}/assignments/${late.id}`).set(a.headers).expect(204);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, late.id]);
    expect(n).toBe(0);
  });

  it('a disclosure names the persons concerned only from a holder of their key, and its export leaves them out otherwise', async () => {
    const reply = encryptItem({
      caseId,
      kind: 'message-handler',
      itemId: randomUUID(),
      key: sharedKey,
      signSecretKey: a.bundle.signSecretKey,
      value: { text: 'We will pass the case to the police.' },
    });
    await t.http.post(`/api/staff/cases/${caseId}/messages`).set(a.headers).send(reply).expect(201);
    const disclosure = (personsConcerned: boolean) => ({
      ground: 'pre_trial_investigation',
      recipient: 'Police',
      includesIdentity: false,
      includesPersonsConcerned: personsConcerned,
      noticeItemId: reply.itemId,
    });
    // A handler who holds the case but not the key is refused for persons concerned.
    const second = await loginStaff(t, org.handlers[1]);
    await t.db.query("DELETE FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 AND key_kind = 'concerned'", [caseId, org.handlers[1].id]);
    const refused = await t.http.post(`/api/staff/cases/${caseId}/disclosures`).set(second.headers).send(disclosure(true));
    expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 400, error: 'persons_concerned_not_accessible' });

    const without = await t.http.post(`/api/staff/cases/${caseId}/disclosures`).set(a.headers).send(disclosure(false)).expect(201);
    const exported = await t.http.get(`/api/staff/cases/${caseId}/disclosures/${without.body.id}/export`).set(a.headers).expect(200);
    expect(subjects(exported.body.case)).toEqual([]);
    const withThem = await t.http.post(`/api/staff/cases/${caseId}/disclosures`).set(a.headers).send(disclosure(true)).expect(201);
    const full = await t.http.get(`/api/staff/cases/${caseId}/disclosures/${withThem.body.id}/export`).set(a.headers).expect(200);
    expect(subjects(full.body.case)).toHaveLength(1);
    expect(full.body.disclosure.includesPersonsConcerned).toBe(true);
  });

  it('keeps a redacted entry under their key', async () => {
    const [item] = (await t.db.query("SELECT id FROM case_items WHERE case_id = $1 AND kind = 'subject'", [caseId])) as { id: string }[];
    const redaction = (key: Uint8Array) =>
      encryptItem({
        caseId,
        kind: 'redaction',
        itemId: randomUUID(),
        key,
        signSecretKey: a.bundle.signSecretKey,
        value: {
          redactedItemId: item.id,
          redactedKind: 'subject',
          redactedAt: new Date(t.clock.nowMs()).toISOString(),
          replacement: { ...PERSON, details: '[removed]' },
        },
      });
    const redact = (key: Uint8Array) =>
      t.http
        .post(`/api/staff/cases/${caseId}/items/${item.id}/redact`)
        .set(a.headers)
        .send({ confirm: true, replacement: redaction(key) });
    const underShared = await redact(sharedKey);
    expect({ status: underShared.status, error: underShared.body.error }).toEqual({ status: 400, error: 'key_id_mismatch' });
    await redact(concernedKey).expect(200);
    const [replaced] = (await t.db.query("SELECT key_id FROM case_items WHERE case_id = $1 AND kind = 'redaction'", [caseId])) as { key_id: Buffer }[];
    expect(toB64(replaced.key_id)).toBe(toB64(keyId(concernedKey)));
  });

  // Last in the file: it moves the app's clock past the expert's expiry.
  it("the expert's access runs out with both keys, recorded once", async () => {
    t.clock.advance(2 * 86_400_000);
    await removeExpiredGrants(t.db, t.app.get(AuditRecorder), t.clock);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [caseId, expert.id]);
    expect(n).toBe(0);
    const events = await t.db.query("SELECT details FROM audit_events WHERE case_id = $1 AND action = 'case.expert_expired'", [caseId]);
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([{ userId: expert.id }]);
  });
});

describe('persons-concerned grants at submission', () => {
  let t: TestApp;
  let org: TestOrganisation;
  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
  });
  afterAll(() => t.close());

  const build = async (content: Parameters<typeof buildSubmission>[0]['content']) => {
    const info = await fetchOrganisation(t.http, org.slug);
    return buildSubmission({ org: info, channelId: org.channelId, recipients: await fetchRecipients(t.http, org.channelId), content });
  };
  const send = async (body: Record<string, unknown>) => t.http.post('/api/public/reports').send({ ...body, proof: await solveChallenge(t.http) });
  const refusal = async (body: Record<string, unknown>) => {
    const res = await send(body);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE id = $1', [body.caseId]);
    return { status: res.status, error: res.body.error, stored: n };
  };

  it('still takes a v1 report, whose persons concerned are under the shared key', async () => {
    const built = await build({ title: 'T', body: 'B', subjects: [PERSON] });
    await send(built.body).then((res) => expect(res.status).toBe(201));
    const [row] = await t.db.query('SELECT concerned_key_id FROM cases WHERE id = $1', [built.body.caseId]);
    expect(row.concerned_key_id).toBeNull();
  });

  it('refuses a grant set that leaves out a custodian, and grants without any persons concerned', async () => {
    const built = await build({ title: 'T', body: 'B', subjects: [PERSON], protectSubjects: true });
    const custodian = `user:${org.custodians[0].id}`;
    const short = built.body.grants.filter((g) => !(g.keyKind === 'concerned' && g.grantee === custodian));
    expect(await refusal({ ...built.body, grants: short })).toEqual({ status: 400, error: 'concerned_grants_mismatch', stored: 0 });

    const bare = await build({ title: 'T', body: 'B', subjects: [PERSON], protectSubjects: true });
    const noSubjects = { ...bare.body, items: bare.body.items.filter((i) => i.kind !== 'subject') };
    expect(await refusal(noSubjects)).toEqual({ status: 400, error: 'unexpected_concerned_grant', stored: 0 });
  });

  it('refuses an entry left under the shared key beside persons-concerned grants', async () => {
    const built = await build({ title: 'T', body: 'B', subjects: [PERSON], protectSubjects: true });
    const reporter = built.reporter;
    const open = { ...built.body.items.find((i) => i.kind === 'subject')! };
    const resealed = encryptItem({
      caseId: built.body.caseId,
      kind: 'subject',
      itemId: open.itemId,
      key: built.sharedKey,
      signSecretKey: reporter.sign.secretKey,
      value: PERSON,
    });
    const items = built.body.items.map((i) => (i.itemId === open.itemId ? resealed : i));
    expect(await refusal({ ...built.body, items })).toEqual({ status: 400, error: 'key_id_mismatch', stored: 0 });
  });

  it('refuses persons-concerned grants that deliver the shared key itself', async () => {
    const built = await build({ title: 'T', body: 'B', subjects: [PERSON] });
    const { caseId } = built.body;
    const sign = built.reporter.sign.secretKey;
    // Every grantee a persons-concerned key goes to, each handed the shared key under the concerned kind.
    const holders = built.body.grants.filter((g) => g.keyKind === 'shared' || g.keyKind === 'identity');
    const recipients = await fetchRecipients(t.http, org.channelId);
    const boxOf = new Map([...recipients.handlers, ...recipients.custodians].map((r) => [`user:${r.userId}`, r.boxPublicKey]));
    const info = await fetchOrganisation(t.http, org.slug);
    const grantees = [...new Set([...holders.map((g) => g.grantee), ...recipients.custodians.map((c) => `user:${c.userId}`)])];
    const concerned = grantees.map((grantee) =>
      grantee === 'reporter'
        ? sealGrantToReporter({ caseId, keyKind: 'concerned', key: built.sharedKey, wrapKey: built.reporter.wrapKey, signSecretKey: sign })
        : sealGrantToBox({
            caseId,
            keyKind: 'concerned',
            key: built.sharedKey,
            grantee: grantee as `user:${string}` | 'recovery',
            boxPublicKey: fromB64(grantee === 'recovery' ? info.recoveryPublicKey! : boxOf.get(grantee)!, 32),
            signSecretKey: sign,
          }),
    );
    expect(await refusal({ ...built.body, grants: [...built.body.grants, ...concerned] })).toEqual({ status: 400, error: 'key_id_mismatch', stored: 0 });
  });

  it("the reporter's own grant opens with the case secret's wrap key", async () => {
    const built = await build({ title: 'T', body: 'B', subjects: [PERSON], protectSubjects: true });
    await send(built.body).then((res) => expect(res.status).toBe(201));
    const grant = built.body.grants.find((g) => g.keyKind === 'concerned' && g.grantee === 'reporter')!;
    const key = openReporterGrant(grant, built.body.caseId, built.reporter.wrapKey, toB64(keyId(built.concernedKey!)));
    expect(toB64(key)).toBe(toB64(built.concernedKey!));
  });
});
