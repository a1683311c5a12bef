import { randomUUID } from 'node:crypto';
import { fromB64, openBoxGrant, openItem, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { addStaff, makeOrganisation, TestOrganisation } from './helpers/factories';
import { ProvisioningService } from '@kanava/staff';

interface ReportsEntry {
  id: string;
  reporterSignPublicKey: string;
  sharedKeyId: string;
  grants: WireGrant[];
  items: WireItem[];
}

/**
 * `POST /api/staff/cases/reports`: the inbox's titles are decrypted in the
 * browser from the report items this route hands out, to handlers who may read
 * the case and to no one else, and each fetch is logged.
 */
describe('report items for the inbox titles', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let handler: StaffSessionInfo;
  let excluded: StaffSessionInfo;
  const titles = ['Invoices approved twice', 'Safety checks skipped', 'Gifts from a supplier'];
  const caseIds: string[] = [];
  let excludingCase: string;
  let foreignCase: string;

  const fetchReports = (who: StaffSessionInfo, ids: unknown) => t.http.post('/api/staff/cases/reports').set(who.headers).send({ caseIds: ids });
  // This organisation's events only: other test files may share the database.
  const events = async () =>
    (
      (await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.report_fetched' AND organisation_id = $1", [org.id])) as {
        n: number;
      }[]
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    for (const title of titles) caseIds.push((await submitReport(t, org, { title, body: `Body of ${title}` })).body.caseId);
    excludingCase = (await submitReport(t, org, { title: 'Excludes handler B', body: 'B' }, [org.handlers[1].id])).body.caseId;
    foreignCase = (await submitReport(t, other, { title: 'Another organisation', body: 'B' })).body.caseId;
    handler = await loginStaff(t, org.handlers[0]);
    excluded = await loginStaff(t, org.handlers[1]);
  });
  afterAll(() => t.close());

  it('gives a handler the report items and grants that open to the titles, in the order asked, and logs one fetch per case', async () => {
    const before = await events();
    const asked = [caseIds[2], caseIds[0], caseIds[1]];
    const res = await fetchReports(handler, asked).expect(200);
    const entries = res.body.cases as ReportsEntry[];
    expect(entries.map((e) => e.id)).toEqual(asked);
    const opened = entries.map((e) => {
      const grant = e.grants.find((g) => g.keyKind === 'shared' && g.grantee === `user:${handler.userId}`)!;
      const key = openBoxGrant(grant, e.id, { publicKey: handler.boxPublicKey, secretKey: handler.bundle.boxSecretKey }, e.sharedKeyId);
      expect(e.items).toHaveLength(1);
      return openItem<{ title: string }>(e.items[0], e.id, key, fromB64(e.reporterSignPublicKey, 32)).title;
    });
    expect(opened).toEqual([titles[2], titles[0], titles[1]]);
    expect(await events()).toBe(before + 3);
    // seq counts per organisation's chain: the newest three of this organisation.
    const logged = (await t.db.query(
      "SELECT case_id, actor_id FROM audit_events WHERE action = 'case.report_fetched' AND organisation_id = $1 ORDER BY seq DESC LIMIT 3",
      [org.id],
    )) as {
      case_id: string;
      actor_id: string;
    }[];
    expect(logged.map((l) => l.case_id).sort()).toEqual([...asked].sort());
    expect(new Set(logged.map((l) => l.actor_id))).toEqual(new Set([handler.userId]));
  });

  it('leaves out, without naming them, cases the handler may not read: excluded, of another organisation, or unknown', async () => {
    const before = await events();
    const res = await fetchReports(excluded, [excludingCase, foreignCase, randomUUID(), caseIds[0]]).expect(200);
    expect((res.body.cases as ReportsEntry[]).map((e) => e.id)).toEqual([caseIds[0]]);
    expect(JSON.stringify(res.body)).not.toContain(excludingCase);
    const foreign = await fetchReports(handler, [foreignCase]).expect(200);
    expect(foreign.body).toEqual({ cases: [] });
    // Only the one case handed out is logged.
    expect(await events()).toBe(before + 1);
  });

  it('follows the case view exactly, even for callers holding a live grant: excluded, implicated, not designated, of another organisation', async () => {
    // A copy of handler A's shared grant for someone, so that only the access rule can keep them out.
    const grantTo = async (caseId: string, userId: string) =>
      t.db.query(
        `INSERT INTO case_grants (id, case_id, key_kind, grantee, grantee_user_id, key_id, sealed, signature, signed_by, expires_at)
         SELECT gen_random_uuid(), case_id, key_kind, 'user:' || $2, $2::uuid, key_id, sealed, signature, signed_by, NULL
           FROM case_grants WHERE case_id = $1 AND key_kind = 'shared' AND grantee_user_id = $3`,
        [caseId, userId, org.handlers[0].id],
      );
    const implicatingCase = (await submitReport(t, org, { title: 'Implicates handler B', body: 'B' })).body.caseId;
    await t.db.query('UPDATE cases SET implicated_user_ids = $2 WHERE id = $1', [implicatingCase, [org.handlers[1].id]]);
    // The excluded handler B and a foreign handler get grants to cases they must not reach.
    await grantTo(excludingCase, org.handlers[1].id);
    const foreignHandler = other.handlers[0];
    const ownCase = caseIds[1];
    await grantTo(ownCase, foreignHandler.id);
    // A handler of the organisation who is not designated for the channel, holding a lasting grant.
    const { channel } = await new ProvisioningService(t.db, t.config).createChannel({ organisationId: org.id, name: 'Elsewhere' });
    const outsider = await addStaff(t, { id: org.id, channelId: channel.id }, 'handler', 'Other Channel Handler');
    await grantTo(caseIds[2], outsider.id);

    const rows: [string, StaffSessionInfo, string][] = [
      ['excluded by the reporter', excluded, excludingCase],
      ['implicated', excluded, implicatingCase],
      ['of another organisation', await loginStaff(t, foreignHandler), ownCase],
      ['not designated for the channel', await loginStaff(t, outsider), caseIds[2]],
      ['the case handler (control)', handler, caseIds[2]],
    ];
    const outcome = [];
    for (const [who, session, caseId] of rows) {
      const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers)).status;
      const reports = ((await fetchReports(session, [caseId]).expect(200)).body.cases as ReportsEntry[]).map((e) => e.id);
      outcome.push({ who, view, reports });
    }
    expect(outcome).toEqual([
      { who: 'excluded by the reporter', view: 404, reports: [] },
      { who: 'implicated', view: 404, reports: [] },
      { who: 'of another organisation', view: 404, reports: [] },
      { who: 'not designated for the channel', view: 404, reports: [] },
      { who: 'the case handler (control)', view: 200, reports: [caseIds[2]] },
    ]);
  });

  it('refuses a malformed list with a 400 that names the rule, and logs nothing', async () => {
    const before = await events();
    const tooMany = Array.from({ length: 51 }, () => randomUUID());
    for (const [ids, fragment] of [
      [[], 'caseIds must contain at least 1 elements'],
      [tooMany, 'caseIds must contain no more than 50 elements'],
      [[caseIds[0], caseIds[0]], "All caseIds's elements must be unique"],
      [['not-a-uuid'], 'must be a lower-case UUID'],
      [[caseIds[0].toUpperCase()], 'must be a lower-case UUID'],
      ['x', 'caseIds must be an array'],
    ] as const) {
      const res = await fetchReports(handler, ids);
      expect({ ids: String(ids).slice(0, 40), status: res.status, error: res.body.error }).toEqual({
        ids: String(ids).slice(0, 40),
        status: 400,
        error: 'invalid_request',
      });
      expect(JSON.stringify(res.body.message)).toContain(fragment);
    }
    expect(await events()).toBe(before);
  });

  it('needs a handler who accepted the confidentiality notice', async () => {
    await t.db.query('UPDATE staff_users SET confidentiality_version = NULL WHERE id = $1', [handler.userId]);
    try {
      const res = await fetchReports(handler, [caseIds[0]]);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('confidentiality_notice_required');
    } finally {
      await t.db.query('UPDATE staff_users SET confidentiality_version = 1 WHERE id = $1', [handler.userId]);
    }
  });
});
