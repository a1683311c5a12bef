import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainer, AuditCheckpoints, AuditRecorder, AuditVerifier } from '@kanava/audit';
import { createDataSource } from '@kanava/database';
import { startTestApp, TestApp } from './helpers/app';

/** The chain itself: concurrent appends, tamper detection, append-only storage, retention, checkpoints. */
describe('audit chain', () => {
  let t: TestApp;
  let recorder: AuditRecorder;
  let chainer: AuditChainer;
  let verifier: AuditVerifier;
  let checkpoints: AuditCheckpoints;

  beforeAll(async () => {
    t = await startTestApp();
    recorder = t.app.get(AuditRecorder);
    chainer = t.app.get(AuditChainer);
    verifier = t.app.get(AuditVerifier);
    checkpoints = t.app.get(AuditCheckpoints);
  });
  afterAll(() => t.close());

  async function fill(organisationId: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await recorder.record(t.db.manager, { organisationId, actor: { kind: 'system' }, action: 'test.event', details: { i } });
    }
  }

  /** Runs SQL as the database superuser with triggers off: what an operator with database access could do. */
  async function asSuperuser(sql: string, params: unknown[] = []): Promise<void> {
    const client = new Client({ connectionString: process.env.KANAVA_TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  it('stays one chain, without forks or gaps, under appends from many parallel connections', async () => {
    const org = randomUUID();
    const writers = 16;
    const each = 25;
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        (async () => {
          for (let i = 0; i < each; i++) {
            await t.db.transaction((em) => recorder.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'test.event', details: { w, i } }));
          }
        })(),
      ),
    );
    const result = await verifier.verify(org);
    expect(result).toMatchObject({ ok: true, checked: writers * each, headSeq: String(writers * each), firstBadSeq: null });
    const [{ n, max }] = await t.db.query('SELECT count(DISTINCT seq)::int AS n, max(seq)::int AS max FROM audit_events WHERE organisation_id = $1', [org]);
    expect({ n, max }).toEqual({ n: writers * each, max: writers * each });
  });

  it('an event rolls back with the action it belongs to', async () => {
    const org = randomUUID();
    await expect(
      t.db.transaction(async (em) => {
        await recorder.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'test.event' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    const [{ n, pending }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM audit_events WHERE organisation_id = $1) AS n,
              (SELECT count(*)::int FROM audit_pending WHERE organisation_id = $1) AS pending`,
      [org],
    );
    expect({ n, pending }).toEqual({ n: 0, pending: 0 });
  });

  it('an event is in the chain, in recording order, when the transaction that recorded it returns', async () => {
    const org = randomUUID();
    await t.db.transaction(async (em) => {
      await recorder.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'test.first' });
      // A savepoint's release is not the commit: nothing may be chained before the end.
      await em.transaction(async (inner) => recorder.record(inner, { organisationId: org, actor: { kind: 'system' }, action: 'test.second' }));
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE organisation_id = $1', [org]);
      expect(n).toBe(0);
      await recorder.recordMany(em, [
        { organisationId: org, actor: { kind: 'system' }, action: 'test.third' },
        { organisationId: org, actor: { kind: 'staff', id: randomUUID(), role: 'handler' }, action: 'test.fourth', details: { k: 1 } },
      ]);
    });
    const events = await t.db.query('SELECT seq::int AS seq, action FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org]);
    expect(events).toEqual(['test.first', 'test.second', 'test.third', 'test.fourth'].map((action, i) => ({ seq: i + 1, action })));
    const [{ pending }] = await t.db.query('SELECT count(*)::int AS pending FROM audit_pending WHERE organisation_id = $1', [org]);
    expect(pending).toBe(0);
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 4 });
  });

  it('chains events that a crash left pending after their commit, after the events chained before them', async () => {
    const org = randomUUID();
    await fill(org, 2);
    // What a process that died between its commit and the chaining leaves behind.
    await t.db.query(
      `INSERT INTO audit_pending (organisation_id, occurred_at, actor_kind, action, details)
       VALUES ($1, now(), 'system', 'test.left', '{"n": 1}'), ($1, now(), 'system', 'test.left', '{"n": 2}')`,
      [org],
    );
    await chainer.chainLeftovers();
    const events = await t.db.query('SELECT seq::int AS seq, details FROM audit_events WHERE organisation_id = $1 AND action = $2 ORDER BY seq', [
      org,
      'test.left',
    ]);
    expect(events).toEqual([
      { seq: 3, details: { n: 1 } },
      { seq: 4, details: { n: 2 } },
    ]);
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 4 });
    const [{ pending }] = await t.db.query('SELECT count(*)::int AS pending FROM audit_pending WHERE organisation_id = $1', [org]);
    expect(pending).toBe(0);
  });

  it("chains an action's own events by key and leaves other pending events to their owner or the sweep", async () => {
    const org = randomUUID();
    // Another action's committed event that its process has yet to chain.
    await t.db.query(`INSERT INTO audit_pending (organisation_id, occurred_at, actor_kind, action, details) VALUES ($1, now(), 'system', 'test.other', '{}')`, [
      org,
    ]);
    await t.db.transaction((em) => recorder.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'test.own' }));
    const chained = await t.db.query('SELECT action FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org]);
    const pending = await t.db.query('SELECT action FROM audit_pending WHERE organisation_id = $1', [org]);
    expect({ chained, pending }).toEqual({ chained: [{ action: 'test.own' }], pending: [{ action: 'test.other' }] });

    // A single-statement action (recordingCte) likewise.
    const entry = { organisationId: org, actor: { kind: 'system' as const }, action: 'test.statement' };
    const recorded = recorder.recordingCte(entry, 1);
    const [{ id }] = (await t.db.query(`WITH ${recorded.cte} SELECT ${recorded.id} AS id`, recorded.parameters)) as { id: string }[];
    await recorder.committed(entry, id);
    expect(await t.db.query('SELECT action FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org])).toEqual([
      { action: 'test.own' },
      { action: 'test.statement' },
    ]);

    await chainer.chainLeftovers();
    expect(await t.db.query('SELECT count(*)::int AS n FROM audit_pending WHERE organisation_id = $1', [org])).toEqual([{ n: 0 }]);
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 3 });
  });

  it('the periodic sweep takes only events pending longer than its age, leaving younger ones to their own process', async () => {
    const org = randomUUID();
    await t.db.query(
      `INSERT INTO audit_pending (organisation_id, occurred_at, actor_kind, action, details)
       VALUES ($1, now() - interval '10 seconds', 'system', 'test.left', '{}'), ($1, now(), 'system', 'test.in_flight', '{}')`,
      [org],
    );
    await chainer.chainLeftovers(5_000);
    const chained = await t.db.query('SELECT action FROM audit_events WHERE organisation_id = $1', [org]);
    const pending = await t.db.query('SELECT action FROM audit_pending WHERE organisation_id = $1', [org]);
    expect({ chained, pending }).toEqual({ chained: [{ action: 'test.left' }], pending: [{ action: 'test.in_flight' }] });
    await chainer.chainLeftovers();
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 2 });
  });

  it("dates a reporter's event to its period, never exactly, and chains it only after the period, behind the staff events of that period", async () => {
    const org = randomUUID();
    const hour = 3_600_000;
    expect(chainer.reporterTimeMinutes).toBe(60);
    t.clock.freeze(new Date('2026-02-03T14:37:12.345Z'));
    try {
      const reporter = { organisationId: org, actor: { kind: 'reporter' as const }, action: 'test.reporter', details: { n: 1 } };
      await t.db.transaction((em) => recorder.record(em, reporter));
      const statement = recorder.recordingCte({ ...reporter, details: { n: 2 } }, 1);
      const [{ id }] = (await t.db.query(`WITH ${statement.cte} SELECT ${statement.id} AS id`, statement.parameters)) as { id: string }[];
      await recorder.committed({ ...reporter, details: { n: 2 } }, id);
      await t.db.transaction((em) =>
        recorder.record(em, { organisationId: org, actor: { kind: 'staff', id: randomUUID(), role: 'handler' }, action: 'test.staff' }),
      );

      // Pending, dated to 14:00: the exact time was never written, and the staff event went ahead.
      const pending = await t.db.query('SELECT occurred_at, details FROM audit_pending WHERE organisation_id = $1 ORDER BY id', [org]);
      expect(pending).toEqual([
        { occurred_at: new Date('2026-02-03T14:00:00.000Z'), details: { n: 1, timeRoundedToMinutes: 60 } },
        { occurred_at: new Date('2026-02-03T14:00:00.000Z'), details: { n: 2, timeRoundedToMinutes: 60 } },
      ]);
      const chained = () => t.db.query('SELECT seq::int AS seq, action, occurred_at FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org]);
      expect((await chained()).map((e: { action: string }) => e.action)).toEqual(['test.staff']);
      // The sweep leaves them while their period lasts, up to its last millisecond.
      await chainer.chainLeftovers();
      t.clock.freeze(new Date(Date.parse('2026-02-03T14:00:00.000Z') + hour - 1));
      await chainer.chainLeftovers();
      expect(await chained()).toHaveLength(1);

      // At 15:00 the period is over: both enter the chain, after every staff event so far, still dated 14:00.
      t.clock.advance(1);
      await chainer.chainLeftovers();
      const events = await chained();
      expect(events.map((e: { action: string }) => e.action)).toEqual(['test.staff', 'test.reporter', 'test.reporter']);
      expect(events.slice(1).map((e: { occurred_at: Date }) => e.occurred_at.toISOString())).toEqual(['2026-02-03T14:00:00.000Z', '2026-02-03T14:00:00.000Z']);
      expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 3 });
    } finally {
      t.clock.reset();
    }
  });

  it("prunes through an event with an exact time only, so a reporter's coarse date never takes younger staff events with it", async () => {
    const org = randomUUID();
    // Chained in this order: a staff event at 14:10, one at 14:50, then the reporter's event of 14:00–15:00.
    await t.db.query(
      `INSERT INTO audit_pending (organisation_id, occurred_at, actor_kind, action, details) VALUES
         ($1, '2020-01-01T14:10:00Z', 'system', 'test.a', '{}'), ($1, '2020-01-01T14:50:00Z', 'system', 'test.b', '{}'),
         ($1, '2020-01-01T14:00:00Z', 'reporter', 'test.r', '{"timeRoundedToMinutes": 60}')`,
      [org],
    );
    await chainer.chainLeftovers();
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 3 });
    // Older than 14:30: only the first event is sure to be; the reporter's may be as late as 14:59.
    expect(await checkpoints.prune(org, new Date('2020-01-01T14:30:00Z'))).toEqual({ removed: 1, prunedThrough: '1' });
    expect(
      (await t.db.query('SELECT action FROM audit_events WHERE organisation_id = $1 ORDER BY seq', [org])).map((e: { action: string }) => e.action),
    ).toEqual(['test.b', 'test.r']);
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 2 });
  });

  it('stays one chain when two processes record and chain the same organisation at once', async () => {
    // A second recorder and chainer on their own connection pool: what a second API instance or a worker is.
    const otherDb = await createDataSource(process.env.KANAVA_TEST_DATABASE_URL!).initialize();
    try {
      const other = new AuditRecorder(otherDb, new AuditChainer(otherDb, t.config));
      const org = randomUUID();
      const each = 60;
      const writer = (service: AuditRecorder, db: DataSource, name: string) =>
        Promise.all(
          Array.from({ length: 4 }, async (_, w) => {
            for (let i = 0; i < each / 4; i++) {
              await db.transaction((em) =>
                service.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'test.event', details: { name, w, i } }),
              );
            }
          }),
        );
      await Promise.all([writer(recorder, t.db, 'a'), writer(other, otherDb, 'b')]);
      expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 2 * each, headSeq: String(2 * each) });
      const [{ n, pending }] = await t.db.query(
        `SELECT (SELECT count(DISTINCT details)::int FROM audit_events WHERE organisation_id = $1) AS n,
                (SELECT count(*)::int FROM audit_pending WHERE organisation_id = $1) AS pending`,
        [org],
      );
      expect({ n, pending }).toEqual({ n: 2 * each, pending: 0 });
    } finally {
      await otherDb.destroy();
    }
  });

  it('chains more events than one chaining transaction takes, all of them, in order', async () => {
    const org = randomUUID();
    const entries = Array.from({ length: 1234 }, (_, i) => ({ organisationId: org, actor: { kind: 'system' as const }, action: 'test.bulk', details: { i } }));
    await t.db.transaction((em) => recorder.recordMany(em, entries));
    const rows = await t.db.query("SELECT (details->>'i')::int AS i FROM audit_events WHERE organisation_id = $1 ORDER BY seq", [org]);
    expect(rows.map((r: { i: number }) => r.i)).toEqual(entries.map((_, i) => i));
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 1234 });
  });

  it.each([
    [
      'editing an event',
      (org: string) => asSuperuser(`UPDATE audit_events SET details = '{"i": 99}' WHERE organisation_id = $1 AND seq = 4`, [org]),
      '4',
      'hash_mismatch',
    ],
    [
      'editing an event and its hash',
      (org: string) => asSuperuser(`UPDATE audit_events SET action = 'x.y', hash = '\\x00' WHERE organisation_id = $1 AND seq = 4`, [org]),
      '4',
      'hash_mismatch',
    ],
    ['deleting an event', (org: string) => asSuperuser('DELETE FROM audit_events WHERE organisation_id = $1 AND seq = 6', [org]), '6', 'gap'],
    [
      'reordering two events',
      async (org: string) => {
        await asSuperuser('UPDATE audit_events SET seq = -3 WHERE organisation_id = $1 AND seq = 3', [org]);
        await asSuperuser('UPDATE audit_events SET seq = 3 WHERE organisation_id = $1 AND seq = 5', [org]);
        await asSuperuser('UPDATE audit_events SET seq = 5 WHERE organisation_id = $1 AND seq = -3', [org]);
      },
      '3',
      'broken_link',
    ],
    ['deleting the newest events', (org: string) => asSuperuser('DELETE FROM audit_events WHERE organisation_id = $1 AND seq >= 9', [org]), '9', 'gap'],
    [
      'deleting the newest event and rewriting the one before it',
      (org: string) =>
        asSuperuser(
          `DELETE FROM audit_events WHERE organisation_id = $1 AND seq = 10; UPDATE audit_events SET details = '{}' WHERE organisation_id = '${org}' AND seq = 9`.replace(
            '$1',
            `'${org}'`,
          ),
        ),
      '9',
      'hash_mismatch',
    ],
  ])('detects %s and names the first bad sequence number', async (_label, tamper, seq, reason) => {
    const org = randomUUID();
    await fill(org, 10);
    expect((await verifier.verify(org)).ok).toBe(true);
    await tamper(org);
    const result = await verifier.verify(org);
    expect({ ok: result.ok, firstBadSeq: result.firstBadSeq, reason: result.reason }).toEqual({ ok: false, firstBadSeq: seq, reason });
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the application', async () => {
    const org = randomUUID();
    await fill(org, 2);
    await expect(t.db.query("UPDATE audit_events SET action = 'x' WHERE organisation_id = $1", [org])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_events WHERE organisation_id = $1', [org])).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect((await verifier.verify(org)).checked).toBe(2);
  });

  it('verifies a range', async () => {
    const org = randomUUID();
    await fill(org, 10);
    expect(await verifier.verify(org, { fromSeq: 4n, toSeq: 7n })).toMatchObject({ ok: true, checked: 4 });
    await asSuperuser(`UPDATE audit_events SET details = '{}' WHERE organisation_id = $1 AND seq = 8`, [org]);
    expect((await verifier.verify(org, { fromSeq: 4n, toSeq: 7n })).ok).toBe(true);
    expect(await verifier.verify(org, { fromSeq: 4n })).toMatchObject({ ok: false, firstBadSeq: '8' });
  });

  it('retention removes a whole prefix and the rest still verifies, as do checkpoints from before', async () => {
    const org = randomUUID();
    await fill(org, 5);
    const early = await checkpoints.checkpoint(org);
    await new Promise((r) => setTimeout(r, 20));
    const cut = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await fill(org, 5);
    const pruned = await checkpoints.prune(org, cut);
    expect(pruned).toEqual({ removed: 5, prunedThrough: '5' });
    await fill(org, 2);
    expect(await verifier.verify(org)).toMatchObject({ ok: true, checked: 7, headSeq: '12' });
    const check = {
      organisationId: org,
      seq: BigInt(early.seq),
      hash: early.hash,
      signedAt: early.signedAt,
      signature: early.signature,
      publicKey: early.publicKey,
    };
    expect(await checkpoints.checkCheckpoint(check)).toBe(true);
  });

  it('signs checkpoints that later prove whether the log was rewritten before them', async () => {
    const org = randomUUID();
    await fill(org, 6);
    const cp = await checkpoints.checkpoint(org);
    const check = { organisationId: org, seq: BigInt(cp.seq), hash: cp.hash, signedAt: cp.signedAt, signature: cp.signature, publicKey: cp.publicKey };
    expect(await checkpoints.checkCheckpoint(check)).toBe(true);
    expect(await checkpoints.checkCheckpoint({ ...check, signedAt: new Date(cp.signedAt.getTime() + 1) })).toBe(false);
    // Rewriting the whole chain consistently (new hashes everywhere) still contradicts the checkpoint.
    await asSuperuser(`UPDATE audit_events SET hash = '\\x01' WHERE organisation_id = $1 AND seq = 6`, [org]);
    expect(await checkpoints.checkCheckpoint(check)).toBe(false);
  });

  it("the worker's job signs a checkpoint for each organisation whose chain moved, once", async () => {
    const org = randomUUID();
    await fill(org, 3);
    await checkpoints.checkpointAndPrune(0);
    const count = async () => (await t.db.query('SELECT count(*)::int AS n, max(seq)::int AS seq FROM audit_checkpoints WHERE organisation_id = $1', [org]))[0];
    expect(await count()).toEqual({ n: 1, seq: 3 });
    await checkpoints.checkpointAndPrune(0);
    expect(await count()).toEqual({ n: 1, seq: 3 }); // nothing moved, nothing signed
    await fill(org, 1);
    await checkpoints.checkpointAndPrune(0);
    expect(await count()).toEqual({ n: 2, seq: 4 });
  });
});
