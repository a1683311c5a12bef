import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@kanava/database';
import { startServer } from './helpers/server-process';
import { buildOnce } from './helpers/processes';

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
