import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createDataSource, EMBEDDED_DATABASE, freePort } from '@kanava/database';
import { reporterAttaches, submitCase } from './helpers/attachments';
import { spawnServer, StartingServer, startServer } from './helpers/server-process';
import { loginDemoStaff } from './helpers/remote-staff';
import { buildOnce, ROOT, runNode } from './helpers/processes';
import { createPrivateDatabase } from './helpers/private-db';

/** The URL of the embedded PostgreSQL a running `npm start` keeps in `dataDir` (its password file and postmaster.pid). */
function runningEmbeddedUrl(dataDir: string): string {
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3];
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

/** The README's start command on an empty data directory: embedded PostgreSQL, demo data, and a restart that keeps it. */
describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kanava-start-'));

  beforeAll(() => buildOnce());
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with embedded PostgreSQL and the demo organisation, and keeps data across a restart', async () => {
    const port = await freePort();
    const env = { PORT: String(port), KANAVA_DATA_DIR: dataDir };
    const first = await startServer(env);
    let demoId: string;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/public/organisations/demo`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { id: string; channels: unknown[] };
      demoId = body.id;
      expect(body.channels).toHaveLength(1);
      expect(first.output()).toContain('handler1@demo.kanava.test');
      expect(first.output()).toContain('Recovery keys, shown this once');
      const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await first.stop();
    }

    const second = await startServer(env);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/public/organisations/demo`);
      expect(((await res.json()) as { id: string }).id).toBe(demoId);
      expect(second.output()).not.toContain('Recovery keys, shown this once');
    } finally {
      await second.stop();
    }
  });

  it('without the demo, starts on an empty database with a one-time set-up token that only its output shows', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'kanava-start-setup-'));
    const port = await freePort();
    const server = await startServer({ PORT: String(port), KANAVA_DATA_DIR: fresh, KANAVA_DEMO: 'false' });
    try {
      const token = /\/staff\/setup with this one-time set-up token:\s+([A-Za-z0-9_-]{43})/.exec(server.output())?.[1];
      expect(token).toBeDefined();
      const status = await fetch(`http://127.0.0.1:${port}/api/setup`);
      expect(await status.json()).toEqual({ needed: true });
      const made = await fetch(`http://127.0.0.1:${port}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          organisation: { name: 'Esimerkki Oy', slug: 'esimerkki', recoveryPublicKey: 'A'.repeat(43) },
          admin: { displayName: 'Anna Admin', email: 'anna@esimerkki.test', handler: true },
          channel: { name: 'Ilmoituskanava', defaultQuestionnaire: true },
        }),
      });
      expect(made.status).toBe(201);
      expect((await fetch(`http://127.0.0.1:${port}/api/public/organisations/esimerkki`)).status).toBe(200);
    } finally {
      await server.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('waits out a server that is still stopping, then starts it again (a quick restart)', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'kanava-start-restart-'));
    const first = await startServer({ PORT: String(await freePort()), KANAVA_DATA_DIR: fresh });
    const holder = await createDataSource(runningEmbeddedUrl(fresh)).initialize();
    let second: StartingServer | undefined;
    try {
      const demoId = ((await holder.query("SELECT id FROM organisations WHERE slug = 'demo'")) as { id: string }[])[0].id;
      // A smart shutdown: PostgreSQL refuses new sessions but lives on while this test's session
      // stays open, so the second start meets a server that is stopping for as long as it takes.
      const postmaster = Number(readFileSync(path.join(fresh, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(postmaster, 'SIGTERM');
      const port = await freePort();
      second = spawnServer({ PORT: String(port), KANAVA_DATA_DIR: fresh }, 120_000);
      const until = Date.now() + 60_000;
      while (!second.output().includes('still starting or stopping; waiting for it') && second.child.exitCode === null && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(second.output()).toContain('still starting or stopping; waiting for it');
      // Only now may the old server go: the second start has seen it stopping.
      await holder.destroy();
      await first.stop();
      await second.listening;
      const res = await fetch(`http://127.0.0.1:${port}/api/public/organisations/demo`);
      expect(((await res.json()) as { id: string }).id).toBe(demoId);
    } finally {
      if (holder.isInitialized) await holder.destroy();
      await first.stop();
      await second?.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 240_000);

  it('runs the background jobs itself: a case past its deletion date is purged with its file, and the deletion is in the chain', async () => {
    // The README's quick start on a fresh data directory, nothing else started. Only the purge
    // period is shortened (default 5 minutes), so the test waits seconds instead.
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'kanava-start-purge-'));
    const port = await freePort();
    const server = await startServer({ PORT: String(port), KANAVA_DATA_DIR: fresh, KANAVA_PURGE_INTERVAL_SECONDS: '10' });
    let db: DataSource | undefined;
    try {
      const pgdb = await createDataSource(runningEmbeddedUrl(fresh)).initialize();
      db = pgdb;
      const out = server.output();
      expect(out).toContain(`Reporter portal:  http://localhost:${port}/r/demo`);
      expect(out).toContain(`Staff console:    http://localhost:${port}/staff`);
      expect(out).toContain('Background jobs:  running in this process');
      expect(out).toContain(`mail is written to ${path.join(fresh, 'outbox')}`);

      const http = supertest(`http://127.0.0.1:${port}`);
      const org = (await http.get('/api/public/organisations/demo').expect(200)).body as { channels: { id: string }[] };
      const { built, caseId } = await submitCase(http, { slug: 'demo', channelId: org.channels[0].id });
      await reporterAttaches(http, built, { bytes: Buffer.from('evidence'), name: 'note.txt', type: 'text/plain' });
      const caseFiles = path.join(fresh, 'attachments', 'cases', caseId);
      expect(readdirSync(caseFiles).length).toBeGreaterThan(0);
      // Past its deletion date. Set directly: the receipt time it is computed from cannot move (R2).
      await pgdb.query("UPDATE cases SET purge_at = now() - interval '1 minute' WHERE id = $1", [caseId]);

      const until = Date.now() + 90_000;
      const chained = async () => (await pgdb.query("SELECT details FROM audit_events WHERE action = 'case.purged' AND case_id = $1", [caseId])) as unknown[];
      while ((await chained()).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      expect(await chained()).toEqual([{ details: { basis: 'retention' } }]);
      expect(await pgdb.query('SELECT 1 FROM cases WHERE id = $1', [caseId])).toEqual([]);
      while (existsSync(caseFiles) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(caseFiles)).toBe(false);

      const ready = (await http.get('/api/health/ready').expect(200)).body;
      expect(ready.status).toBe('ok');
      expect(ready.jobs).toMatchObject({ mode: 'inline', problems: [] });
      expect(Date.parse(ready.jobs.lastPurgeAt)).toBeGreaterThan(Date.now() - 600_000);
      // The operator's view of the same, while the server runs.
      const status = await runNode('dist/apps/cli/src/main.js', ['status', '--check'], { KANAVA_DATA_DIR: fresh });
      expect(status).toMatchObject({ code: 0 });
      expect(status.stdout).toMatch(/retention-purge\s+20\d\d-/);
      expect(status.stdout).toContain('status: ok');
    } finally {
      await db?.destroy();
      await server.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('writes demo mail to the outbox folder, where a newcomer can read it', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'kanava-start-mail-'));
    const port = await freePort();
    const server = await startServer({ PORT: String(port), KANAVA_DATA_DIR: fresh });
    try {
      const outbox = path.join(fresh, 'outbox');
      // An invitation, sent the way the console does: signed in as the demo admin.
      const admin = await loginDemoStaff(`http://127.0.0.1:${port}`, 'admin@demo.kanava.test');
      const invited = await admin.post<{ mailed: boolean; activationUrl: string }>('/api/admin/invitations', {
        email: 'new.handler@demo.kanava.test',
        displayName: 'New Handler',
        roles: ['handler'],
        designations: [],
      });
      expect(invited).toMatchObject({ mailed: false, activationUrl: expect.stringContaining('/staff/activate#') });
      const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(path.join(outbox, files[0]), 'utf8');
      expect(eml).toContain('To: new.handler@demo.kanava.test');
      // Quoted-printable: long lines are folded with a soft break ("=" at the end of a line).
      expect(eml.replace(/=\n/g, '')).toContain(invited.activationUrl);
    } finally {
      await server.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses to start on a bad setting, naming it', async () => {
    const bad = await startServer({ PORT: '70000', KANAVA_DATA_DIR: dataDir }).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toMatch(/PORT="70000"/);
  });
});

describe('the worker', () => {
  beforeAll(() => buildOnce());

  it('starts, reports itself and stops on SIGTERM', async () => {
    // A database of its own: the worker purges whatever is due, and other test files' cases are not its business.
    const db = await createPrivateDatabase('worker_start');
    const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: db.url, KANAVA_SERVER_SECRET: 'w'.repeat(40) },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        if (output.includes('Kanava worker started')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const line = output.split('\n').find((l) => l.includes('Kanava worker started'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 'log', context: 'Worker' });
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    await db.drop();
  });
});
