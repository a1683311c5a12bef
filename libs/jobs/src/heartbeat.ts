import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';

/** The file a worker touches while it can reach PostgreSQL (its container healthcheck reads the time). */
export const HEARTBEAT_FILE = path.join(os.tmpdir(), 'kanava-worker.heartbeat');

/** Touches the heartbeat file every `everyMs` after a successful round trip to PostgreSQL. */
export function startHeartbeat(db: DataSource, everyMs = 30_000, file = HEARTBEAT_FILE): () => void {
  const beat = async () => {
    try {
      await db.query('SELECT 1');
      await writeFile(file, `${new Date().toISOString()}\n`);
    } catch {
      // No beat: the healthcheck sees the file age.
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** True when the heartbeat file was touched within `maxAgeMs`. */
export async function heartbeatFresh(maxAgeMs = 90_000, file = HEARTBEAT_FILE): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs <= maxAgeMs;
  } catch {
    return false;
  }
}
