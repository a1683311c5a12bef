import { ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './processes';

export interface RunningServer {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export interface StartingServer extends RunningServer {
  /** Resolves once Kanava says it listens; rejects if it exits first or takes longer than the timeout. */
  listening: Promise<void>;
}

/** Starts Kanava the way the README says (`npm start`) and waits until it listens. */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  const server = spawnServer(env, timeoutMs);
  await server.listening;
  return server;
}

/** Starts Kanava the way the README says (`npm start`), for a test that watches its output while it starts. */
export function spawnServer(env: Record<string, string>, timeoutMs = 60_000): StartingServer {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      // Ended already: by itself (exitCode) or by a signal (signalCode), as on a second stop.
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // The whole process group: npm, node and the embedded PostgreSQL it started.
      process.kill(-child.pid!, 'SIGTERM');
    });
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kanava did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes('Kanava is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kanava exited with ${code} before listening:\n${output}`));
    });
  });
  // A test that stops the server before it listens must not see an unhandled rejection.
  listening.catch(() => undefined);
  return { child, output: () => output, stop, listening };
}
