import { randomUUID } from 'node:crypto';
import { AuditRecorder } from '@kanava/audit';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** The auditor's API: filters, keyset pages, exports, verification and checkpoints; one organisation never sees another's. */
describe('auditor API', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let auditor: StaffSessionInfo;
  const caseA = randomUUID();
  const caseB = randomUUID();
  const someone = randomUUID();

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const audit = t.app.get(AuditRecorder);
    for (let i = 0; i < 25; i++) {
      await audit.record(t.db.manager, {
        organisationId: org.id,
        actor: { kind: 'staff', id: someone, role: 'handler' },
        action: i % 2 ? 'case.viewed' : 'case.message_added',
        caseId: i % 5 ? caseA : caseB,
        details: { i, note: i === 3 ? '=HYPERLINK("x")' : 'plain, with "quotes"' },
      });
    }
    auditor = await loginStaff(t, org.auditors[0]);
  });
  afterAll(() => t.close());

  it('filters by case, actor and action, and pages with a keyset cursor', async () => {
    const byCase = await t.http.get('/api/audit/events').query({ caseId: caseB }).set(auditor.headers).expect(200);
    expect(byCase.body.events.map((e: { details: { i: number } }) => e.details.i)).toEqual([0, 5, 10, 15, 20]);
    const byAction = await t.http.get('/api/audit/events').query({ caseId: caseA, action: 'case.viewed', actorId: someone }).set(auditor.headers).expect(200);
    expect(byAction.body.events.every((e: { action: string; caseId: string }) => e.action === 'case.viewed' && e.caseId === caseA)).toBe(true);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/api/audit/events')
        .query({ actorId: someone, limit: 10, ...(cursor ? { cursor } : {}) })
        .set(auditor.headers)
        .expect(200);
      seen.push(...res.body.events.map((e: { seq: string }) => e.seq));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('filters by time', async () => {
    const future = await t.http
      .get('/api/audit/events')
      .query({ from: new Date(Date.now() + 60_000).toISOString() })
      .set(auditor.headers)
      .expect(200);
    expect(future.body.events).toEqual([]);
    const past = await t.http
      .get('/api/audit/events')
      .query({ to: new Date(Date.now() + 60_000).toISOString(), actorId: someone })
      .set(auditor.headers)
      .expect(200);
    expect(past.body.events).toHaveLength(25);
  });

  it('exports CSV (spreadsheet-safe) and JSON Lines', async () => {
    const csv = await t.http.get('/api/audit/export').query({ format: 'csv', actorId: someone }).set(auditor.headers).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('seq,occurredAt,actorKind,actorId,actorRole,action,caseId,details,prevHash,hash');
    expect(lines).toHaveLength(26);
    expect(csv.text).not.toMatch(/,=HYPERLINK/);
    const jsonl = await t.http.get('/api/audit/export').query({ format: 'jsonl', caseId: caseB }).set(auditor.headers).expect(200);
    const rows = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.details.i)).toEqual([0, 5, 10, 15, 20]);
  });

  it('verifies the chain and signs checkpoints', async () => {
    const ok = await t.http.get('/api/audit/verify').set(auditor.headers).expect(200);
    expect(ok.body).toMatchObject({ ok: true, firstBadSeq: null });
    const range = await t.http.get('/api/audit/verify').query({ fromSeq: '3', toSeq: '9' }).set(auditor.headers).expect(200);
    expect(range.body).toMatchObject({ ok: true, checked: 7 });
    const cp = await t.http.post('/api/audit/checkpoints').set(auditor.headers).expect(201);
    expect(cp.body).toMatchObject({ organisationId: org.id, seq: ok.body.headSeq, hash: ok.body.headHash });
    const list = await t.http.get('/api/audit/checkpoints').set(auditor.headers).expect(200);
    expect(list.body.publicKey).toBe(cp.body.publicKey);
    expect(list.body.checkpoints[0]).toEqual(cp.body);
  });

  it('refuses bad filters with 400', async () => {
    for (const query of [{ caseId: 'nope' }, { action: 'DROP TABLE' }, { limit: 5000 }, { cursor: '-1' }, { from: 'yesterday' }]) {
      const res = await t.http.get('/api/audit/events').query(query).set(auditor.headers);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await t.http.get('/api/audit/export').query({ format: 'xml' }).set(auditor.headers)).status).toBe(400);
  });

  it("shows an organisation nothing of another's log", async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const otherAuditor = await loginStaff(t, other.auditors[0]);
    const res = await t.http.get('/api/audit/events').query({ actorId: someone }).set(otherAuditor.headers).expect(200);
    expect(res.body.events).toEqual([]);
    const staff = (await t.http.get('/api/audit/staff').set(otherAuditor.headers).expect(200)).body as { id: string }[];
    expect(staff.map((s) => s.id).sort()).toEqual([...other.handlers, ...other.admins, ...other.auditors].map((s) => s.id).sort());
  });

  it("names the organisation's staff, deactivated members too, without their e-mail addresses", async () => {
    await t.db.query('UPDATE staff_users SET active = false WHERE id = $1', [org.handlers[0].id]);
    const res = await t.http.get('/api/audit/staff').set(auditor.headers).expect(200);
    const byId = new Map((res.body as { id: string; displayName: string; roles: string[]; active: boolean }[]).map((s) => [s.id, s]));
    expect(byId.size).toBe(3);
    expect(byId.get(org.handlers[0].id)).toEqual({ id: org.handlers[0].id, displayName: org.handlers[0].displayName, roles: ['handler'], active: false });
    expect(byId.get(org.auditors[0].id)).toMatchObject({ displayName: org.auditors[0].displayName, roles: ['auditor'], active: true });
    expect(JSON.stringify(res.body)).not.toContain('@');
  });

  describe('by case reference', () => {
    let caseId: string;
    let reference: string;
    let otherReference: string;
    let own: TestOrganisation;
    let ownAuditor: StaffSessionInfo;

    beforeAll(async () => {
      own = await makeOrganisation(t, { handlers: 1, custodians: 0 });
      ownAuditor = await loginStaff(t, own.auditors[0]);
      caseId = (await submitReport(t, own, { title: 'Reference filter title', body: 'Reference filter body' })).body.caseId;
      [{ reference }] = (await t.db.query('SELECT reference FROM cases WHERE id = $1', [caseId])) as { reference: string }[];
      const handler = await loginStaff(t, own.handlers[0]);
      await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(200);
      const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
      const otherCase = (await submitReport(t, other, { title: 'T', body: 'B' })).body.caseId;
      [{ reference: otherReference }] = (await t.db.query('SELECT reference FROM cases WHERE id = $1', [otherCase])) as { reference: string }[];
    });

    it("lists the case's events by its reference as handlers write it, each with the reference, and no content", async () => {
      for (const typed of [reference, reference.toLowerCase().replace('-', ''), ` ${reference.replace('0', 'O')} `]) {
        const res = await t.http.get('/api/audit/events').query({ reference: typed }).set(ownAuditor.headers).expect(200);
        const events = res.body.events as { action: string; caseId: string; caseReference: string }[];
        expect({ typed, viewed: events.some((e) => e.action === 'case.viewed') }).toEqual({ typed, viewed: true });
        expect(events.every((e) => e.caseId === caseId && e.caseReference === reference)).toBe(true);
        expect(JSON.stringify(res.body)).not.toMatch(/Reference filter|ciphertext|sealed/);
      }
      // The id stays a filter of its own, and both together must name the same case.
      const byId = await t.http.get('/api/audit/events').query({ caseId }).set(ownAuditor.headers).expect(200);
      expect(byId.body.events.map((e: { seq: string }) => e.seq)).toEqual(
        (await t.http.get('/api/audit/events').query({ reference }).set(ownAuditor.headers).expect(200)).body.events.map((e: { seq: string }) => e.seq),
      );
      const both = await t.http.get('/api/audit/events').query({ reference, caseId: caseA }).set(ownAuditor.headers).expect(200);
      expect(both.body).toEqual({ events: [], nextCursor: null });
      // Events of other cases carry no reference when their case is not (or no longer) in the organisation.
      const unknown = await t.http.get('/api/audit/events').query({ caseId: caseB }).set(auditor.headers).expect(200);
      expect(unknown.body.events.every((e: { caseReference: string | null }) => e.caseReference === null)).toBe(true);
    });

    it('exports the events of a case by its reference', async () => {
      const jsonl = await t.http.get('/api/audit/export').query({ format: 'jsonl', reference }).set(ownAuditor.headers).expect(200);
      const rows = jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { caseId: string });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.caseId === caseId)).toBe(true);
    });

    it("finds nothing by another organisation's reference", async () => {
      const res = await t.http.get('/api/audit/events').query({ reference: otherReference }).set(ownAuditor.headers).expect(200);
      expect(res.body).toEqual({ events: [], nextCursor: null });
    });

    it('refuses a malformed reference with 400 invalid_reference', async () => {
      for (const bad of ['K7QU-4M2P', 'K7QX-4M2', 'K7QX-4M2P9', 'drop table', 'x'.repeat(300), '%00']) {
        for (const route of ['/api/audit/events', '/api/audit/export']) {
          const res = await t.http
            .get(route)
            .query({ reference: bad, ...(route.endsWith('export') ? { format: 'csv' } : {}) })
            .set(ownAuditor.headers);
          expect({ bad, route, status: res.status, error: res.body.error }).toEqual({ bad, route, status: 400, error: 'invalid_reference' });
        }
      }
    });
  });
});
