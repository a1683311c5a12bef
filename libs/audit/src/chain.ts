import { createHash } from 'node:crypto';

/** The hash before an organisation's first event. */
export const GENESIS_HASH = Buffer.alloc(32, 0);

export interface ChainedFields {
  organisationId: string;
  seq: bigint;
  /** A Date, or its ISO 8601 UTC text with milliseconds as PostgreSQL formats it for verification. */
  occurredAt: Date | string;
  actorKind: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  caseId: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so equal values encode to equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The canonical encoding of an event, version 1 (what auditors re-implement):
 *
 *   SHA-256( UTF-8( canonicalJson([
 *     "kanava-audit-v1", organisationId, seq as a decimal string,
 *     occurredAt as ISO 8601 UTC with milliseconds, actorKind, actorId | null,
 *     actorRole | null, action, caseId | null, details, prevHash as lower-case hex ])))
 *
 * Each event's hash covers the previous event's hash, so editing, deleting or
 * reordering any event changes every hash after it.
 */
export function eventHash(fields: ChainedFields, prevHash: Buffer): Buffer {
  // Written out rather than canonicalJson([...]) because verification hashes every event;
  // the output is byte for byte the same (the snapshot test pins it).
  const encoded =
    '["kanava-audit-v1",' +
    JSON.stringify(fields.organisationId) +
    ',"' +
    fields.seq.toString() +
    '",' +
    JSON.stringify(typeof fields.occurredAt === 'string' ? fields.occurredAt : fields.occurredAt.toISOString()) +
    ',' +
    JSON.stringify(fields.actorKind) +
    ',' +
    JSON.stringify(fields.actorId) +
    ',' +
    JSON.stringify(fields.actorRole) +
    ',' +
    JSON.stringify(fields.action) +
    ',' +
    JSON.stringify(fields.caseId) +
    ',' +
    canonicalJson(fields.details) +
    ',"' +
    prevHash.toString('hex') +
    '"]';
  return createHash('sha256').update(encoded, 'utf8').digest();
}

/** What the auditor signs for a checkpoint: "this organisation's chain had this head". */
export function checkpointMessage(organisationId: string, seq: bigint, hash: Buffer, signedAt: Date): Buffer {
  return Buffer.from(canonicalJson(['kanava-audit-checkpoint-v1', organisationId, seq.toString(), hash.toString('hex'), signedAt.toISOString()]), 'utf8');
}
