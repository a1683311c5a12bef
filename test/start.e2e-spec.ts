import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@kanava/database';
import { startServer } from './helpers/server-process';
import { buildOnce, ROOT } from './helpers/processes';
import { createPrivateDatabase } from './helpers/private-db';

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
