import { existsSync } from 'node:fs';
import path from 'node:path';
import { AttachmentStorage } from '@kanava/attachments';
import { AuditRecorder, AuditVerifier } from '@kanava/audit';
import { CasePurger, removeExpiredChallengesAndSessions } from '@kanava/retention';
import { startTestApp, TestApp } from './helpers/app';
import { encryptToBuffer, prepareAttachment, submitCase } from './helpers/attachments';
import { loginStaff, StaffSessionInfo } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

const DAY = 86_400_000;

/**
 * Retention and purge (R24–R26). A private database: these tests move the clock
 * years ahead and purge everything due, which must not touch other test files' cases.
 */
describe('retention, legal holds and the purge', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let org: TestOrganisation;
  let handler: StaffSessionInfo;
  let admin: StaffSessionInfo;
  let purger: CasePurger;

  beforeAll(async () => {
    db = await createPrivateDatabase('retention');
    t = await startTestApp({}, { databaseUrl: db.url });
    org = await makeOrganisation(t);
    handler = await loginStaff(t, org.handlers[0]);
    admin = await loginStaff(t, org.admins[0]);
    purger = new CasePurger(t.db, t.app.get(AttachmentStorage), t.app.get(AuditRecorder), t.clock);
  });
  // Each test starts from real time. (Staff sessions are not signed in again: going back in time would replay TOTP steps.)
  beforeEach(() => t.clock.reset());
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** A case with a small attachment, as a reporter makes it. */
  async function caseWithAttachment() {
    const { built, bearer, caseId } = await submitCase(t.http, org);
    const a = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: 1000 });
    await t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create).expect(201);
    await t.http
      .put(`/api/public/case/attachments/${a.attachmentId}/content`)
      .set('Authorization', bearer)
      .set('Content-Type', 'application/octet-stream')
      .send(await encryptToBuffer(a, Buffer.alloc(1000, 7)))
      .expect(204);
    return { caseId, bearer, dir: path.join(t.config.dataDir, 'attachments', 'cases', caseId) };
  }

  /** Rows anywhere in the database (except the audit log, chained or waiting in audit_pending) whose text mentions the id. */
  async function rowsMentioning(id: string): Promise<string[]> {
    const tables = (await t.db.query(
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
    )) as { table_schema: string; table_name: string }[];
    const found: string[] = [];
    for (const { table_schema, table_name } of tables) {
      if (table_schema === 'public' && ['audit_events', 'audit_pending'].includes(table_name)) continue;
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}" x WHERE x::text LIKE $1`, [`%${id}%`]);
      if (n > 0) found.push(`${table_schema}.${table_name}`);
    }
    return found;
  }

  const purgeEvents = async (caseId: string) =>
    (await t.db.query("SELECT actor_kind, details FROM audit_events WHERE case_id = $1 AND action = 'case.purged'", [caseId])) as {
      actor_kind: string;
      details: Record<string, unknown>;
    }[];

  it('deletes a case at exactly its retention date, not before, from every table and the attachment store', async () => {
    const { caseId, bearer, dir } = await caseWithAttachment();
    expect(existsSync(dir)).toBe(true);
    const retention = await t.http.get(`/api/staff/cases/${caseId}/retention`).set(handler.headers).expect(200);
    const [{ received_at }] = await t.db.query('SELECT received_at FROM cases WHERE id = $1', [caseId]);
    expect(retention.body).toMatchObject({ basis: 'retention', onHold: false, policy: { retentionDays: 1826, closedRetentionDays: null }, holds: [] });
    expect(Date.parse(retention.body.purgeAt)).toBe((received_at as Date).getTime() + 1826 * DAY);

    // received_at has microseconds; the purge date in the answer is rounded down to the millisecond.
    const [{ purge_at }] = await t.db.query(
      "SELECT to_char(purge_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS purge_at FROM cases WHERE id = $1",
      [caseId],
    );
    const exactMs = Math.ceil(Date.parse(`${(purge_at as string).slice(0, 23)}Z`) + Number((purge_at as string).slice(23)) / 1000);
    t.clock.freeze(new Date(exactMs - 1));
    expect((await purger.run()).purged).toBe(0);
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [caseId])).toHaveLength(1);

    t.clock.advance(1);
    const result = await purger.run();
    expect(result).toMatchObject({ purged: 1, objectPrefixesRemoved: 1 });
    expect(existsSync(dir)).toBe(false);
    expect(await rowsMentioning(caseId)).toEqual([]);
    expect(await purgeEvents(caseId)).toEqual([{ actor_kind: 'system', details: { basis: 'retention' } }]);
    expect((await t.app.get(AuditVerifier).verify(org.id)).ok).toBe(true);

    t.clock.reset();
    await t.http.get(`/api/staff/cases/${caseId}`).set(handler.headers).expect(404);
    await t.http.get(`/api/staff/cases/${caseId}/retention`).set(handler.headers).expect(404);
    await t.http.get('/api/public/case').set('Authorization', bearer).expect(401);
    const inbox = await t.http.get('/api/staff/cases').set(handler.headers).expect(200);
    expect(inbox.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });

  it('keeps a case under a legal hold past its date, and deletes it once the hold is released with confirmation', async () => {
    const { caseId, dir } = await caseWithAttachment();
    const reviewAt = new Date(t.clock.nowMs() + 3000 * DAY).toISOString();
    const bad = await t.http
      .post(`/api/staff/cases/${caseId}/legal-holds`)
      .set(handler.headers)
      .send({ reasonCode: 'litigation', justification: 'Case 123/2026', reviewAt: new Date(t.clock.nowMs() - DAY).toISOString() })
      .expect(400);
    expect(bad.body.error).toBe('invalid_review_date');
    const longReview = new Date(t.clock.nowMs() + 1800 * DAY).toISOString();
    const hold = await t.http
      .post(`/api/staff/cases/${caseId}/legal-holds`)
      .set(handler.headers)
      .send({ reasonCode: 'litigation', justification: 'District court 123/2026', reviewAt: longReview })
      .expect(201);
    expect(reviewAt > longReview).toBe(true);

    t.clock.advance(1830 * DAY);
    expect((await purger.run()).purged).toBe(0);
    const kept = await t.http.get(`/api/staff/cases/${caseId}/retention`).set(handler.headers).expect(200);
    expect(kept.body).toMatchObject({ onHold: true, postponedByHold: true });
    expect(kept.body.holds).toEqual([
      expect.objectContaining({ id: hold.body.id, reasonCode: 'litigation', justification: 'District court 123/2026', reviewDue: true, releasedAt: null }),
    ]);

    // Releasing the last hold of a case past its date deletes it at the next purge: not without confirmation.
    const release = `/api/staff/cases/${caseId}/legal-holds/${hold.body.id}/release`;
    const unconfirmed = await t.http.post(release).set(handler.headers).send({}).expect(409);
    expect(unconfirmed.body.error).toBe('confirmation_required');
    expect(await t.db.query('SELECT 1 FROM legal_holds WHERE id = $1 AND released_at IS NULL', [hold.body.id])).toHaveLength(1);
    await t.http.post(release).set(handler.headers).send({ confirm: true }).expect(204);
    expect((await t.http.post(release).set(handler.headers).send({ confirm: true }).expect(409)).body.error).toBe('legal_hold_released');

    expect((await purger.run()).purged).toBe(1);
    expect(existsSync(dir)).toBe(false);
    expect(await rowsMentioning(caseId)).toEqual([]);
    const actions = (await t.db.query('SELECT action, details FROM audit_events WHERE case_id = $1 ORDER BY seq', [caseId])) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['case.legal_hold_placed', 'case.legal_hold_released', 'case.purged']));
  });

  it('deletes closed cases sooner when the channel says so, and reopening restores the full period', async () => {
    const { caseId } = await submitCase(t.http, org);
    const put = (body: object) => t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send(body);
    for (const bad of [
      { retentionDays: 0, closedRetentionDays: null },
      { retentionDays: 1827, closedRetentionDays: null },
      { retentionDays: 100 },
      { retentionDays: 100, closedRetentionDays: 'x' },
    ])
      expect((await put(bad)).status).toBe(400);
    expect((await put({ retentionDays: 1826, closedRetentionDays: 30 }).expect(200)).body).toEqual({ casesDueNow: 0 });
    const channels = await t.http.get('/api/admin/channels').set(admin.headers).expect(200);
    expect(channels.body.find((c: { id: string }) => c.id === org.channelId)).toMatchObject({ retentionDays: 1826, closedRetentionDays: 30 });

    const move = (status: string, extra: object = {}) =>
      t.http
        .post(`/api/staff/cases/${caseId}/status`)
        .set(handler.headers)
        .send({ status, ...extra });
    await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(handler.headers).expect(200);
    await move('triaged', { triage: { priority: 'low', relevance: 'out_of_scope', retaliationRisk: 'low' } }).expect(200);
    await move('concluded', { conclusion: { outcome: 'not_substantiated' } }).expect(200);
    await move('closed', { closure: { feedbackGiven: true, reporterAtRisk: false } }).expect(200);
    const [closed] = await t.db.query('SELECT closed_at, purge_at, purge_basis FROM cases WHERE id = $1', [caseId]);
    expect(closed.purge_basis).toBe('closed');
    expect((closed.purge_at as Date).getTime()).toBe((closed.closed_at as Date).getTime() + 30 * DAY);

    await move('investigating').expect(200);
    const [reopened] = await t.db.query('SELECT received_at, purge_at, purge_basis FROM cases WHERE id = $1', [caseId]);
    expect(reopened.purge_basis).toBe('retention');
    expect((reopened.purge_at as Date).getTime()).toBe((reopened.received_at as Date).getTime() + 1826 * DAY);
  });

  it('asks for confirmation before a shorter retention makes cases due at once', async () => {
    const { caseId } = await submitCase(t.http, org);
    t.clock.advance(3 * DAY);
    const put = (body: object) => t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send(body);
    const refused = await put({ retentionDays: 2, closedRetentionDays: null }).expect(409);
    expect(refused.body).toMatchObject({ error: 'confirmation_required' });
    expect(refused.body.message).toMatch(/would be deleted at the next purge/);
    // The count as a field too, so a client can say it in its own language: this case and those of earlier tests.
    expect(refused.body.casesDueNow).toBeGreaterThanOrEqual(1);
    expect(refused.body.message).toContain(`With this policy ${refused.body.casesDueNow} case(s)`);
    const [{ retention_days }] = await t.db.query('SELECT retention_days FROM channels WHERE id = $1', [org.channelId]);
    expect(retention_days).toBe(1826);
    expect((await put({ retentionDays: 2, closedRetentionDays: null, confirm: true }).expect(200)).body.casesDueNow).toBeGreaterThanOrEqual(1);
    const [changed] = await t.db.query("SELECT actor_id, details FROM audit_events WHERE action = 'channel.retention_changed' ORDER BY seq DESC LIMIT 1");
    expect(changed).toEqual({
      actor_id: org.admins[0].id,
      details: { channelId: org.channelId, retentionDays: 2, closedRetentionDays: null, casesDueNow: expect.any(Number) },
    });

    // Lengthening makes nothing due: the count is 0, never negative; then back to 2 days for the purge below.
    expect((await put({ retentionDays: 1826, closedRetentionDays: null }).expect(200)).body).toEqual({ casesDueNow: 0 });
    await put({ retentionDays: 2, closedRetentionDays: null, confirm: true }).expect(200);

    const upcoming = await t.http.get('/api/admin/retention/upcoming').query({ limit: 1 }).set(admin.headers).expect(200);
    expect(upcoming.body.cases[0]).toEqual(expect.objectContaining({ basis: 'retention', onHold: false }));
    expect(Object.keys(upcoming.body.cases[0]).sort()).toEqual(['basis', 'caseId', 'channelName', 'onHold', 'purgeAt', 'reference']);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { cases: { caseId: string }[]; nextCursor: string | null } } = await t.http
        .get('/api/admin/retention/upcoming')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(admin.headers)
        .expect(200);
      all.push(...page.body.cases.map((c) => c.caseId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toContain(caseId);
    expect(new Set(all).size).toBe(all.length);
    expect((await t.http.get('/api/admin/retention/upcoming').query({ cursor: 'nope' }).set(admin.headers).expect(400)).body.error).toBe('invalid_cursor');

    expect((await purger.run()).purged).toBeGreaterThanOrEqual(1);
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [caseId])).toEqual([]);
    await put({ retentionDays: 1826, closedRetentionDays: null }).expect(200);
  });

  it('deletes each case exactly once when several purges run at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await submitCase(t.http, org)).caseId);
    t.clock.advance(1827 * DAY);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => new CasePurger(t.db, t.app.get(AttachmentStorage), t.app.get(AuditRecorder), t.clock).run({ batchSize: 5 })),
    );
    expect(results.reduce((n, r) => n + r.purged, 0)).toBeGreaterThanOrEqual(24);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE id = ANY($1)', [ids]);
    expect(n).toBe(0);
    const events = (await t.db.query("SELECT case_id, count(*)::int AS n FROM audit_events WHERE action = 'case.purged' AND case_id = ANY($1) GROUP BY 1", [
      ids,
    ])) as { n: number }[];
    expect(events).toHaveLength(24);
    expect(events.every((e) => e.n === 1)).toBe(true);
    expect((await t.app.get(AuditVerifier).verify(org.id)).ok).toBe(true);
  });

  // Last: it ends the staff sessions the other tests use.
  it('sweeps expired challenges and sessions, and nothing live', async () => {
    const { body } = await t.http.post('/api/public/challenges').expect(201);
    const count = async () => (await t.db.query('SELECT (SELECT count(*) FROM challenges)::int AS c, (SELECT count(*) FROM staff_sessions)::int AS s'))[0];
    const before = await count();
    expect(before.c).toBeGreaterThanOrEqual(1);
    expect(before.s).toBeGreaterThanOrEqual(2);
    expect(await removeExpiredChallengesAndSessions(t.db, t.clock)).toBe(0);
    t.clock.advance(13 * 3_600_000);
    expect(await removeExpiredChallengesAndSessions(t.db, t.clock)).toBe(before.c + before.s);
    expect(await count()).toEqual({ c: 0, s: 0 });
    expect(await t.db.query('SELECT 1 FROM challenges WHERE id = $1', [body.id])).toEqual([]);
  });
});
