import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The server secret from `<dataDir>/server-secret`, created on first start. Set
 * KANAVA_SERVER_SECRET instead when several API instances must share it.
 */
export async function loadOrCreateServerSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'server-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  return (await readFile(file, 'utf8')).trim();
}
