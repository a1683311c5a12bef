import { rm } from 'node:fs/promises';
import pg from 'pg';

export default async function globalTeardown() {
  const state = globalThis.__kanavaTestDb;
  if (!state) return;
  if (state.external) {
    const client = new pg.Client({ connectionString: state.external });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${state.name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    return;
  }
  await state.server.stop();
  await rm(state.parent, { recursive: true, force: true });
}
