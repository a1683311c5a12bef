import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from './processes';

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Current and peak resident set size of the server process, in bytes (/proc/<pid>/status). */
  memory(): { rss: number; peak: number };
  /** Resets the peak (VmHWM) to the current RSS; false where the kernel does not allow it. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

/** The built API (`node dist/apps/api/src/main.js`, see buildOnce) as a child process, so its memory can be measured. */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes('Kanava is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code}:\n${output}`));
    });
  });
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)![1]) * 1024;
  return {
    child,
    url: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    memory() {
      const text = status();
      return { rss: field(text, 'VmRSS'), peak: field(text, 'VmHWM') };
    },
    resetPeak() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
