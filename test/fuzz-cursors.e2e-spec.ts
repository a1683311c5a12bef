import fc from 'fast-check';
import { encodeTimeCursor } from '@kanava/common';
import { cursorArbitrary, FuzzWorld, pool, setUpWorld } from './helpers/fuzz';

/** Crafted cursors sent to each paged route; every one must answer a page or 400 `invalid_cursor`. */
const PER_ROUTE = 2_000;

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

/**
 * Keyset cursors on every paged route: each is decoded, type-checked and range-checked,
 * so a crafted one answers 400 `invalid_cursor` and never reaches SQL as a value the
 * database cannot cast (which answered 500). The paged routes are found in the OpenAPI
 * description (every GET with a `cursor` query parameter), so a new one is covered too.
 */
describe('fuzz: keyset cursors', () => {
  let world: FuzzWorld & { close(): Promise<void> };
  let paged: string[];

  beforeAll(async () => {
    world = await setUpWorld();
    const docs = (await world.t.http.get('/api/docs').expect(200)).body as OpenApiDocument;
    paged = Object.entries(docs.paths)
      .filter(([, methods]) => methods.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
      .map(([path]) => path)
      .sort();
  }, 60_000);
  afterAll(() => world?.close());

  it('finds every paged route in the OpenAPI description', () => {
    expect(paged).toEqual(['/api/admin/retention/upcoming', '/api/audit/events', '/api/staff/cases']);
  });

  /** The role whose first page of `path` answers 200. */
  async function callerOf(path: string): Promise<Record<string, string>> {
    for (const role of ['handler', 'admin', 'auditor'] as const) {
      const res = await world.t.http.get(path).set(world.headers[role]);
      if (res.status === 200) return world.headers[role];
    }
    throw new Error(`no role reads ${path}`);
  }

  it('answers a page or 400 invalid_cursor, never 5xx, for crafted cursors on every paged route', async () => {
    const valid = encodeTimeCursor({ at: '2026-03-01T12:34:56.123456Z', id: '3f2b8c1e-9d4a-4b6e-8f00-1a2b3c4d5e6f' });
    // Cursors that answered 500 before they were checked: a Date.parse-able time, an id of dashes, a seq beyond bigint.
    const known = [
      Buffer.from(JSON.stringify({ at: '1', id: '3f2b8c1e-9d4a-4b6e-8f00-1a2b3c4d5e6f' })).toString('base64url'),
      Buffer.from(JSON.stringify({ at: '2026-03-01T12:34:56.123456Z', id: '-'.repeat(36) })).toString('base64url'),
      '9999999999999999999',
    ];
    const summary: Record<string, { sent: number; pages: number; invalidCursor: number; other: Record<string, number> }> = {};
    for (const path of paged) {
      const headers = await callerOf(path);
      const cursors = [...known, valid, ...fc.sample(cursorArbitrary, { numRuns: PER_ROUTE, seed: 19 })];
      const results = await pool(cursors, 4, async (cursor) => {
        const res = await world.t.http.get(path).query({ cursor }).set(headers);
        return { cursor: cursor.slice(0, 300), status: res.status, error: (res.body as { error?: unknown })?.error };
      });
      const failed = results.filter((r) => r.status >= 500 || (r.status >= 400 && r.error !== 'invalid_cursor'));
      expect(failed.slice(0, 5)).toEqual([]);
      const outcome = { sent: results.length, pages: 0, invalidCursor: 0, other: {} as Record<string, number> };
      for (const r of results) {
        if (r.status === 200) outcome.pages++;
        else if (r.status === 400 && r.error === 'invalid_cursor') outcome.invalidCursor++;
        else outcome.other[r.status] = (outcome.other[r.status] ?? 0) + 1;
      }
      summary[path] = outcome;
      expect(outcome.sent).toBeGreaterThanOrEqual(PER_ROUTE);
      // The generator mostly crafts bad cursors, and the known ones are refused.
      expect(outcome.invalidCursor).toBeGreaterThan(PER_ROUTE / 2);
      for (const cursor of known.filter((c) => (path === '/api/audit/events') === /^\d+$/.test(c))) {
        expect(results.find((r) => r.cursor === cursor.slice(0, 300))).toMatchObject({ status: 400, error: 'invalid_cursor' });
      }
    }
    const total = Object.values(summary).reduce((n, s) => n + s.sent, 0);
    console.log(`fuzz (cursors): ${total} crafted cursors, 0 answered 5xx`, JSON.stringify(summary));
  }, 300_000);

  it('also refuses audit range bounds beyond a bigint with a 4xx, not a database error', async () => {
    for (const bound of ['9223372036854775808', '9999999999999999999']) {
      const res = await world.t.http.get('/api/audit/verify').query({ fromSeq: bound }).set(world.headers.auditor);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
    }
    await world.t.http.get('/api/audit/verify').query({ fromSeq: '9223372036854775807' }).set(world.headers.auditor).expect(200);
  });
});
