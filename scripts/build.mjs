// Compiles apps/*/src and libs/*/src to dist/ with swc: fast enough to run on every
// `npm start` (type checking is `npm run typecheck`, part of `npm test`).
// Path aliases (@kanava/<lib>) are rewritten to relative paths so the output runs
// on plain Node without a resolver hook. Only files newer than their output are compiled.
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const swcrc = JSON.parse(await readFile(path.join(root, '.swcrc'), 'utf8'));
const tsconfig = JSON.parse(await readFile(path.join(root, 'tsconfig.json'), 'utf8'));

async function* sources(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
    // Worker threads' scripts are plain CommonJS that Node starts by path: copied, not compiled.
    else if (entry.name.endsWith('.worker.mjs')) yield full;
  }
}

async function mtime(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return -1;
  }
}

const roots = [];
for (const group of ['apps', 'libs']) {
  for (const name of await readdir(path.join(root, group))) {
    // apps/web is the browser UI: Vite builds it (build-web.mjs below), not this Node build.
    if (group === 'apps' && name === 'web') continue;
    roots.push(path.join(root, group, name, 'src'));
  }
}

let compiled = 0;
const started = Date.now();
for (const dir of roots) {
  for await (const file of sources(dir)) {
    const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    if ((await mtime(target)) >= (await mtime(file))) continue;
    if (file.endsWith('.worker.mjs')) {
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(file, target);
      compiled++;
      continue;
    }
    const out = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: path.relative(path.dirname(target), file),
      jsc: { ...swcrc.jsc, baseUrl: root, paths: tsconfig.compilerOptions.paths },
    });
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, out.code + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (out.map) await writeFile(target + '.map', out.map);
    compiled++;
  }
}
if (!quiet) console.error(`build: ${compiled} file(s) compiled in ${Date.now() - started} ms`);

// The browser UI (reporter portal), which the API serves from dist/web; rebuilt only when its sources changed.
const { buildWeb } = await import('./build-web.mjs');
await buildWeb({ quiet });
