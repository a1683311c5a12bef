// `npm run bench -- audit`: append throughput of the audit chain with 8 concurrent
// writers (each append in its own transaction, as the API does), and streaming
// verification speed over a chain of 1,000,000 events (built with bulk inserts of
// correctly chained rows, since appending a million one by one would take minutes).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export async function benchAudit(root) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const { startEmbeddedPostgres, createDataSource, migrate } = require(path.join(root, 'dist/libs/database/src'));
  const { loadConfig } = require(path.join(root, 'dist/libs/common/src'));
  const { AuditChainer, AuditRecorder, AuditVerifier, eventHash, GENESIS_HASH } = require(path.join(root, 'dist/libs/audit/src'));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'kanava-bench-audit-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dir, 'data'));
  const db = await createDataSource(pg.url).initialize();
  try {
    await migrate(db);
    const config = loadConfig({ KANAVA_SERVER_SECRET: 'b'.repeat(40), KANAVA_DATA_DIR: dir });
    const audit = new AuditRecorder(db, new AuditChainer(db, config));
    const verifier = new AuditVerifier(db);

    // Appends: 8 writers, one organisation (the contended case), 4,000 events.
    const org = randomUUID();
    const writers = 8;
    const each = 500;
    let started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, () =>
        (async () => {
          for (let i = 0; i < each; i++) {
            await db.transaction((em) =>
              audit.record(em, { organisationId: org, actor: { kind: 'system' }, action: 'bench.append', caseId: randomUUID(), details: { i } }),
            );
          }
        })(),
      ),
    );
    const appendRate = (writers * each) / ((performance.now() - started) / 1000);
    if (!(await verifier.verify(org)).ok) throw new Error('the appended chain does not verify');

    // Verification: a 1,000,000-event chain.
    const big = randomUUID();
    const total = 1_000_000;
    const batch = 10_000;
    let prev = GENESIS_HASH;
    const t0 = new Date('2026-01-01T00:00:00.000Z').getTime();
    for (let from = 1; from <= total; from += batch) {
      const rows = { seq: [], at: [], action: [], details: [], prev: [], hash: [] };
      for (let seq = from; seq < from + batch; seq++) {
        const fields = {
          organisationId: big,
          seq: BigInt(seq),
          occurredAt: new Date(t0 + seq),
          actorKind: 'system',
          actorId: null,
          actorRole: null,
          action: 'bench.event',
          caseId: null,
          details: { n: seq },
        };
        const hash = eventHash(fields, prev);
        rows.seq.push(String(seq));
        rows.at.push(fields.occurredAt.toISOString());
        rows.action.push(fields.action);
        rows.details.push(JSON.stringify(fields.details));
        rows.prev.push(prev);
        rows.hash.push(hash);
        prev = hash;
      }
      await db.query(
        `INSERT INTO audit_events (organisation_id, seq, occurred_at, actor_kind, action, details, prev_hash, hash)
         SELECT $1, s, a, 'system', act, d::jsonb, p, h FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::bytea[], $7::bytea[]) AS t(s, a, act, d, p, h)`,
        [big, rows.seq, rows.at, rows.action, rows.details, rows.prev, rows.hash],
      );
    }
    await db.query('INSERT INTO audit_heads (organisation_id, seq, hash) VALUES ($1, $2, $3)', [big, String(total), prev]);
    await db.query('ANALYZE audit_events');
    const rssBefore = process.memoryUsage().rss;
    started = performance.now();
    const result = await verifier.verify(big);
    const verifyRate = result.checked / ((performance.now() - started) / 1000);
    if (!result.ok || result.checked !== total) throw new Error(`verification failed: ${JSON.stringify(result)}`);
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 1e6;

    console.log(`append_events_per_s: ${Math.round(appendRate)}`);
    console.log(`verify_events_per_s: ${Math.round(verifyRate)}`);
    console.log(`verify_rss_growth_mb: ${rssGrowth.toFixed(1)}`);
  } finally {
    await db.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
