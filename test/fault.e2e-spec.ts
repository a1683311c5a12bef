import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { decryptItem, fromB64, openReporterGrant, solveProof, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { freePort } from '@kanava/database';
import { ApiProcess, startApiProcess } from './helpers/api-process';
import { BuiltSubmission, buildSubmission, OrganisationInfo, Recipients } from './helpers/clients';
import { buildOnce } from './helpers/processes';
import { startStoppablePostgres, StoppablePostgres } from './helpers/stoppable-postgres';

/** A request that takes longer than this counts as a hang. */
const HANG_MS = 15_000;

interface Answer {
  status: number;
  body: string;
  retryAfter: string | null;
  startedAt: number;
  endedAt: number;
}

/**
 * PostgreSQL stopped and started again under load (issue 8): while it is away,
 * requests answer 503 `unavailable` with Retry-After (not a 500, no stack trace, no
 * hang); afterwards the same API process serves again, and every report it
 * acknowledged with 201 is there and decrypts.
 */
describe('fault: PostgreSQL stops and restarts during submissions', () => {
  let database: StoppablePostgres;
  let api: ApiProcess;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    buildOnce();
    database = await startStoppablePostgres();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kanava-fault-data-'));
    const port = await freePort();
    api = await startApiProcess({
      PORT: String(port),
      DATABASE_URL: database.url,
      KANAVA_DATA_DIR: dataDir,
      KANAVA_DEMO: 'true',
      KANAVA_POW_DIFFICULTY: '2',
      KANAVA_SERVER_SECRET: randomBytes(32).toString('hex'),
    });
    base = api.url;
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await database?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const startedAt = Date.now();
    try {
      const res = await fetch(`${base}${route}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(HANG_MS),
      });
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after'), startedAt, endedAt: Date.now() };
    } catch (e) {
      // No answer at all (a hang ends here as a timeout): recorded as status 0.
      return { status: 0, body: String(e), retryAfter: null, startedAt, endedAt: Date.now() };
    }
  }

  it('answers 503 while the database is away, recovers without a restart, and loses no acknowledged report', async () => {
    const org = JSON.parse((await call('GET', '/api/public/organisations/demo')).body) as OrganisationInfo;
    const channelId = org.channels[0].id;
    const recipients = JSON.parse((await call('GET', `/api/public/channels/${channelId}/recipients`)).body) as Recipients;

    const answers: Answer[] = [];
    const acknowledged: BuiltSubmission[] = [];
    let running = true;
    const submitter = async () => {
      while (running) {
        const built = buildSubmission({ org, channelId, recipients, content: { title: `fault-${acknowledged.length}`, body: 'B' } });
        const challenge = await call('POST', '/api/public/challenges', {});
        answers.push(challenge);
        if (challenge.status !== 201) {
          await sleep(50);
          continue;
        }
        const { id, salt, difficulty } = JSON.parse(challenge.body) as { id: string; salt: string; difficulty: number };
        const proof = { challengeId: id, nonce: toB64(solveProof(fromB64(salt, 16), difficulty)) };
        const res = await call('POST', '/api/public/reports', { ...built.body, proof });
        answers.push(res);
        if (res.status === 201) acknowledged.push(built);
        else await sleep(50);
      }
    };
    const submitters = Array.from({ length: 4 }, submitter);

    const waitFor = async (what: () => boolean, label: string) => {
      const until = Date.now() + 60_000;
      while (!what()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
        await sleep(50);
      }
    };
    // The outage: from the moment the stop is asked for until the restarted server accepts connections.
    let stopAt = Infinity;
    let upAt = Infinity;
    try {
      await waitFor(() => acknowledged.length >= 10, 'submissions before the fault');
      stopAt = Date.now();
      await database.stop();
      await waitFor(() => answers.filter((a) => a.startedAt > stopAt && a.status >= 500).length >= 10, 'answers while the database is down');
      await sleep(1000);
      await database.start();
      upAt = Date.now();
      const backAt = acknowledged.length;
      await waitFor(() => acknowledged.length >= backAt + 10, 'submissions after the restart');
    } finally {
      running = false;
      await Promise.all(submitters);
    }

    // The same process served throughout: no restart.
    expect(api.child.exitCode).toBeNull();
    // While the database was away: only 503 unavailable with Retry-After, never a 500, a hang or a stack trace.
    // A request that overlapped the outage may fail; it must fail well.
    const overlapping = (a: Answer) => a.endedAt >= stopAt && a.startedAt <= upAt;
    const down = answers.filter((a) => overlapping(a) && a.status >= 300);
    expect(down.length).toBeGreaterThanOrEqual(10);
    const code = (a: Answer) => {
      try {
        return (JSON.parse(a.body) as { error?: string }).error ?? a.body.slice(0, 200);
      } catch {
        return a.body.slice(0, 200);
      }
    };
    expect([...new Set(down.map((a) => `${a.status} ${code(a)} ${a.retryAfter === null ? 'without' : 'with'} Retry-After`))]).toEqual([
      '503 unavailable with Retry-After',
    ]);
    for (const a of down) {
      expect({ status: a.status, hasRetryAfter: Number(a.retryAfter) >= 1 }).toEqual({ status: 503, hasRetryAfter: true });
      expect(JSON.parse(a.body)).toEqual({ error: 'unavailable', message: expect.any(String) });
      expect(a.body).not.toMatch(/\bat \S+ \(|Error:|ECONNREFUSED|postgres/i);
      expect(a.endedAt - a.startedAt).toBeLessThan(HANG_MS);
    }
    // Before and after it, nothing but successes.
    expect(answers.filter((a) => !overlapping(a) && a.status >= 300).map((a) => `${a.status} ${a.body}`)).toEqual([]);

    // Every acknowledged report is there, and the reporter opens it with only what it kept.
    const lost: string[] = [];
    for (const built of acknowledged) {
      const caseId = built.body.caseId;
      const view = await call('GET', '/api/public/case', undefined, { Authorization: `Bearer ${toB64(built.reporter.lookupToken)}` });
      try {
        const parsed = JSON.parse(view.body) as { grants: WireGrant[]; items: WireItem[] };
        const grant = parsed.grants.find((g) => g.keyKind === 'shared' && g.grantee === 'reporter')!;
        const key = openReporterGrant(grant, caseId, built.reporter.wrapKey);
        decryptItem(
          parsed.items.find((i) => i.kind === 'report')!,
          caseId,
          key,
        );
      } catch {
        lost.push(`${caseId}: ${view.status}`);
      }
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(lost).toEqual([]);
    // The server logged the outage as such (a warning with the error code), not as unhandled errors.
    expect(api.output()).toContain('"msg":"database unavailable"');
    expect(api.output()).not.toContain('"msg":"unhandled error"');
  }, 180_000);
});
