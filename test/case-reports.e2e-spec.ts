import { randomUUID } from 'node:crypto';
import { fromB64, openBoxGrant, openItem, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

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
  const events = async () => ((await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.report_fetched'")) as { n: number }[])[0].n;

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
    const logged = (await t.db.query("SELECT case_id, actor_id FROM audit_events WHERE action = 'case.report_fetched' ORDER BY seq DESC LIMIT 3")) as {
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
