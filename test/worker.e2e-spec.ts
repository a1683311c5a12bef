import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, TestApp } from './helpers/app';
import { encryptToBuffer, prepareAttachment, submitCase } from './helpers/attachments';
import { makeOrganisation } from './helpers/factories';
import { buildOnce, ROOT } from './helpers/processes';
import { createPrivateDatabase } from './helpers/private-db';

/** The worker processes as deployed: pg-boss schedules, the purge run by two workers at once. */
describe('several workers purging at once', () => {
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  const workers: ChildProcessWithoutNullStreams[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    buildOnce();
    db = await createPrivateDatabase('workers');
    t = await startTestApp({}, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null) return resolve();
            w.once('exit', () => resolve());
            w.kill('SIGTERM');
          }),
      ),
    );
    await t.close();
    await db.drop();
  });

  it('deletes every expired case, and its files, exactly once', async () => {
    const org = await makeOrganisation(t);
    const ids: string[] = [];
    const dirs: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { built, bearer, caseId } = await submitCase(t.http, org);
      ids.push(caseId);
      if (i % 4 === 0) {
        const a = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: 100 });
        await t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(a.create).expect(201);
        await t.http
          .put(`/api/public/case/attachments/${a.attachmentId}/content`)
          .set('Authorization', bearer)
          .set('Content-Type', 'application/octet-stream')
          .send(await encryptToBuffer(a, Buffer.alloc(100, 1)))
          .expect(204);
        dirs.push(path.join(t.config.dataDir, 'attachments', 'cases', caseId));
      }
    }
    const kept = (await submitCase(t.http, org)).caseId;
    // Past their deletion date. Set directly: the receipt time it is computed from cannot move (R2).
    await t.db.query("UPDATE cases SET purge_at = now() - interval '1 minute' WHERE id = ANY($1)", [ids]);
    expect(dirs.every((d) => existsSync(d))).toBe(true);

    // Three workers start at once on a database pg-boss has not set up yet: each must come up.
    for (let i = 0; i < 3; i++) {
      const w = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: db.url,
          KANAVA_DATA_DIR: t.config.dataDir,
          KANAVA_SERVER_SECRET: t.config.serverSecret,
          KANAVA_PURGE_BATCH_SIZE: '7',
        },
      });
      w.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      w.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      workers.push(w);
    }
    const until = Date.now() + 60_000;
    for (;;) {
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE id = ANY($1)', [ids]);
      if (n === 0) break;
      if (Date.now() > until) throw new Error(`cases left: ${n}\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A deletion record commits with its deletion and is chained right after the commit: wait for the chaining,
    // not for the clock (the cases can be gone a moment before their records are in the chain).
    const purgedEvents = async () =>
      (await t.db.query("SELECT case_id, count(*)::int AS n FROM audit_events WHERE action = 'case.purged' GROUP BY case_id")) as {
        case_id: string;
        n: number;
      }[];
    let events = await purgedEvents();
    const chainedUntil = Date.now() + 30_000;
    while (events.length < ids.length && Date.now() < chainedUntil) {
      await new Promise((r) => setTimeout(r, 100));
      events = await purgedEvents();
    }
    expect(await t.db.query("SELECT 1 FROM audit_pending WHERE action = 'case.purged'")).toEqual([]);
    expect(events.map((e) => e.case_id).sort()).toEqual([...ids].sort());
    expect(events.every((e) => e.n === 1)).toBe(true);
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [kept])).toHaveLength(1);
    // Stored objects go right after each batch commits.
    const filesUntil = Date.now() + 10_000;
    while (dirs.some((d) => existsSync(d)) && Date.now() < filesUntil) await new Promise((r) => setTimeout(r, 100));
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
    expect(await t.db.query('SELECT prefix FROM storage_deletions')).toEqual([]);
    // Every worker started (the purge at start may finish before a worker logs that it is up); no case ids in their logs.
    const startedUntil = Date.now() + 20_000;
    while ((output.join('').match(/Kanava worker started/g) ?? []).length < 3 && Date.now() < startedUntil) await new Promise((r) => setTimeout(r, 100));
    const log = output.join('');
    expect({ started: (log.match(/Kanava worker started/g) ?? []).length, log: log.length < 4000 ? log : log.slice(-4000) }).toMatchObject({ started: 3 });
    for (const id of ids) expect(log).not.toContain(id);
  });
});
