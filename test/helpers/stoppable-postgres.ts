import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface StoppablePostgres {
  /** `postgres://…/kanava`: the same address across stops and starts. */
  url: string;
  /** A fast shutdown: open sessions are terminated, as when a server is stopped under load. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (a temporary embedded cluster on a fixed
 * port, run by stoppable-postgres-server.mjs in a child process) that the test can
 * stop and start again. The run's shared server must never be stopped.
 */
export async function startStoppablePostgres(timeoutMs = 60_000): Promise<StoppablePostgres> {
  const child = spawn(process.execPath, [path.join(__dirname, 'stoppable-postgres-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = (expected: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer ${expected} within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((line) => {
        clearTimeout(timer);
        if (expected.test(line)) resolve(line);
        else reject(new Error(`PostgreSQL helper said ${line}, expected ${expected}`));
      });
    });
  const ready = await next(/^ready /);
  const command = async (line: string, answer: RegExp) => {
    const answered = next(answer);
    child.stdin!.write(`${line}\n`);
    await answered;
  };
  return {
    url: ready.slice('ready '.length),
    stop: () => command('stop', /^stopped$/),
    start: () => command('start', /^started$/),
    destroy: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.write('exit\n');
      }),
  };
}
