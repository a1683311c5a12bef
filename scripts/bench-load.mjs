// `npm run bench -- load`: concurrent submissions and follow-ups against one built
// API instance on an embedded PostgreSQL (its own temporary cluster), then a check
// that every acknowledged report is there and decrypts, then follow-up reads with
// 100,000 cases in the database. Prints, one per line:
//   submit_per_s                 accepted (201) submissions per second over the timed phase
//   submit_p99_ms                p99 latency of POST /api/public/reports
//   challenge_p99_ms             p99 latency of POST /api/public/challenges (each submission fetches one)
//   followup_p99_ms              p99 latency of GET /api/public/case during the timed phase
//   errors                       answers that were neither 2xx nor an intended 429, and failed requests
//   rate_limited                 intended 429s (the budgets are set high for the run, so normally 0)
//   lost                         201-acknowledged reports not present or not decryptable afterwards
//   followup_p99_ms_100k_cases   p99 of GET /api/public/case with 100,000 cases in the database
//
// The client's crypto (an 8 KB report and 4 grants per submission, really encrypted and
// signed) is done before the clock starts, in worker threads; during the timed phase
// each submission fetches a challenge, solves it (difficulty set low for the run) and
// posts the prepared body. Reporter keys are random, not derived from a case secret
// with Argon2id: the server cannot tell, and 0.2 s of Argon2id each would dominate.
//
// Environment (for a quick run): KANAVA_BENCH_SECONDS (60), KANAVA_BENCH_SUBMITTERS (16
// concurrent submitting clients), KANAVA_BENCH_READERS (4 follow-up clients) and
// KANAVA_BENCH_FOLLOWUPS_PER_S (50 follow-ups per second between them, paced), KANAVA_BENCH_PREPARED (submissions prepared beforehand; default
// seconds × 400), KANAVA_BENCH_CASES (100000), KANAVA_BENCH_READS (5000 follow-up reads
// at 100,000 cases), KANAVA_BENCH_POW_DIFFICULTY (2), KANAVA_BENCH_API_NODE_ARGS
// (node arguments for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`),
// KANAVA_BENCH_LOCK_WAITS=1 (report which PostgreSQL locks sessions waited for).
// Diagnostics go to stderr: CPU milliseconds per accepted submission of the API, of
// PostgreSQL and of this load client, measured from /proc over the timed phase.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const env = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) used so far by a process and, optionally, its direct children. */
function cpuSeconds(pid, withChildren = false) {
  const ticks = 100; // USER_HZ on Linux
  const read = (p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / ticks };
    } catch {
      return null;
    }
  };
  let total = read(pid)?.cpu ?? 0;
  if (withChildren) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = read(entry);
      if (stat && stat.ppid === pid) total += stat.cpu;
    }
  }
  return total;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function startApi(root, env) {
  // KANAVA_BENCH_API_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
  const nodeArgs = (process.env.KANAVA_BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/apps/api/src/main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not start within 60 s:\n${output}`));
    }, 60_000);
    child.stdout.on('data', () => {
      if (output.includes('Kanava is listening')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code}:\n${output}`));
    });
  });
}

/** One HTTP exchange on a keep-alive agent; resolves with status, body text and milliseconds. */
function exchange(agent, base, method, route, headers, body) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(`${base}${route}`, { method, agent, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString(), ms: performance.now() - started }));
      res.on('error', (error) => resolve({ status: 0, text: String(error), ms: performance.now() - started }));
    });
    req.on('error', (error) => resolve({ status: 0, text: String(error), ms: performance.now() - started }));
    req.end(body);
  });
}

