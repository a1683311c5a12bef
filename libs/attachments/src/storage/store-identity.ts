import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AttachmentStorage, StoredObjectNotFound } from './attachment-storage';

/** The object in every attachment store that names the store (see StorageIdentity). */
export const STORE_ID_KEY = 'kanava-store-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Thrown where a process's attachment store is not the deployment's. */
export class StoreNotSharedError extends Error {
  override readonly name = 'StoreNotSharedError';
  /** The code job records and readiness show. */
  readonly code = 'attachment_store_not_shared';
  constructor(readonly driver: string) {
    super(
      `This process's attachment store (driver ${driver}) is not the one the other Kanava processes write to, so a purge here would delete ` +
        'the rows and leave the files behind. Give every API and worker process the same store: the same KANAVA_DATA_DIR volume with ' +
        'KANAVA_STORAGE_DRIVER=local, or the same KANAVA_STORAGE_DRIVER=s3 bucket.',
    );
  }
}

async function readStoreId(storage: AttachmentStorage): Promise<string | null> {
  try {
    const parts: Buffer[] = [];
    for await (const p of await storage.get(STORE_ID_KEY)) parts.push(Buffer.from(p as Uint8Array));
    const text = Buffer.concat(parts).toString('utf8').trim();
    return UUID.test(text) ? text : null;
  } catch (e) {
    if (e instanceof StoredObjectNotFound) return null;
    throw e;
  }
}

async function writeStoreId(storage: AttachmentStorage, id: string): Promise<void> {
  await storage.put(
    STORE_ID_KEY,
    (async function* () {
      yield Buffer.from(`${id}\n`);
    })(),
  );
}

/** Advisory lock key held while a new deployment's store id is made (one process at a time). */
const STORE_ID_LOCK = 7174;

/**
 * Checks that `storage` is the deployment's attachment store: the store holds the
 * id that PostgreSQL holds. The first process of a new deployment writes both;
 * one whose store lacks the id (its own empty volume) or holds another is refused
 * with StoreNotSharedError. Run at start by every process and before every purge.
 *
 * Invariant: a store gets an id only while the database has none, under a lock,
 * so a process with a store of its own never adopts the deployment's id, and two
 * processes starting together on one new store agree on one. The object is written
 * before the row commits, so a crash in between leaves an id the next start adopts.
 */
export async function assertSharedStore(db: DataSource, storage: AttachmentStorage): Promise<void> {
  const read = async (q: { query: DataSource['query'] }) =>
    ((await q.query('SELECT store_id FROM storage_identity WHERE id = 1')) as { store_id: string }[])[0]?.store_id ?? null;
  let expected = await read(db);
  if (expected === null) {
    expected = await db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [STORE_ID_LOCK]);
      const meanwhile = await read(em);
      if (meanwhile !== null) return meanwhile;
      // A new deployment, or one from before store ids: this store names it (a store
      // that holds an id already keeps it, e.g. after the database was restored).
      const id = (await readStoreId(storage)) ?? randomUUID();
      await writeStoreId(storage, id);
      await em.query('INSERT INTO storage_identity (id, store_id) VALUES (1, $1)', [id]);
      return id;
    });
  }
  if ((await readStoreId(storage)) !== expected) throw new StoreNotSharedError(storage.name);
}
