import type { LoggerService } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AttachmentStorage } from '@kanava/attachments';
import type { AuditSink, Clock } from '@kanava/common';

export interface PurgeOptions {
  /** Cases deleted per transaction: bounds lock time and memory. */
  batchSize?: number;
  /** Stop after this many batches (the next run goes on); none: until no case is due. */
  maxBatches?: number;
  /** Stored-object deletions run at once. */
  storageConcurrency?: number;
}

export interface PurgeResult {
  purged: number;
  batches: number;
  /** Attachment-store prefixes removed (this run's and leftovers of an interrupted run). */
  objectPrefixesRemoved: number;
}

/** A purged case's stored objects: its prefix, and the keys its attachments named (so they need not be listed). */
interface StoredObjects {
  prefix: string;
  keys: string[];
}

interface DueCase {
  id: string;
  organisation_id: string;
  purge_basis: string;
}

/** Tables holding a case's rows, deleted explicitly (cheaper than cascading one case at a time). */
const CASE_TABLES = [
  'transcript_reviews',
  'voice_consents',
  'meetings',
  'case_items',
  'case_grants',
  'attachments',
  'identity_requests',
  'legal_holds',
  'deadline_reminders',
  'disclosures',
] as const;

/**
 * Deletes cases whose retention date has come and that no active legal hold
 * keeps (R24–R26), whole: every row in every table and the stored attachment
 * ciphertext, and records one `case.purged` event per case (id, basis, date) in
 * the organisation's audit chain, in the same transaction as the deletion.
 *
 * Safe with several workers: each batch locks its cases with SKIP LOCKED, so two
 * runs never take the same case, and a case is deleted, and recorded, once.
 */
export class CasePurger {
  constructor(
    private readonly db: DataSource,
    private readonly storage: AttachmentStorage,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly logger?: LoggerService,
  ) {}

  async run(options: PurgeOptions = {}): Promise<PurgeResult> {
    const batchSize = options.batchSize ?? 1000;
    const result: PurgeResult = { purged: 0, batches: 0, objectPrefixesRemoved: 0 };
    // Leftovers first: objects of cases an interrupted run deleted but could not remove.
    result.objectPrefixesRemoved += await this.removeStoredObjects(null, options.storageConcurrency);
    // A batch's stored objects are removed while the next batch is deleted from the database (one removal in flight).
    let removing: Promise<number> = Promise.resolve(0);
    try {
      while (options.maxBatches === undefined || result.batches < options.maxBatches) {
        const { ids, objects } = await this.db.transaction((em) => this.purgeBatch(em, batchSize));
        if (ids.length === 0) break;
        result.batches++;
        result.purged += ids.length;
        result.objectPrefixesRemoved += await removing;
        removing = objects.length ? this.removeStoredObjects(objects, options.storageConcurrency) : Promise.resolve(0);
        if (ids.length < batchSize) break;
      }
    } finally {
      result.objectPrefixesRemoved += await removing;
    }
    return result;
  }

  private async purgeBatch(em: EntityManager, limit: number): Promise<{ ids: string[]; objects: StoredObjects[] }> {
    const now = this.clock.now();
    const locked = (await em.query(
      `SELECT c.id, c.organisation_id, c.purge_basis FROM cases c
        WHERE c.purge_at <= $1
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = c.id AND h.released_at IS NULL)
        ORDER BY c.purge_at, c.id
        LIMIT $2
        FOR UPDATE OF c SKIP LOCKED`,
      [now, limit],
    )) as DueCase[];
    if (locked.length === 0) return { ids: [], objects: [] };
    // A hold committed after the statement above took its snapshot, but before we held the
    // row lock, is seen by this new statement; once we hold the locks no new hold can
    // reference these cases (its foreign key check waits for us), so none slips through.
    const held = new Set(
      (
        (await em.query('SELECT DISTINCT case_id FROM legal_holds WHERE case_id = ANY($1) AND released_at IS NULL', [locked.map((c) => c.id)])) as {
          case_id: string;
        }[]
      ).map((r) => r.case_id),
    );
    const due = locked.filter((c) => !held.has(c.id));
    const ids = due.map((c) => c.id);
    if (ids.length === 0) return { ids: [], objects: [] };
    // Queued first, so a crash between the commit and the removal leaves the prefixes to the next run.
    const objects = (await em.query(
      `WITH stored AS (
         SELECT 'cases/' || a.case_id || '/' AS prefix, coalesce(array_agg(s.segment->>'key') FILTER (WHERE s.segment IS NOT NULL), '{}') AS keys
           FROM attachments a LEFT JOIN LATERAL jsonb_array_elements(a.segments) s(segment) ON true
          WHERE a.case_id = ANY($1) GROUP BY a.case_id),
       queued AS (INSERT INTO storage_deletions (prefix) SELECT prefix FROM stored ON CONFLICT DO NOTHING RETURNING prefix)
       SELECT q.prefix, s.keys FROM queued q JOIN stored s USING (prefix)`,
      [ids],
    )) as StoredObjects[];
    for (const table of CASE_TABLES) await em.query(`DELETE FROM ${table} WHERE case_id = ANY($1)`, [ids]);
    await em.query('DELETE FROM cases WHERE id = ANY($1)', [ids]);
    // The deletion record (R26): which case, when (the event's time) and on what basis; nothing else survives.
    await this.audit.recordMany(
      em,
      due.map((c) => ({
        organisationId: c.organisation_id,
        actor: { kind: 'system' },
        action: 'case.purged',
        caseId: c.id,
        details: { basis: c.purge_basis },
      })),
    );
    return { ids, objects };
  }

  /** Removes stored objects queued in storage_deletions (these, or all), then their queue rows. */
  private async removeStoredObjects(objects: StoredObjects[] | null, concurrency = 16): Promise<number> {
    const queue =
      objects ??
      ((await this.db.query('SELECT prefix FROM storage_deletions ORDER BY created_at LIMIT 10000')) as { prefix: string }[]).map((r) => ({
        prefix: r.prefix,
        keys: [],
      }));
    const done: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < queue.length) {
        const { prefix, keys } = queue[next++];
        try {
          await this.storage.deletePrefix(prefix, keys);
          done.push(prefix);
        } catch (e) {
          // Left queued: the next run tries again. The error name only (a path may name the case).
          this.logger?.warn({ msg: 'could not remove stored objects of a purged case', error: e instanceof Error ? e.name : 'unknown' }, 'Retention');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
    if (done.length) await this.db.query('DELETE FROM storage_deletions WHERE prefix = ANY($1)', [done]);
    return done.length;
  }
}