// Prepares submissions in a worker thread: everything the portal encrypts and signs.
const PREPARE = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
(async () => {
  const c = require(workerData.crypto);
  await c.ready();
  const { channelId, handlers, recoveryPublicKey, count } = workerData;
  const out = [];
  for (let i = 0; i < count; i++) {
    const caseId = randomUUID();
    const sign = c.generateStaffKeys().sign;
    const key = c.generateKey();
    const wrapKey = c.generateKey();
    const lookupToken = c.generateKey();
    const marker = 'bench-' + caseId;
    const items = [c.encryptItem({ caseId, kind: 'report', itemId: randomUUID(), key, signSecretKey: sign.secretKey,
      // 8 KB of padded plaintext: the 512-byte padding rounds this report up to 8192 bytes.
      value: { title: marker, body: 'x'.repeat(7900), handlerSignKeys: handlers.map((h) => h.signPublicKey) } })];
    const toBox = (grantee, boxPublicKey) => c.sealGrantToBox({ caseId, keyKind: 'shared', key, grantee, boxPublicKey: c.fromB64(boxPublicKey, 32), signSecretKey: sign.secretKey });
    const grants = [
      c.sealGrantToReporter({ caseId, keyKind: 'shared', key, wrapKey, signSecretKey: sign.secretKey }),
      ...handlers.map((h) => toBox('user:' + h.userId, h.boxPublicKey)),
    ];
    if (recoveryPublicKey) grants.push(toBox('recovery', recoveryPublicKey));
    // Serialised once here; the proof is spliced in front during the run.
    const rest = JSON.stringify({ caseId, channelId, categoryId: null, lookupToken: c.toB64(lookupToken),
      reporterSignPublicKey: c.toB64(sign.publicKey), excludedUserIds: [], items, grants });
    out.push({ caseId, marker, rest, bearer: 'Bearer ' + c.toB64(lookupToken), wrapKey: c.toB64(wrapKey), grants: grants.length });
  }
  parentPort.postMessage(out);
})().catch((e) => { throw e; });
`;

async function prepare(root, context, count) {
  const threads = Math.max(1, Math.min(os.availableParallelism(), 4));
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const share = Math.floor(count / threads) + (i < count % threads ? 1 : 0);
      const worker = new Worker(PREPARE, { eval: true, workerData: { ...context, count: share, crypto: path.join(root, 'dist/libs/crypto/src/index.js') } });
      return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  return parts.flat();
}

export async function benchLoad(root) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const c = require(path.join(root, 'dist/libs/crypto/src/index.js'));
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/database/src'));
  const { Pool } = require('pg');
  await c.ready();

  const seconds = env('KANAVA_BENCH_SECONDS', 60);
  const submitters = env('KANAVA_BENCH_SUBMITTERS', 16);
  const readers = env('KANAVA_BENCH_READERS', 4);
  const followupRate = env('KANAVA_BENCH_FOLLOWUPS_PER_S', 50);
  const preparedCount = env('KANAVA_BENCH_PREPARED', seconds * 400);
  const targetCases = env('KANAVA_BENCH_CASES', 100_000);
  const difficulty = env('KANAVA_BENCH_POW_DIFFICULTY', 2);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'kanava-bench-load-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dir, 'postgres'));
  const db = new Pool({ connectionString: pg.url, max: 4 });
  // Idle connections are ended when PostgreSQL stops at the end; that is not an error here.
  db.on('error', () => undefined);
  let api;
  try {
    const port = await freePort();
    api = await startApi(root, {
      PORT: String(port),
      DATABASE_URL: pg.url,
      KANAVA_DATA_DIR: path.join(dir, 'api'),
      KANAVA_DEMO: 'true',
      KANAVA_LOG_LEVEL: 'log',
      KANAVA_SERVER_SECRET: randomBytes(32).toString('hex'),
      KANAVA_POW_DIFFICULTY: String(difficulty),
      // The budgets are the operator's choice; here they are set above what the run can reach,
      // so the figures are the server's capacity, not the configured limit.
      KANAVA_SUBMISSIONS_PER_WINDOW: '10000000',
      KANAVA_ORG_SUBMISSIONS_PER_WINDOW: '10000000',
    });
    const base = `http://127.0.0.1:${port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: submitters + readers + 4 });
    const getJson = async (route) => {
      const res = await exchange(agent, base, 'GET', route, {});
      if (res.status !== 200) throw new Error(`GET ${route}: ${res.status} ${res.text}`);
      return JSON.parse(res.text);
    };
    const org = await getJson('/api/public/organisations/demo');
    const channelId = org.channels[0].id;
    const recipients = await getJson(`/api/public/channels/${channelId}/recipients`);

    let started = performance.now();
    const prepared = await prepare(root, { channelId, handlers: recipients.handlers, recoveryPublicKey: org.recoveryPublicKey }, preparedCount);
    const grantsEach = prepared[0]?.grants;
    process.stderr.write(`prepared ${prepared.length} submissions (${grantsEach} grants each) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const json = { 'Content-Type': 'application/json' };
    const stats = { errors: 0, rateLimited: 0, examples: [] };
    const problem = (what, res) => {
      if (res.status === 429) stats.rateLimited++;
      else {
        stats.errors++;
        if (stats.examples.length < 5) stats.examples.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    };
    const acked = [];
    let next = 0;
    /** One reporter: challenge, proof, submission. False when nothing is left to submit. */
    const submitOne = async (latencies) => {
      const sub = prepared[next++];
      if (!sub) return false;
      const ch = await exchange(agent, base, 'POST', '/api/public/challenges', json, '{}');
      latencies?.challenge.push(ch.ms);
      if (ch.status !== 201) {
        problem('challenge', ch);
        return true;
      }
      const challenge = JSON.parse(ch.text);
      const nonce = c.toB64(c.solveProof(c.fromB64(challenge.salt, 16), challenge.difficulty));
      const body = `{"proof":{"challengeId":"${challenge.id}","nonce":"${nonce}"},${sub.rest.slice(1)}`;
      const res = await exchange(agent, base, 'POST', '/api/public/reports', json, body);
      latencies?.submit.push(res.ms);
      if (res.status === 201) acked.push(sub);
      else problem('submit', res);
      return true;
    };

    // Warm-up (untimed): a few reports, so follow-ups have cases to read from the first second.
    for (let i = 0; i < 50; i++) await submitOne(null);

    const latencies = { submit: [], challenge: [], followup: [] };
    const ackedBefore = acked.length;
    let exhausted = false;
    const postmaster = Number(readFileSync(path.join(dir, 'postgres', 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const cpuBefore = { api: cpuSeconds(api.child.pid), postgres: cpuSeconds(postmaster, true), client: process.cpuUsage() };
    started = performance.now();
    const end = started + seconds * 1000;
    // KANAVA_BENCH_LOCK_WAITS=1: which locks PostgreSQL sessions wait for during the timed phase (sampled every 100 ms).
    const waits = new Map();
    const sampler = process.env.KANAVA_BENCH_LOCK_WAITS
      ? setInterval(async () => {
          const rows = (
            await db.query(
              "SELECT coalesce(relation::regclass::text, locktype) || ' ' || mode AS w, count(*)::int AS n FROM pg_locks WHERE NOT granted GROUP BY 1",
            )
          ).rows;
          for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + r.n);
        }, 100)
      : null;
    await Promise.all([
      ...Array.from({ length: submitters }, async () => {
        while (performance.now() < end) {
          if (!(await submitOne(latencies))) {
            exhausted = true;
            return;
          }
        }
      }),
      ...Array.from({ length: readers }, async (_, i) => {
        // Paced (open loop): follow-ups arrive at a fixed rate, however fast the server answers.
        const interval = (readers / followupRate) * 1000;
        let due = started + (i * interval) / readers;
        while (performance.now() < end) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          due += interval;
          const sub = acked[Math.floor(Math.random() * acked.length)];
          const res = await exchange(agent, base, 'GET', '/api/public/case', { Authorization: sub.bearer });
          latencies.followup.push(res.ms);
          if (res.status !== 200) problem('follow-up', res);
        }
      }),
    ]);
    if (sampler) {
      clearInterval(sampler);
      process.stderr.write(`lock waits (samples): ${JSON.stringify([...waits].sort((a, b) => b[1] - a[1]))}\n`);
    }
    const elapsed = (performance.now() - started) / 1000;
    const accepted = acked.length - ackedBefore;
    const client = process.cpuUsage(cpuBefore.client);
    const perSubmit = (seconds) => ((seconds * 1000) / Math.max(1, accepted)).toFixed(2);
    process.stderr.write(
      `timed phase: ${accepted} submissions, ${latencies.followup.length} follow-ups in ${elapsed.toFixed(1)} s; CPU ms per accepted submission (follow-ups included): ` +
        `api ${perSubmit(cpuSeconds(api.child.pid) - cpuBefore.api)}, postgres ${perSubmit(cpuSeconds(postmaster, true) - cpuBefore.postgres)}, ` +
        `load client ${perSubmit((client.user + client.system) / 1e6)}\n`,
    );
    if (exhausted) process.stderr.write(`all ${prepared.length} prepared submissions were used before the time ran out: raise KANAVA_BENCH_PREPARED\n`);

    // Every acknowledged report: present, and the reporter can open it with only what it kept.
    let lost = 0;
    let checked = 0;
    const verify = async () => {
      for (;;) {
        const sub = acked[checked++];
        if (!sub) return;
        const res = await exchange(agent, base, 'GET', '/api/public/case', { Authorization: sub.bearer });
        try {
          if (res.status !== 200) throw new Error(`${res.status}`);
          const view = JSON.parse(res.text);
          const grant = view.grants.find((g) => g.keyKind === 'shared' && g.grantee === 'reporter');
          const key = c.openReporterGrant(grant, sub.caseId, c.fromB64(sub.wrapKey, 32));
          const report = view.items.find((i) => i.kind === 'report');
          c.verifyItem(report, sub.caseId, c.fromB64(view.reporterSignPublicKey, 32));
          if (c.decryptItem(report, sub.caseId, key).title !== sub.marker) throw new Error('another report');
        } catch (e) {
          lost++;
          if (lost <= 5) process.stderr.write(`lost ${sub.caseId}: ${e instanceof Error ? e.message : e}\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, verify));

    // Follow-up reads with `targetCases` cases: clone real cases (their 8 KB report item and
    // grants) under new ids and fresh lookup tokens, by SQL, then read a random mix.
    started = performance.now();
    // One connection for the seeding: its temporary table belongs to the session.
    const seeder = await db.connect();
    const [{ n: present }] = (await seeder.query('SELECT count(*)::int AS n FROM cases')).rows;
    const seeded = [];
    const columns = async (table) =>
      (
        await seeder.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", [
          table,
        ])
      ).rows.map((r) => r.column_name);
    const clone = async (table, overrides, from) => {
      const cols = await columns(table);
      const select = cols.map((col) => overrides[col] ?? `t.${col}`);
      await seeder.query(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select.join(', ')} ${from}`);
    };
    const batch = 10_000;
    for (let done = present; done < targetCases;) {
      const n = Math.min(batch, targetCases - done);
      const tokens = Array.from({ length: n }, () => randomBytes(32));
      seeded.push(...tokens.map((t) => `Bearer ${c.toB64(t)}`));
      const hashes = tokens.map((t) => createHash('sha256').update(t).digest());
      await seeder.query('CREATE TEMP TABLE IF NOT EXISTS seed_map (new_id uuid, src_id uuid, token_hash bytea, k int)');
      await seeder.query('TRUNCATE seed_map');
      await seeder.query(
        `INSERT INTO seed_map SELECT gen_random_uuid(), src.id, h.hash, $2 + h.k
           FROM unnest($1::bytea[]) WITH ORDINALITY AS h(hash, k)
           JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS total FROM cases WHERE reference NOT LIKE 'U%') src ON src.r = h.k % src.total`,
        [hashes, done],
      );
      // References starting with U: a letter the real reference alphabet leaves out, so no clash.
      await clone(
        'cases',
        {
          id: 'm.new_id',
          lookup_token_hash: 'm.token_hash',
          reference: `'U' || lpad((m.k / 10000)::text, 3, '0') || '-' || lpad((m.k % 10000)::text, 4, '0')`,
        },
        'FROM seed_map m JOIN cases t ON t.id = m.src_id',
      );
      await clone('case_items', { id: 'gen_random_uuid()', case_id: 'm.new_id' }, 'FROM seed_map m JOIN case_items t ON t.case_id = m.src_id');
      await clone('case_grants', { id: 'gen_random_uuid()', case_id: 'm.new_id' }, 'FROM seed_map m JOIN case_grants t ON t.case_id = m.src_id');
      done += n;
    }
    await seeder.query('ANALYZE');
    const [{ n: total }] = (await seeder.query('SELECT count(*)::int AS n FROM cases')).rows;
    seeder.release();
    process.stderr.write(`seeded ${total - present} cases by SQL (${total} in all) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const readLatencies = [];
    const tokens = [...seeded, ...acked.map((s) => s.bearer)];
    const reads = env('KANAVA_BENCH_READS', 5000);
    let issued = 0;
    // Untimed warm-up of the connection pool and the plan cache, as the timed phase had.
    for (let i = 0; i < 50; i++) await exchange(agent, base, 'GET', '/api/public/case', { Authorization: tokens[i % tokens.length] });
    await Promise.all(
      Array.from({ length: readers }, async () => {
        while (issued++ < reads) {
          const res = await exchange(agent, base, 'GET', '/api/public/case', { Authorization: tokens[Math.floor(Math.random() * tokens.length)] });
          readLatencies.push(res.ms);
          if (res.status !== 200) problem('follow-up (100k)', res);
        }
      }),
    );

    for (const line of stats.examples) process.stderr.write(`error: ${line}\n`);
    console.log(`submit_per_s: ${Math.round(accepted / elapsed)}`);
    console.log(`submit_p99_ms: ${percentile(latencies.submit, 99).toFixed(1)}`);
    console.log(`challenge_p99_ms: ${percentile(latencies.challenge, 99).toFixed(1)}`);
    console.log(`followup_p99_ms: ${percentile(latencies.followup, 99).toFixed(1)}`);
    console.log(`errors: ${stats.errors}`);
    console.log(`rate_limited: ${stats.rateLimited}`);
    console.log(`lost: ${lost}`);
    console.log(`followup_p99_ms_${Math.round(total / 1000)}k_cases: ${percentile(readLatencies, 99).toFixed(1)}`);
    agent.destroy();
  } finally {
    if (api && api.child.exitCode === null) {
      const exited = once(api.child, 'exit');
      api.child.kill('SIGTERM');
      const timer = setTimeout(() => api.child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await db.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
