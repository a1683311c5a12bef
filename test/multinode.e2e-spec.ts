import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AuditVerifier } from '@kanava/audit';
import { fromB64, openItem, openReporterGrant, solveProof, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { freePort } from '@kanava/database';
import { startTestApp, TestApp } from './helpers/app';
import { encryptToBuffer, prepareAttachment } from './helpers/attachments';
import { BuiltSubmission, buildSubmission, OrganisationInfo, Recipients } from './helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from './helpers/factories';
import { buildOnce, startNodeApp, stopAll } from './helpers/processes';
import { createPrivateDatabase } from './helpers/private-db';
import { loginRemoteStaff } from './helpers/remote-staff';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

/** Sizes: small for the suite; `npm run bench -- multinode` runs the same scenario larger (scripts/bench.mjs). */
const int = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const REPORTS_PER_ORG = int('KANAVA_MULTINODE_REPORTS_PER_ORG', 24);
const CONCURRENCY = int('KANAVA_MULTINODE_CONCURRENCY', 4);
const ORGS = 2;

interface Node {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
}

interface Submitted {
  org: TestOrganisation;
  built: BuiltSubmission;
  bearer: string;
  attachmentId?: string;
}

/**
 * Kanava scaled out (docs/deployment.md "Several nodes"): two stateless API processes and
 * two workers against one PostgreSQL and one S3-compatible store. Reporters and staff
 * are sent to both APIs in turn, as a load balancer would; one API is killed with
 * SIGKILL halfway, and its traffic then goes to the other (the balancer's retry). Then:
 * every acknowledged report is there and decrypts, every due case was purged exactly
 * once with its stored objects, every organisation's audit chain verifies, and no
 * answer was a 5xx.
 */
describe('two APIs and two workers on one database and one object store', () => {
  const children: ChildProcess[] = [];
  let t: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let s3server: InstanceType<typeof S3rver>;
  let s3: S3Client;
  const bucket = 'kanava-multinode';

  beforeAll(async () => {
    buildOnce();
    db = await createPrivateDatabase('multinode');
    s3server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: mkdtempSync(path.join(os.tmpdir(), 'kanava-multinode-s3-')) });
    const { port } = await s3server.run();
    s3 = new S3Client({
      region: 'eu-north-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // Provisioning only (organisations, channels, staff), on the same database.
    t = await startTestApp({}, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await stopAll(children);
    await t.close();
    s3.destroy();
    await s3server.close();
    await db.drop();
  });

  async function start(name: string, script: string, env: Record<string, string>, ready: string, port?: number): Promise<Node> {
    const started = await startNodeApp(name, script, [], env, ready);
    children.push(started.child);
    return { name, url: `http://127.0.0.1:${port}`, ...started };
  }

  it(
    'loses no acknowledged report, purges each due case once with its objects, keeps every chain whole, and answers no 5xx',
    async () => {
      const s3Endpoint = (await s3.config.endpoint!()) as { hostname: string; port?: number; protocol: string };
      const common = {
        DATABASE_URL: db.url,
        KANAVA_SERVER_SECRET: t.config.serverSecret!,
        KANAVA_DEMO: 'false',
        KANAVA_POW_DIFFICULTY: '4',
        KANAVA_STORAGE_DRIVER: 's3',
        KANAVA_S3_ENDPOINT: `${s3Endpoint.protocol}//${s3Endpoint.hostname}:${s3Endpoint.port}`,
        KANAVA_S3_BUCKET: bucket,
        KANAVA_S3_ACCESS_KEY_ID: 'S3RVER',
        KANAVA_S3_SECRET_ACCESS_KEY: 'S3RVER',
        KANAVA_PURGE_INTERVAL_SECONDS: '5',
        KANAVA_LOG_LEVEL: 'warn',
      };
      const ports = [await freePort(), await freePort()];
      const apis = await Promise.all(
        ports.map((port, i) =>
          start(
            `api-${i}`,
            'dist/apps/api/src/main.js',
            { ...common, PORT: String(port), KANAVA_JOBS: 'off', KANAVA_LOG_LEVEL: 'log' },
            'Kanava is listening',
            port,
          ),
        ),
      );
      await Promise.all(
        [0, 1].map((i) => start(`worker-${i}`, 'dist/apps/worker/src/main.js', { ...common, KANAVA_LOG_LEVEL: 'log' }, 'Kanava worker started')),
      );

      // Production without SMTP says so once at start, naming the setting.
      for (const api of apis) expect(api.output().match(/No KANAVA_SMTP_URL/g)).toHaveLength(1);

      const orgs: TestOrganisation[] = [];
      for (let i = 0; i < ORGS; i++) orgs.push(await makeOrganisation(t));
      const staff = await Promise.all(orgs.map((o) => loginRemoteStaff(apis[0].url, o.handlers[0].email, TEST_PASSWORD, o.handlers[0].totpSecret)));

      // The load balancer: in turn, and to the live API once one is killed (a connection error is retried there).
      let killed: Node | null = null;
      let killAtNextRequest = false;
      let turn = 0;
      const counts = { requests: 0, fiveXX: 0, failedOnKilled: 0 };
      /** One request through the balancer; `retried` when the killed API dropped it and the other one answered. */
      const send = async (p: string, init: RequestInit = {}): Promise<{ res: Response; retried: boolean }> => {
        let node = apis[turn++ % 2];
        let retried = false;
        for (;;) {
          if (node === killed) node = apis.find((a) => a !== killed)!;
          try {
            counts.requests++;
            const pending = fetch(node.url + p, init);
            // Halfway, the second API is killed while it checks and stores a report (its answer never comes).
            if (killAtNextRequest && node === apis[1] && p === '/api/public/reports') {
              killAtNextRequest = false;
              killed = apis[1];
              setTimeout(() => apis[1].child.kill('SIGKILL'), 2);
            }
            const res = await pending;
            if (res.status >= 500) {
              counts.fiveXX++;
              process.stderr.write(`${node.name} ${init.method ?? 'GET'} ${p}: ${res.status} ${await res.clone().text()}\n`);
            }
            return { res, retried };
          } catch (e) {
            // Only the killed process may drop a connection.
            if (node !== killed) throw e;
            counts.failedOnKilled++;
            retried = true;
          }
        }
      };
      /**
       * The answer's body, when its status is `status`; or when the request was retried after the
       * killed API had already done it (`done`: the status that says so, such as 409 already_acknowledged).
       */
      const json = async <T>(call: Promise<{ res: Response; retried: boolean }>, status: number, done?: number): Promise<T> => {
        const { res, retried } = await call;
        const text = await res.text();
        if (res.status !== status && !(retried && res.status === done)) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
        return (text ? JSON.parse(text) : null) as T;
      };
      const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
        send(p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

      const infos = await Promise.all(orgs.map(async (o) => json<OrganisationInfo>(send(`/api/public/organisations/${o.slug}`), 200)));
      const recipients = await Promise.all(orgs.map(async (o) => json<Recipients>(send(`/api/public/channels/${o.channelId}/recipients`), 200)));

      const acknowledged: Submitted[] = [];
      const total = REPORTS_PER_ORG * ORGS;
      let next = 0;
      const oneReport = async (n: number) => {
        const k = n % ORGS;
        const org = orgs[k];
        const built = buildSubmission({
          org: infos[k],
          channelId: org.channelId,
          recipients: recipients[k],
          content: { title: `Report ${n}`, body: 'x'.repeat(500) },
        });
        const challenge = await json<{ id: string; salt: string; difficulty: number }>(post('/api/public/challenges', {}), 201);
        const proof = { challengeId: challenge.id, nonce: toB64(solveProof(fromB64(challenge.salt, 16), challenge.difficulty)) };
        // A report whose answer was lost with the killed API was never acknowledged to the reporter: not counted.
        const { res } = await post('/api/public/reports', { ...built.body, proof });
        await res.text();
        if (res.status !== 201) return;
        const sub: Submitted = { org, built, bearer: `Bearer ${toB64(built.reporter.lookupToken)}` };
        // A third of the reports carry a file, stored in the object store through either API.
        if (n % 3 === 0) {
          const a = prepareAttachment({ caseId: built.body.caseId, sharedKey: built.sharedKey, signSecretKey: built.reporter.sign.secretKey, trueSize: 2000 });
          await json(post('/api/public/case/attachments', a.create, { Authorization: sub.bearer }), 201, 409);
          const put = send(`/api/public/case/attachments/${a.attachmentId}/content`, {
            method: 'PUT',
            headers: { Authorization: sub.bearer, 'Content-Type': 'application/octet-stream' },
            body: new Uint8Array(await encryptToBuffer(a, Buffer.alloc(2000, n % 251))),
          });
          await json(put, 204, 409);
          sub.attachmentId = a.attachmentId;
        }
        // The reporter follows up, the handler opens the case and acknowledges it: each through the next API.
        await json(send('/api/public/case', { headers: { Authorization: sub.bearer } }), 200);
        await json(send(`/api/staff/cases/${built.body.caseId}`, { headers: staff[k].headers }), 200);
        await json(send(`/api/staff/cases/${built.body.caseId}/acknowledge`, { method: 'POST', headers: staff[k].headers }), 200, 409);
        acknowledged.push(sub);
      };
      const due = new Set<string>();
      const makeDue = async () => {
        // Every fourth acknowledged case passes its deletion date (set directly: the receipt time cannot move, R2).
        const ids = acknowledged.filter((s, i) => i % 4 === 0 && !due.has(s.built.body.caseId)).map((s) => s.built.body.caseId);
        ids.forEach((id) => due.add(id));
        await t.db.query("UPDATE cases SET purge_at = now() - interval '1 minute' WHERE id = ANY($1)", [ids]);
      };
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < total) {
            const n = next++;
            await oneReport(n);
            if (n === Math.floor(total / 3)) await makeDue();
            if (n === Math.floor(total / 2)) killAtNextRequest = true;
          }
        }),
      );
      await makeDue();
      expect(killed).not.toBeNull();

      // The workers purge every due case; wait for the deletion records and the objects, not for the clock.
      const dueIds = [...due];
      const until = Date.now() + Math.max(120_000, total * 500);
      const purgedCounts = async () =>
        (await t.db.query("SELECT case_id, count(*)::int AS n FROM audit_events WHERE action = 'case.purged' AND case_id = ANY($1) GROUP BY case_id", [
          dueIds,
        ])) as { case_id: string; n: number }[];
      while ((await purgedCounts()).length < dueIds.length && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      const purged = await purgedCounts();
      const doublePurges = purged.filter((p) => p.n > 1).length;
      expect(await t.db.query('SELECT id FROM cases WHERE id = ANY($1)', [dueIds])).toEqual([]);
      expect(purged).toHaveLength(dueIds.length);
      const objectsLeft = async () => {
        const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'cases/' }));
        return (res.Contents ?? []).filter((o) => dueIds.some((id) => o.Key!.startsWith(`cases/${id}/`))).length;
      };
      while ((await objectsLeft()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
      expect(await objectsLeft()).toBe(0);

      // Every other acknowledged report is there, through the surviving API, and decrypts.
      let lost = 0;
      for (const sub of acknowledged.filter((s) => !due.has(s.built.body.caseId))) {
        try {
          const view = await json<{ grants: WireGrant[]; items: (WireItem & { signerPublicKey: string })[]; attachments: { attachmentId: string }[] }>(
            send('/api/public/case', { headers: { Authorization: sub.bearer } }),
            200,
          );
          const grant = view.grants.find((g) => g.keyKind === 'shared' && g.grantee === 'reporter')!;
          const key = openReporterGrant(grant, sub.built.body.caseId, sub.built.reporter.wrapKey);
          const report = view.items.find((i) => i.kind === 'report')!;
          const value = openItem<{ title: string }>(report, sub.built.body.caseId, key, fromB64(report.signerPublicKey, 32));
          if (!value.title.startsWith('Report ')) throw new Error('wrong report');
          if (sub.attachmentId && !view.attachments.some((a) => a.attachmentId === sub.attachmentId)) throw new Error('attachment missing');
        } catch (e) {
          lost++;
          process.stderr.write(`lost ${sub.built.body.caseId}: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }

      const verifier = new AuditVerifier(t.db);
      const chains = await Promise.all(orgs.map((o) => verifier.verify(o.id)));

      const figures = {
        multinode_reports: acknowledged.length,
        multinode_lost: lost,
        multinode_purged: purged.length,
        multinode_double_purges: doublePurges,
        multinode_5xx: counts.fiveXX,
        multinode_failed_on_killed_api: counts.failedOnKilled,
        multinode_requests: counts.requests,
        multinode_chains_broken: chains.filter((c) => !c.ok).length,
      };
      process.stdout.write(
        `${Object.entries(figures)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}\n`,
      );
      expect(acknowledged.length).toBeGreaterThan(total * 0.9);
      expect(figures).toMatchObject({ multinode_lost: 0, multinode_double_purges: 0, multinode_5xx: 0, multinode_chains_broken: 0 });
      expect(apis[0].child.exitCode).toBeNull();
    },
    Math.max(300_000, REPORTS_PER_ORG * ORGS * 2000),
  );
});
