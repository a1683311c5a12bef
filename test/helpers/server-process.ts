import { ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './processes';

export interface RunningServer {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts Kanava the way the README says (`npm start`) and waits until it listens. */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
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
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      // The whole process group: npm, node and the embedded PostgreSQL it started.
      process.kill(-child.pid!, 'SIGTERM');
    });
  await new Promise<void>((resolve, reject) => {
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
  return { child, output: () => output, stop };
}
