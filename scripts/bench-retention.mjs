// `npm run bench -- purge` and `npm run bench -- inbox`: the case lifecycle at scale,
// against the built API on embedded PostgreSQL in a temporary data directory, with
// 100,000 cases seeded by SQL into the demo organisation (each with three items,
// grants and, for the purge, a small stored attachment). Print, one per line:
//   purge_100k_seconds   the worker, started on 100,000 expired cases, until none is left and every deletion record is chained
//   purge_peak_rss_mb    the worker's peak resident memory over that run
//   purge_api_p99_ms     public API requests (organisation page, reporter follow-up) served meanwhile,
//                        sent at a steady KANAVA_BENCH_API_RPS per second (default 100) after 50 untimed
//                        warm-up requests; stderr adds the p99 per route and the worker's CPU time.
//                        KANAVA_BENCH_PROFILE=<dir> writes the worker's V8 CPU profile there.
//   inbox_p99_ms         the handler's inbox, overdue first (sort=due&due=overdue), a page of 50,
//                        with 100,000 cases in the organisation, over HTTP with a real staff session
//   inbox_counts_p99_ms  the inbox's counts per status (GET /api/staff/cases/counts) over the same cases
//   inbox_label_p99_ms   a page of 50 filtered by a label that one case in ten carries
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort, p99, startChild } from './bench-util.mjs';

const CASES = Number(process.env.KANAVA_BENCH_CASES ?? 100_000);
const CHUNK = 10_000;

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

function peakRssMb(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(text)[1]) / 1024;
}

