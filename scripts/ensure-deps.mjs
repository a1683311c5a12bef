// Installs the Node packages when node_modules is missing or older than the
// lockfile, so `npm start` and `npm test` work on a fresh clone as they are.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mtime = (file) => {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return -1;
  }
};

if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  console.error('Installing Node packages (first run or changed lockfile)...');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
