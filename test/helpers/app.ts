import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { Clock, JsonLogger, KanavaConfig, loadConfig } from '@kanava/common';
import { createKanavaApp } from '../../apps/api/src/app';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof supertest>;
  db: DataSource;
  config: KanavaConfig;
  /** The app's clock: `t.clock.advance(ms)` moves every deadline, expiry and retention date forward. */
  clock: Clock;
  /** Every line the server logged, for tests that search the logs. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The whole API on a real port against the run's PostgreSQL. Proof of work is
 * cheap (4 bits) so tests spend time on behaviour, not hashing. `databaseUrl`: a
 * private database (see private-db.ts) instead of the run's shared one.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? process.env.KANAVA_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('KANAVA_TEST_DATABASE_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  const config = loadConfig({
    KANAVA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kanava-test-data-')),
    KANAVA_DEMO: 'false',
    KANAVA_POW_DIFFICULTY: '4',
    KANAVA_SERVER_SECRET: randomBytes(32).toString('hex'),
    KANAVA_LOG_LEVEL: 'verbose',
    ...env,
  });
  const logs: string[] = [];
  const logger = new JsonLogger('verbose', (line) => logs.push(line));
  const app = await createKanavaApp({ ...config, databaseUrl }, logger);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: supertest(app.getHttpServer()),
    db: app.get(DataSource),
    config,
    clock: app.get(Clock),
    logs,
    close: () => app.close(),
  };
}
