// Builds the browser UI (apps/web, Vite) into dist/web when any of its inputs is
// newer than the last build, so `npm start` and the browser tests stay fast when
// nothing changed. Inputs: apps/web (sources, HTML, config), the browser-safe libs it
// bundles (libs/api-contract, libs/crypto, libs/voice, libs/passwords), package-lock.json.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'web');
const stamp = path.join(outDir, 'portal.html');

async function newest(target) {
  let info;
  try {
    info = await stat(target);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
    max = Math.max(max, await newest(path.join(target, entry)));
  }
  return max;
}

const lock = path.join(root, 'dist', '.web-build.lock');

/**
 * Several processes may ask for the build at once (the test files run in parallel
 * workers, and some run `npm run build`): a lock directory lets one build while the
 * others wait, and they then find the output fresh.
 */
async function withLock(fn) {
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // A lock older than three minutes was left by a build that died.
      const age = Date.now() - (await newest(lock));
      if (age > 180_000 && (await newest(lock)) > 0) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another web build');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Builds when stale; returns whether it built. `force` builds anyway. */
export function buildWeb({ force = false, quiet = false } = {}) {
  return withLock(() => buildIfStale(force, quiet));
}

async function buildIfStale(force, quiet) {
  const inputs = Math.max(
    await newest(path.join(root, 'apps', 'web')),
    ...(await Promise.all(['api-contract', 'crypto', 'voice', 'passwords'].map((lib) => newest(path.join(root, 'libs', lib, 'src'))))),
    await newest(path.join(root, 'package-lock.json')),
  );
  const built = await newest(stamp);
  if (!force && built > inputs) return false;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps', 'web', 'vite.config.mjs'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.error(`build: web UI built in ${Date.now() - started} ms`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildWeb({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') });
}