/** CPU seconds (user, system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** The built API on a fresh data directory with the demo organisation; the database URL joins its embedded PostgreSQL. */
async function startKanava(root, extraEnv = {}) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const parent = mkdtempSync(path.join(os.tmpdir(), 'kanava-bench-retention-'));
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const port = await freePort();
  // The API runs no jobs here (KANAVA_JOBS=off): the purge bench times the worker it starts, not the API's own purge.
  const env = { PORT: String(port), KANAVA_DATA_DIR: dataDir, KANAVA_DEMO: 'true', KANAVA_LOG_LEVEL: 'warn', KANAVA_JOBS: 'off', ...extraEnv };
  const api = await startChild([path.join(root, 'dist/apps/api/src/main.js')], { ...env, KANAVA_LOG_LEVEL: 'log' }, 'Kanava is listening');
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/database/src/index.js'));
  const pg = require('pg');
  const { url } = await startEmbeddedPostgres(dataDir);
  const db = new pg.Pool({ connectionString: url, max: 4 });
  db.on('error', () => undefined); // idle clients cut when PostgreSQL stops at the end
  const [demo] = (
    await db.query("SELECT o.id AS org, c.id AS channel FROM organisations o JOIN channels c ON c.organisation_id = o.id WHERE o.slug = 'demo' LIMIT 1")
  ).rows;
  const handlers = (
    await db.query("SELECT m.user_id FROM channel_members m WHERE m.channel_id = $1 AND m.role = 'handler' ORDER BY m.user_id", [demo.channel])
  ).rows.map((r) => r.user_id);
  return {
    api,
    db,
    url,
    env,
    dataDir,
    base: `http://127.0.0.1:${port}`,
    demo: { ...demo, handlers },
    async close() {
      await db.end();
      await stop(api);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * Seeds `count` cases in one channel by SQL, CHUNK at a time: three items each, a
 * shared grant per handler plus the reporter's, and (with `attachments`) a stored
 * 1 KiB attachment. `receivedFrom` is the first receipt time; each case one second later.
 */
async function seedCases(k, { count, receivedFrom, attachments, statuses = ['received'] }) {
  const blob = (n) => `decode(repeat('ab', ${n}), 'hex')`;
  for (let from = 0; from < count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK) - 1;
    const client = await k.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO cases (id, organisation_id, channel_id, reference, lookup_token_hash, reporter_sign_public_key, status, shared_key_id,
                            received_at, acknowledgement_due_at, feedback_due_at, next_due_at, subject_informed_due_at)
         SELECT gen_random_uuid(), $1, $2, 'BN' || lpad(i::text, 8, '0'), sha256(('t' || i || $3)::bytea), sha256(('s' || i)::bytea),
                ($6::text[])[1 + i % cardinality($6::text[])], substring(sha256(('k' || i)::bytea) from 1 for 16),
                r, r + interval '7 days', r + interval '7 days' + interval '3 months',
                CASE WHEN ($6::text[])[1 + i % cardinality($6::text[])] = 'closed' THEN NULL ELSE r + interval '7 days' END,
                r + interval '1 month'
           FROM generate_series($4::int, $5::int) i, LATERAL (SELECT $7::timestamptz + i * interval '1 second' AS r) t`,
        [k.demo.org, k.demo.channel, randomBytes(8).toString('hex'), from, to, statuses, receivedFrom],
      );
      const chunk = `c.organisation_id = $1 AND c.reference BETWEEN 'BN' || lpad($2::text, 8, '0') AND 'BN' || lpad($3::text, 8, '0')`;
      await client.query(
        `INSERT INTO case_items (id, case_id, kind, key_id, nonce, ciphertext, signature, author_kind, author_user_id, signer_public_key, created_at)
         SELECT gen_random_uuid(), c.id, k.kind, c.shared_key_id, ${blob(24)}, ${blob(600)}, ${blob(64)}, 'reporter', NULL, c.reporter_sign_public_key, c.received_at
           FROM cases c CROSS JOIN (VALUES ('report'), ('subject'), ('message-reporter')) k(kind) WHERE ${chunk}`,
        [k.demo.org, from, to],
      );
      await client.query(
        `INSERT INTO case_grants (id, case_id, key_kind, grantee, grantee_user_id, key_id, sealed, signature, signed_by, created_at)
         SELECT gen_random_uuid(), c.id, 'shared', g.grantee, g.user_id, c.shared_key_id, ${blob(80)}, ${blob(64)}, 'reporter', c.received_at
           FROM cases c CROSS JOIN (SELECT 'user:' || u AS grantee, u AS user_id FROM unnest($4::uuid[]) u UNION ALL SELECT 'reporter', NULL) g
          WHERE ${chunk}`,
        [k.demo.org, from, to, k.demo.handlers],
      );
      if (attachments) {
        const { rows } = await client.query(
          `INSERT INTO attachments (id, case_id, size, received, complete, segments, key_id, meta_nonce, meta_ciphertext, meta_signature,
                                    file_key_nonce, file_key_ciphertext, file_key_signature, author_kind, author_user_id, signer_public_key, updated_at, completed_at)
           SELECT a.id, c.id, 1024, 1024, true, jsonb_build_array(jsonb_build_object('key', 'cases/' || c.id || '/' || a.id || '/0', 'offset', 0, 'length', 1024)),
                  c.shared_key_id, ${blob(24)}, ${blob(100)}, ${blob(64)}, ${blob(24)}, ${blob(60)}, ${blob(64)}, 'reporter', NULL, c.reporter_sign_public_key,
                  c.received_at, c.received_at
             FROM cases c, LATERAL (SELECT gen_random_uuid() AS id) a WHERE ${chunk}
           RETURNING case_id, id`,
          [k.demo.org, from, to],
        );
        const bytes = randomBytes(1024);
        for (const r of rows) {
          const dir = path.join(k.dataDir, 'attachments', 'cases', r.case_id, r.id);
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, '0'), bytes);
        }
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
  await k.db.query('ANALYZE');
}

/**
 * Requests at a steady `perSecond` (open loop: each is sent on schedule, whether or not
 * earlier ones have answered, so a slow server cannot slow the load down and hide its
 * latency) until `until()` says stop; returns the latencies in ms and the failures.
 */
async function pacedLoad(requests, perSecond, until) {
  const latencies = [];
  const byRequest = requests.map(() => []);
  const inFlight = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; !until(); i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { url, headers } = requests[i % requests.length];
    const sent = performance.now();
    inFlight.push(
      fetch(url, { headers })
        .then(async (res) => {
          await res.arrayBuffer();
          const ms = performance.now() - sent;
          latencies.push(ms);
          byRequest[i % requests.length].push(ms);
          if (res.status !== 200) failures++;
        })
        .catch(() => failures++),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures, byRequest };
}

/** Requests in a closed loop from `lanes` clients until `until()` says stop; returns the latencies in ms and the failures. */
async function loadLoop(requests, lanes, until) {
  const latencies = [];
  const byRequest = requests.map(() => []);
  let failures = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; !until(); i++) {
        const { url, headers } = requests[i % requests.length];
        const started = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        byRequest[i % requests.length].push(performance.now() - started);
        if (res.status !== 200) failures++;
      }
    }),
  );
  return { latencies, failures, byRequest };
}

export async function benchPurge(root) {
  const k = await startKanava(root);
  try {
    // One live case the reporter follows up while the purge runs (kept by its deletion date: its receipt time cannot move).
    const token = randomBytes(32);
    await seedCases(k, { count: CASES, receivedFrom: '2019-01-01T00:00:00Z', attachments: true });
    await k.db.query("UPDATE cases SET lookup_token_hash = $1, purge_at = now() + interval '5 years' WHERE reference = 'BN00000000' AND organisation_id = $2", [
      createHash('sha256').update(token).digest(),
      k.demo.org,
    ]);
    const due = Number((await k.db.query('SELECT count(*) FROM cases WHERE purge_at <= now()')).rows[0].count);
    if (due !== CASES - 1) throw new Error(`seeded ${due} expired cases, expected ${CASES - 1}`);
    // Polled every 100 ms while the purge runs: probes, not counts, so the bench's own load stays small. The purge is
    // done when no expired case is left and every deletion record is in the audit chain (chained right after its batch commits).
    const unfinished = async () =>
      (
        await k.db.query(
          "SELECT EXISTS (SELECT 1 FROM cases WHERE purge_at <= now()) OR EXISTS (SELECT 1 FROM audit_pending WHERE action = 'case.purged') AS any",
        )
      ).rows[0].any;

    const requests = [
      { url: `${k.base}/api/public/organisations/demo`, headers: {} },
      { url: `${k.base}/api/public/case`, headers: { Authorization: `Bearer ${token.toString('base64url')}` } },
    ];
    // Warm the load generator's HTTP client and the API's routes first: the first requests of a process pay for their set-up.
    for (let i = 0; i < 50; i++) await (await fetch(requests[i % requests.length].url, { headers: requests[i % requests.length].headers })).arrayBuffer();
    const started = performance.now();
    // KANAVA_BENCH_PROFILE=<dir>: the worker writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    const profile = process.env.KANAVA_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.KANAVA_BENCH_PROFILE)}`] : [];
    const worker = await startChild([...profile, path.join(root, 'dist/apps/worker/src/main.js')], {
      ...k.env,
      DATABASE_URL: k.url,
      KANAVA_SERVER_SECRET: readFileSync(path.join(k.dataDir, 'server-secret'), 'utf8').trim(),
      // The worker's batch size, to compare settings: KANAVA_PURGE_BATCH_SIZE=250 npm run bench -- purge
      ...(process.env.KANAVA_PURGE_BATCH_SIZE ? { KANAVA_PURGE_BATCH_SIZE: process.env.KANAVA_PURGE_BATCH_SIZE } : {}),
    });
    let done = false;
    let peak = 0;
    // Public traffic while the worker purges: KANAVA_BENCH_API_RPS requests per second (default 100).
    const rate = Number(process.env.KANAVA_BENCH_API_RPS ?? 100);
    const load = pacedLoad(requests, rate, () => done);
    try {
      while (await unfinished()) {
        peak = Math.max(peak, peakRssMb(worker.pid));
        if (worker.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        if (performance.now() - started > 600_000) throw new Error('purge did not finish within 10 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - started) / 1000;
      peak = Math.max(peak, peakRssMb(worker.pid));
      const workerCpu = cpuSeconds(worker.pid);
      done = true;
      const { latencies, failures, byRequest } = await load;
      const [{ count: events }] = (await k.db.query("SELECT count(*) FROM audit_events WHERE action = 'case.purged'")).rows;
      if (Number(events) !== CASES - 1) throw new Error(`${events} deletion records for ${CASES - 1} cases`);
      if (failures > 0) throw new Error(`${failures} API requests failed during the purge`);
      console.log(`purge_100k_seconds: ${seconds.toFixed(1)}`);
      console.log(`purge_peak_rss_mb: ${Math.round(peak)}`);
      console.log(`purge_api_p99_ms: ${p99(latencies).toFixed(1)}`);
      console.error(`(${CASES - 1} cases purged, ${events} deletion records, ${latencies.length} API requests meanwhile at ${rate}/s)`);
      requests.forEach((r, i) => console.error(`  p99 ${p99(byRequest[i]).toFixed(1)} ms  ${r.url.replace(k.base, '')}`));
      console.error(`  worker CPU: ${workerCpu.user.toFixed(1)} s user, ${workerCpu.system.toFixed(1)} s system`);
    } finally {
      done = true;
      await load.catch(() => undefined);
      await stop(worker);
    }
  } finally {
    await k.close();
  }
}

export async function benchInbox(root) {
  const require = createRequire(import.meta.url);
  const crypto = require(path.join(root, 'dist/libs/crypto/src/index.js'));
  const staff = require(path.join(root, 'dist/libs/staff/src/index.js'));
  await crypto.ready();
  const k = await startKanava(root);
  try {
    // Received over the last 200 days: some overdue, some due soon, some closed.
    const from = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await seedCases(k, { count: CASES, receivedFrom: from, statuses: ['received', 'triaged', 'investigating', 'concluded', 'closed'] });
    const email = staff.DEMO_EMAILS.find((a) => a.roles.includes('handler')).email;
    await k.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE email = $1', [email]);
    // One label on every tenth case, as handlers might mark the ones waiting for an opinion.
    const [label] = (
      await k.db.query("INSERT INTO labels (id, organisation_id, name, created_at) VALUES (gen_random_uuid(), $1, 'Waiting', now()) RETURNING id", [k.demo.org])
    ).rows;
    await k.db.query(
      `INSERT INTO case_labels (case_id, label_id, labelled_at)
         SELECT id, $2, now() FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases WHERE organisation_id = $1) c WHERE n % 10 = 0`,
      [k.demo.org, label.id],
    );
    await k.db.query('ANALYZE case_labels');
    const post = async (route, body) => {
      const res = await fetch(`${k.base}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${route}: ${res.status} ${await res.text()}`);
      return res;
    };
    const pre = await (await post('/api/auth/prelogin', { email })).json();
    const { authKey } = crypto.deriveStaffKeys(staff.DEMO_PASSWORD, crypto.fromB64(pre.salt, 16), crypto.assertKdfParams(pre.kdf));
    const login = await post('/api/auth/login', { email, authKey: crypto.toB64(authKey), totp: staff.totpFor(staff.DEMO_TOTP_SECRET, email).generate() });
    const cookie = login.headers.get('set-cookie').split(';')[0];

    const first = `${k.base}/api/staff/cases?sort=due&due=overdue&limit=50`;
    const page1 = await (await fetch(first, { headers: { Cookie: cookie } })).json();
    if (page1.cases?.length !== 50 || !page1.nextCursor) throw new Error(`unexpected inbox page: ${JSON.stringify(page1).slice(0, 300)}`);
    const requests = [
      { url: first, headers: { Cookie: cookie } },
      { url: `${first}&cursor=${page1.nextCursor}`, headers: { Cookie: cookie } },
      { url: `${k.base}/api/staff/cases?sort=due&status=investigating&limit=50`, headers: { Cookie: cookie } },
      { url: `${k.base}/api/staff/cases?limit=50`, headers: { Cookie: cookie } },
    ];
    let n = 0;
    await loadLoop(requests, 1, () => n++ >= 50);
    n = 0;
    const { latencies, failures, byRequest } = await loadLoop(requests, 1, () => n++ >= 1000);
    if (failures > 0) throw new Error(`${failures} inbox requests failed`);
    console.log(`inbox_p99_ms: ${p99(latencies).toFixed(1)}`);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.error(`(${latencies.length} inbox pages over ${CASES} cases; median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms)`);
    requests.forEach((r, i) => console.error(`  p99 ${p99(byRequest[i]).toFixed(1)} ms  ${r.url.replace(k.base, '').slice(0, 90)}`));

    for (const [metric, url] of [
      ['inbox_counts_p99_ms', `${k.base}/api/staff/cases/counts`],
      ['inbox_label_p99_ms', `${k.base}/api/staff/cases?label=${label.id}&limit=50`],
    ]) {
      const one = [{ url, headers: { Cookie: cookie } }];
      n = 0;
      await loadLoop(one, 1, () => n++ >= 20);
      n = 0;
      const measured = await loadLoop(one, 1, () => n++ >= 200);
      if (measured.failures > 0) throw new Error(`${measured.failures} requests to ${url} failed`);
      console.log(`${metric}: ${p99(measured.latencies).toFixed(1)}`);
    }
  } finally {
    await k.close();
  }
}
