import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import supertest from 'supertest';
import { freePort } from '@kanava/database';
import { startTestApp, TestApp } from './helpers/app';
import { reporterAttaches, submitCase } from './helpers/attachments';
import { makeOrganisation } from './helpers/factories';
import { buildOnce, ROOT, runNode, StartedProcess, startNodeApp, stopAll } from './helpers/processes';
import { createPrivateDatabase } from './helpers/private-db';
import { startSmtpSink } from './helpers/smtp-sink';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}

/** Compose's variable interpolation: `${NAME}`, `${NAME:-default}` and `${NAME:?message}`. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`compose needs ${name}: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

/** docker/.env.example as compose would read it (KEY=value lines, comments ignored). */
function envFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The image's ENV and CMD (docker/Dockerfile, runtime stage). */
function image(): { env: Record<string, string>; cmd: string[] } {
  const text = readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  const runtime = text.slice(text.lastIndexOf('FROM '));
  const env: Record<string, string> = {};
  const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)![1].replace(/\\\n/g, ' ');
  for (const [, k, v] of envBlock.matchAll(/([A-Z0-9_]+)=(\S+)/g)) env[k] = v;
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]) as string[];
  return { env, cmd };
}

/**
 * docker/compose.yaml, run without Docker: each service as its own process, in its own
 * working directory, with exactly the environment compose gives it (the image's ENV,
 * the file's `environment` interpolated from docker/.env.example), and each named
 * volume a host directory mounted where the file says. Only what Docker provides is
 * replaced: the `postgres` service by the test run's PostgreSQL, the published port by
 * a free one, the SMTP server in the example by a local sink.
 */
