// Benchmarks: `npm run bench -- <name>`; each prints one `metric: value` line per figure.
//   start   cold first start (initdb, migrations, demo data) and a warm restart,
//           measured until /api/public/organisations/demo answers
//   audit   audit chain appends (8 concurrent writers) and verification over 1,000,000 events (scripts/bench-audit.mjs)
//   upload  encrypted attachment upload/download through the API vs a plain loopback copy (scripts/bench-upload.mjs)
//   purge   the worker purging 100,000 expired cases, its memory, and API latency meanwhile (scripts/bench-retention.mjs)
//   inbox   the handler inbox, its counts and a label filter over 100,000 cases (scripts/bench-retention.mjs)
//   load    concurrent submissions and follow-ups, no report lost, follow-ups with 100,000 cases (scripts/bench-load.mjs)
//   voice   the voice disguise of a 3-minute recording, single thread, in Node (scripts/bench-voice.mjs)
//   voice-chromium  the same disguise on a page's main thread in Debian's chromium, as the portal runs it
//           (scripts/bench-voice-chromium.mjs)
//   multinode  two APIs and two workers on one PostgreSQL and one S3 store, one API killed halfway
//           (the scenario of test/multinode.e2e-spec.ts, larger: KANAVA_MULTINODE_REPORTS_PER_ORG, default 500)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** Runs `npm start`, returns ms until the demo organisation answers, and stops it. */
async function timedStart(env) {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: 'ignore' });
  const url = `http://127.0.0.1:${env.PORT}/api/public/organisations/demo`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error('no answer within 60 s');
      try {
        const res = await fetch(url);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGTERM');
    });
  }
}

const benches = {
  async audit() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchAudit } = await import('./bench-audit.mjs');
    await benchAudit(root);
  },
  async upload() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchUpload } = await import('./bench-upload.mjs');
    await benchUpload(root);
  },
  async load() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchLoad } = await import('./bench-load.mjs');
    await benchLoad(root);
  },
  async purge() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchPurge } = await import('./bench-retention.mjs');
    await benchPurge(root);
  },
  async inbox() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchInbox } = await import('./bench-retention.mjs');
    await benchInbox(root);
  },
  async voice() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const { benchVoice } = await import('./bench-voice.mjs');
    await benchVoice(root);
  },
  async 'voice-chromium'() {
    const { benchVoiceChromium } = await import('./bench-voice-chromium.mjs');
    await benchVoiceChromium(root);
  },
  async multinode() {
    // The test is the scenario; run through Jest (its global setup starts PostgreSQL), larger, printing its figures.
    const env = {
      ...process.env,
      KANAVA_MULTINODE_REPORTS_PER_ORG: process.env.KANAVA_MULTINODE_REPORTS_PER_ORG ?? '500',
      KANAVA_MULTINODE_CONCURRENCY: process.env.KANAVA_MULTINODE_CONCURRENCY ?? '8',
    };
    const out = await new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', '--testTimeout=3600000', 'test/multinode.e2e-spec.ts'],
        {
          cwd: root,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the multinode run failed (exit ${code}):\n${text}`))));
    });
    for (const line of out.split('\n')) if (/^multinode_[a-z0-9_]+: /.test(line)) console.log(line);
  },
  async start() {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kanava-bench-start-'));
    try {
      const env = { PORT: String(await freePort()), KANAVA_DATA_DIR: dataDir };
      const first = await timedStart(env);
      const restart = await timedStart(env);
      console.log(`first_start_ms: ${Math.round(first)}`);
      console.log(`restart_ms: ${Math.round(restart)}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

const name = process.argv[2];
if (!benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
await benches[name]();
