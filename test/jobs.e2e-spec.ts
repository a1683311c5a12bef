import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { assertSharedStore, LocalAttachmentStorage, StoreNotSharedError } from '@kanava/attachments';
import { createDataSource, migrate } from '@kanava/database';
import { BackgroundJobs, JOB_NAMES, JobProblem } from '@kanava/jobs';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';
import { JOB_LABELS, JOB_PROBLEMS } from '../apps/web/src/staff/jobs';

const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `kanava-${name}-`));

/** Polls `check` until it holds; the bound is generous, the test does not depend on how fast the machine is. */
async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('the console knows every job and problem the server reports', () => {
  expect([...JOB_LABELS]).toEqual([...JOB_NAMES]);
  const problems: JobProblem['code'][] = ['purge_overdue', 'purge_failing', 'attachment_store_not_shared'];
  expect([...JOB_PROBLEMS].sort()).toEqual(problems.sort());
});

describe("the attachment store's identity", () => {
  let db: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const p = await createPrivateDatabase('store_identity');
    drop = p.drop;
    db = await createDataSource(p.url).initialize();
    await migrate(db);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  it('is made once by processes starting together on one store, and refuses a store of its own', async () => {
    const shared = tempDir('store-shared');
    // Four processes starting at once on one new store agree on one id.
    await Promise.all([1, 2, 3, 4].map(() => assertSharedStore(db, new LocalAttachmentStorage(shared))));
    const [{ store_id }] = (await db.query('SELECT store_id FROM storage_identity')) as { store_id: string }[];
    await assertSharedStore(db, new LocalAttachmentStorage(shared));
    // A worker with a volume of its own (an empty directory) is refused, and is given no id.
    const own = tempDir('store-own');
    await expect(assertSharedStore(db, new LocalAttachmentStorage(own))).rejects.toBeInstanceOf(StoreNotSharedError);
    await expect(assertSharedStore(db, new LocalAttachmentStorage(own))).rejects.toThrow(/KANAVA_DATA_DIR/);
    expect(await db.query('SELECT store_id FROM storage_identity')).toEqual([{ store_id }]);
  });
});

describe('background jobs, their records and readiness', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let drop: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const p = await createPrivateDatabase('jobs_status');
    url = p.url;
    drop = p.drop;
    // An API that runs no jobs, as behind separate workers.
    t = await startTestApp({ KANAVA_JOBS: 'off', KANAVA_PURGE_INTERVAL_SECONDS: '5' }, { databaseUrl: url });
    org = await makeOrganisation(t);
  });
  afterAll(async () => {
    await t.close();
    await drop();
  });

  it('reports degraded, naming the fix, when jobs are off and the purge is overdue; healthy once jobs run', async () => {
    // The last purge a worker did was two hours ago (the stale period is one hour).
    await t.db.query("INSERT INTO job_runs (name, last_started_at, last_succeeded_at) VALUES ('retention-purge', $1, $1)", [
      new Date(t.clock.nowMs() - 2 * 3600_000),
    ]);
    const degraded = await t.http.get('/api/health/ready').expect(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.info).toEqual({ database: { status: 'up' }, jobs: { status: 'degraded' } });
    expect(degraded.body.jobs.mode).toBe('off');
    expect(degraded.body.jobs.problems).toEqual([expect.objectContaining({ code: 'purge_overdue', message: expect.stringContaining('npm run start:worker') })]);

    const admin = await loginStaff(t, org.admins[0]);
    const before = await t.http.get('/api/admin/jobs').set(admin.headers).expect(200);
    expect(before.body.status).toBe('degraded');
    expect(before.body.jobs.map((j: { name: string }) => j.name)).toEqual([...JOB_NAMES]);
    const auditor = await loginStaff(t, org.auditors[0]);
    await t.http.get('/api/admin/jobs').set(auditor.headers).expect(200);
    const handler = await loginStaff(t, org.handlers[0]);
    expect((await t.http.get('/api/admin/jobs').set(handler.headers).expect(403)).body.error).toBeDefined();
    await t.http.get('/api/admin/jobs').expect(401);

    // A worker starts (in this process here): every job runs at once and is recorded.
    const jobs = await BackgroundJobs.start({
      db: t.db,
      databaseUrl: url,
      config: { ...t.config, serverSecret: t.config.serverSecret! },
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      applicationName: 'kanava-test-jobs',
    });
    try {
      const ready = await eventually('readiness to recover', async () => {
        const res = await t.http.get('/api/health/ready').expect(200);
        return res.body.status === 'ok' && res.body.jobs.lastCheckpointAt && res.body.jobs.lastRemindersAt ? res.body : undefined;
      });
      expect(Date.parse(ready.jobs.lastPurgeAt)).toBeGreaterThan(t.clock.nowMs() - 3600_000);
      const all = await eventually('every job to run', async () => {
        const res = await t.http.get('/api/admin/jobs').set(admin.headers).expect(200);
        return res.body.jobs.every((j: { lastSucceededAt: string | null }) => j.lastSucceededAt) ? res.body : undefined;
      });
      expect(all.problems).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });

  it('records a purge refused on a store that is not shared, and readiness names it', async () => {
    // This test app's data directory made the deployment's store id above; a worker with its own directory is refused.
    const jobs = await BackgroundJobs.start({
      db: t.db,
      databaseUrl: url,
      config: { ...t.config, dataDir: tempDir('worker-own-volume'), serverSecret: t.config.serverSecret! },
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      applicationName: 'kanava-test-jobs',
    });
    try {
      await t.db.query("UPDATE job_runs SET last_failed_at = NULL, last_error = NULL WHERE name = 'retention-purge'");
      const res = await eventually('the refused purge', async () => {
        const r = await t.http.get('/api/health/ready').expect(200);
        return r.body.status === 'degraded' ? r.body : undefined;
      });
      expect(res.jobs.problems).toEqual([expect.objectContaining({ code: 'attachment_store_not_shared' })]);
      const [row] = await t.db.query("SELECT last_error FROM job_runs WHERE name = 'retention-purge'");
      expect(row.last_error).toBe('attachment_store_not_shared');
    } finally {
      await jobs.stop();
    }
  });
});