describe('docker/compose.yaml, as separate processes', () => {
  const compose = load(readFileSync(path.join(ROOT, 'docker', 'compose.yaml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: object };
  const volumes = Object.fromEntries(Object.keys(compose.volumes).map((v) => [v, mkdtempSync(path.join(os.tmpdir(), `kanava-volume-${v}-`))]));
  const children: ChildProcess[] = [];
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  /** The service's environment and mounts, as the container would see them, with mount paths mapped to host directories. */
  function serviceEnv(name: string, dotenv: Record<string, string>) {
    const service = compose.services[name];
    const mounts = (service.volumes ?? []).map((v) => {
      const [volume, target] = v.split(':');
      return { target, host: volumes[volume] };
    });
    const env: Record<string, string> = { ...image().env };
    // YAML merge keys (`<<: *kanava-env`), which compose applies and this YAML parser leaves as a key.
    const { '<<': merged, ...own } = (service.environment ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries({ ...(merged as Record<string, string>), ...own })) env[k] = interpolate(String(v), dotenv);
    // A path inside a mount is the volume's host directory; any other container path does not exist here.
    for (const [k, v] of Object.entries(env)) {
      const mount = mounts.find((m) => v === m.target || v.startsWith(`${m.target}/`));
      if (mount) env[k] = mount.host + v.slice(mount.target.length);
      else if (k === 'KANAVA_DATA_DIR') env[k] = mkdtempSync(path.join(os.tmpdir(), `kanava-${name}-container-`));
    }
    return env;
  }

  async function start(name: string, env: Record<string, string>, ready: string): Promise<StartedProcess> {
    const [node, script, ...args] = compose.services[name].command ?? image().cmd;
    expect(node).toBe('node');
    const started = await startNodeApp(name, script, args, env, ready);
    children.push(started.child);
    return started;
  }

  beforeAll(async () => {
    buildOnce();
    db = await createPrivateDatabase('compose');
    smtp = await startSmtpSink();
    // Provisioning only (organisation, channel, staff), on the same database.
    t = await startTestApp({}, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await stopAll(children);
    await t.close();
    await smtp.close();
    await db.drop();
  });

  it('the worker purges the files the API stored, and its mail reaches the SMTP server with the public address', async () => {
    const dotenv: Record<string, string> = { ...envFile(path.join(ROOT, 'docker', '.env.example')), KANAVA_SMTP_URL: smtp.url };
    const port = await freePort();
    const apiEnv: Record<string, string> = { ...serviceEnv('api', dotenv), DATABASE_URL: db.url, PORT: String(port) };
    // The worker runs jobs every few seconds here instead of minutes; its own temporary directory holds its heartbeat.
    const workerTmp = mkdtempSync(path.join(os.tmpdir(), 'kanava-worker-tmp-'));
    const workerEnv: Record<string, string> = { ...serviceEnv('worker', dotenv), DATABASE_URL: db.url, KANAVA_PURGE_INTERVAL_SECONDS: '5', TMPDIR: workerTmp };
    expect(apiEnv.KANAVA_JOBS).toBe('off');
    expect(apiEnv.KANAVA_DATA_DIR).toBe(workerEnv.KANAVA_DATA_DIR);
    for (const k of ['KANAVA_SMTP_URL', 'KANAVA_MAIL_FROM', 'KANAVA_PUBLIC_URL', 'KANAVA_SERVER_SECRET']) expect(workerEnv[k]).toBe(apiEnv[k]);
    expect(workerEnv.KANAVA_S3_REGION).toMatch(/^eu-/);

    const api = await start('api', apiEnv, 'Kanava is listening');
    expect(api.output()).toContain('Background jobs:  off here (KANAVA_JOBS=off)');
    const http = supertest(`http://127.0.0.1:${port}`);
    const org = await makeOrganisation(t);
    const due = await submitCase(http, org);
    await reporterAttaches(http, due.built, { bytes: Buffer.from('evidence'), name: 'a.txt', type: 'text/plain' });
    const files = path.join(apiEnv.KANAVA_DATA_DIR, 'attachments', 'cases', due.caseId);
    expect(existsSync(files)).toBe(true);
    const soon = await submitCase(http, org);
    // Past its deletion date (set directly: the receipt time cannot move, R2).
    await t.db.query("UPDATE cases SET purge_at = now() - interval '1 minute' WHERE id = $1", [due.caseId]);
    // Acknowledgement due in a day: within the reminder lead time.
    await t.db.query("UPDATE cases SET acknowledgement_due_at = now() + interval '1 day' WHERE id = $1", [soon.caseId]);

    await start('worker', workerEnv, 'Kanava worker started');
    const until = Date.now() + 90_000;
    while ((existsSync(files) || (await t.db.query('SELECT 1 FROM cases WHERE id = $1', [due.caseId])).length) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [due.caseId])).toEqual([]);
    expect(existsSync(files)).toBe(false);

    // The reminder names the case by a link on the public address (quoted-printable folds long lines with "=").
    const link = `${dotenv.KANAVA_PUBLIC_URL}/staff/cases/${soon.caseId}`;
    const unfolded = (raw: string) => raw.replace(/=\r?\n/g, '');
    while (!smtp.mails.some((m) => unfolded(m.raw).includes(link)) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const mail = smtp.mails.find((m) => unfolded(m.raw).includes(link));
    expect(mail?.to).toEqual([org.handlers[0].email]);
    expect(mail?.raw).toContain(`From: ${dotenv.KANAVA_MAIL_FROM}`);

    // The worker's healthcheck, as compose runs it (in the worker's container: its temporary directory).
    const healthcheck = compose.services.worker as ComposeService & { healthcheck: { test: string[] } };
    const [, , script] = healthcheck.healthcheck.test;
    expect((await runNode(script, [], { TMPDIR: workerTmp })).code).toBe(0);
    expect((await runNode(script, [], { TMPDIR: mkdtempSync(path.join(os.tmpdir(), 'kanava-no-heartbeat-')) })).code).toBe(1);

    // And the API reports the purge the worker did.
    const ready = (await http.get('/api/health/ready').expect(200)).body;
    expect(ready).toMatchObject({ status: 'ok', jobs: { mode: 'off', problems: [] } });
    expect(ready.jobs.lastPurgeAt).not.toBeNull();
  }, 180_000);
});
