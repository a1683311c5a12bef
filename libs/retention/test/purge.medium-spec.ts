/**
 * The retention purge (R24–R26) against a real database: which cases go, that they go
 * whole, what stays on record, and how a run is bounded. The HTTP journeys are in
 * test/retention.e2e-spec.ts; these rules need no server.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalAttachmentStorage } from '@kanava/attachments';
import { AuditChainer, AuditRecorder } from '@kanava/audit';
import { CasePurger } from '@kanava/retention';
import {
  insertCase,
  insertGrant,
  insertHold,
  insertItem,
  MediumBench,
  openMediumBench,
  seedChannel,
  seedHandler,
  SeededChannel,
} from '../../../test/helpers/medium';

const YEAR_MS = 365.25 * 86_400_000;

describe('CasePurger (medium)', () => {
  let bench: MediumBench;
  let channel: SeededChannel;
  let handlerId: string;
  let purger: CasePurger;

  beforeAll(async () => {
    bench = await openMediumBench('medium_purge');
    channel = await seedChannel(bench);
    handlerId = await seedHandler(bench, channel, 'purge-handler@medium.kanava.test');
    const storage = new LocalAttachmentStorage(mkdtempSync(path.join(os.tmpdir(), 'kanava-medium-store-')));
    purger = new CasePurger(bench.db, storage, new AuditRecorder(bench.db, new AuditChainer(bench.db, bench.config, bench.clock)), bench.clock);
  });
  afterAll(() => bench.close());

  async function exists(table: string, caseId: string): Promise<number> {
    const column = table === 'cases' ? 'id' : 'case_id';
    const [{ n }] = (await bench.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [caseId])) as { n: number }[];
    return n;
  }

  async function events(caseId: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
    return (await bench.db.query(
      `SELECT action, details FROM audit_pending WHERE case_id = $1 UNION ALL SELECT action, details FROM audit_events WHERE case_id = $1`,
      [caseId],
    )) as { action: string; details: Record<string, unknown> }[];
  }

  it('dates a case five years after receipt and leaves it alone until then', async () => {
    const c = await insertCase(bench, channel);
    expect(c.purgeBasis).toBe('retention');
    expect(c.purgeAt.getTime() - c.receivedAt.getTime()).toBeGreaterThanOrEqual(5 * 365 * 86_400_000);
    const result = await purger.run();
    expect(result.purged).toBe(0);
    expect(await exists('cases', c.id)).toBe(1);
  });

  it('deletes a case past its date whole and records only its id, date and basis', async () => {
    const c = await insertCase(bench, channel);
    await insertGrant(bench, c, handlerId);
    await insertItem(bench, c);
    bench.clock.advance(6 * YEAR_MS);
    try {
      const result = await purger.run();
      expect(result.purged).toBeGreaterThanOrEqual(1);
      for (const table of ['cases', 'case_items', 'case_grants']) expect(await exists(table, c.id)).toBe(0);
      expect(await events(c.id)).toEqual([{ action: 'case.purged', details: { basis: 'retention' } }]);
    } finally {
      bench.clock.advance(-6 * YEAR_MS);
    }
  });

  it('keeps a case under an active legal hold, and deletes it once the hold is released', async () => {
    const c = await insertCase(bench, channel);
    await insertHold(bench, c, handlerId);
    bench.clock.advance(6 * YEAR_MS);
    try {
      await purger.run();
      expect(await exists('cases', c.id)).toBe(1);
      expect(await exists('legal_holds', c.id)).toBe(1);
      await bench.db.query('UPDATE legal_holds SET released_at = $2, released_by = $3 WHERE case_id = $1', [c.id, bench.clock.now(), handlerId]);
      await purger.run();
      expect(await exists('cases', c.id)).toBe(0);
      expect(await exists('legal_holds', c.id)).toBe(0);
    } finally {
      bench.clock.advance(-6 * YEAR_MS);
    }
  });

  it('bounds a run by batches, and the next run goes on where it stopped', async () => {
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await insertCase(bench, channel));
    bench.clock.advance(6 * YEAR_MS);
    try {
      const first = await purger.run({ batchSize: 2, maxBatches: 1 });
      expect(first).toMatchObject({ purged: 2, batches: 1 });
      const second = await purger.run({ batchSize: 2 });
      expect(second).toMatchObject({ purged: 3, batches: 2 });
      for (const c of cases) expect(await exists('cases', c.id)).toBe(0);
      for (const c of cases) expect((await events(c.id)).map((e) => e.action)).toEqual(['case.purged']);
    } finally {
      bench.clock.advance(-6 * YEAR_MS);
    }
  });
});
