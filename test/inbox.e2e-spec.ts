import { randomUUID } from 'node:crypto';
import { encryptItem, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

interface Listed {
  id: string;
  reference: string;
  status: string;
  unread: boolean;
}

/** The inbox for a working day (issue 22): the unread marker per handler, counts per status, the reference filter. */
describe('inbox: unread, counts and references', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let a: StaffSessionInfo;
  let b: StaffSessionInfo;
  const reports: BuiltSubmission[] = [];
  const reference = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    for (let i = 0; i < 3; i++) reports.push(await submitReport(t, org, { title: `Inbox title ${i}`, body: `Inbox body ${i}` }));
    const rows = (await t.db.query('SELECT id, reference FROM cases WHERE organisation_id = $1', [org.id])) as { id: string; reference: string }[];
    for (const r of rows) reference.set(r.id, r.reference);
    a = await loginStaff(t, org.handlers[0]);
    b = await loginStaff(t, org.handlers[1]);
  });
  afterAll(() => t.close());

  const list = async (who: StaffSessionInfo, q: Record<string, string> = {}) =>
    (await t.http.get('/api/staff/cases').query(q).set(who.headers).expect(200)).body.cases as Listed[];
  const unreadOf = async (who: StaffSessionInfo) => new Map((await list(who)).map((c) => [c.id, c.unread]));
  const counts = async (who: StaffSessionInfo) => (await t.http.get('/api/staff/cases/counts').set(who.headers).expect(200)).body;
  const caseId = (i: number) => reports[i].body.caseId;
  const reporterWrites = async (i: number) => {
    const r = reports[i];
    await t.http
      .post('/api/public/case/messages')
      .set('Authorization', `Bearer ${toB64(r.reporter.lookupToken)}`)
      .send(
        encryptItem({
          caseId: r.body.caseId,
          kind: 'message-reporter',
          itemId: randomUUID(),
          key: r.sharedKey,
          value: { text: 'one more thing' },
          signSecretKey: r.reporter.sign.secretKey,
        }),
      )
      .expect(201);
  };

  it('marks a case unread for each handler until they open it, and again when the reporter writes after that', async () => {
    expect([...(await unreadOf(a)).values()]).toEqual([true, true, true]);
    await t.http
      .get(`/api/staff/cases/${caseId(0)}`)
      .set(a.headers)
      .expect(200);
    expect((await unreadOf(a)).get(caseId(0))).toBe(false);
    // Per handler: B has not opened it.
    expect((await unreadOf(b)).get(caseId(0))).toBe(true);
    expect(await t.db.query('SELECT user_id FROM case_reads WHERE case_id = $1', [caseId(0)])).toEqual([{ user_id: org.handlers[0].id }]);

    t.clock.advance(1000);
    await reporterWrites(0);
    expect((await unreadOf(a)).get(caseId(0))).toBe(true);
    expect((await list(a, { unread: 'only' })).map((c) => c.id)).toContain(caseId(0));

    t.clock.advance(1000);
    await t.http
      .get(`/api/staff/cases/${caseId(0)}`)
      .set(a.headers)
      .expect(200);
    expect((await unreadOf(a)).get(caseId(0))).toBe(false);
    expect((await list(a, { unread: 'only' })).map((c) => c.id)).not.toContain(caseId(0));
    // Opened only to re-seal its keys (a bulk assignment): logged, but still unread.
    await t.http
      .get(`/api/staff/cases/${caseId(1)}`)
      .query({ unread: 'keep' })
      .set(a.headers)
      .expect(200);
    expect((await unreadOf(a)).get(caseId(1))).toBe(true);
    expect(
      (
        await t.http
          .get(`/api/staff/cases/${caseId(1)}`)
          .query({ unread: 'no' })
          .set(a.headers)
      ).status,
    ).toBe(400);
    // Fetching titles for the inbox is not opening the case.
    await t.http
      .post('/api/staff/cases/reports')
      .send({ caseIds: [caseId(1)] })
      .set(a.headers)
      .expect(200);
    expect((await unreadOf(a)).get(caseId(1))).toBe(true);
  });

  it('counts the cases per status, with the unread ones, for the handler asking', async () => {
    await t.db.query("UPDATE cases SET status = 'triaged' WHERE id = $1", [caseId(2)]);
    const mine = await counts(a);
    expect(mine).toEqual({
      statuses: {
        received: { total: 2, unread: 1 },
        triaged: { total: 1, unread: 1 },
        investigating: { total: 0, unread: 0 },
        concluded: { total: 0, unread: 0 },
        closed: { total: 0, unread: 0 },
      },
      total: 3,
      unread: 2,
    });
    expect((await counts(b)).unread).toBe(3);
    // A handler of another organisation counts none of these.
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    expect((await counts(await loginStaff(t, other.handlers[0]))).total).toBe(0);
  });

  it('filters by the start of the reference, as handlers type it', async () => {
    const ref = reference.get(caseId(1))!;
    expect((await list(a, { reference: ref })).map((c) => c.id)).toEqual([caseId(1)]);
    expect((await list(a, { reference: ref.replace('-', '').toLowerCase() })).map((c) => c.id)).toEqual([caseId(1)]);
    const prefix = ref.slice(0, 2);
    const expected = [...reference].filter(([, r]) => r.startsWith(prefix)).map(([id]) => id);
    expect(
      (await list(a, { reference: prefix }))
        .map((c) => c.id)
        .sort()
        .join(),
    ).toBe(expected.sort().join());
    // A reference none of the cases has (only symbols that differ from each case's first).
    const unused = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.split('').find((s) => ![...reference.values()].some((r) => r.startsWith(s)))!;
    expect(await list(a, { reference: unused })).toEqual([]);
  });

  it('refuses a malformed reference or unread filter with 400 and changes nothing', async () => {
    // Only this handler's rows: other test files open cases in the same database meanwhile.
    const reads = () => t.db.query('SELECT case_id, user_id, read_at FROM case_reads WHERE user_id = $1 ORDER BY case_id', [a.userId]);
    const before = await reads();
    for (const q of [
      { reference: 'K7QU' },
      { reference: '%' },
      { reference: 'K7QX-4M2P9' },
      { reference: '_' },
      { reference: 'x'.repeat(100) },
      { unread: 'yes' },
    ]) {
      const res = await t.http.get('/api/staff/cases').query(q).set(a.headers);
      expect({ q, status: res.status, error: res.body.error }).toEqual({ q, status: 400, error: 'reference' in q ? 'invalid_reference' : 'invalid_request' });
    }
    expect(await reads()).toEqual(before);
  });

  it('describes the counts and the new filters in the OpenAPI description', async () => {
    const docs = (await t.http.get('/api/docs').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(docs.paths['/api/staff/cases/counts']?.get).toBeDefined();
    const params = docs.paths['/api/staff/cases'].get!.parameters!.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['reference', 'unread']));
    expect(docs.paths['/api/audit/events'].get!.parameters!.map((p) => p.name)).toContain('reference');
  });
});
