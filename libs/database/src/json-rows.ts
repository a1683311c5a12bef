import { types } from 'pg';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/** PostgreSQL's OID for timestamptz, whose text form pg parses into a Date. */
const TIMESTAMPTZ_OID = 1184;
const parseTimestamp = types.getTypeParser(TIMESTAMPTZ_OID) as (text: string) => Date;
/** Column types whose JSON value is what pg gives. */
const AS_IS = new Set(['uuid', 'varchar', 'text', 'boolean', 'int', 'integer', 'smallint', 'jsonb', 'json']);
/** Column types converted below. Others (timestamp without time zone, numeric…) are refused, not guessed. */
const CONVERTED = new Set(['bytea', 'timestamptz', 'bigint']);

/**
 * An entity from its row as PostgreSQL's `row_to_json` (or `json_agg` of rows) gives it,
 * with the values TypeORM itself would have produced: bytea from its hex text, timestamps
 * through pg's own parser (so sub-millisecond digits round the same way) and each
 * column's transformer.
 *
 * Why: a read that needs rows of several tables (the reporter's case view) then takes
 * one statement instead of one per table. Every cross-process message costs about as
 * much as the query itself on small machines, and the view is on the hot path.
 */
export function entityFromJson<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, json: Record<string, unknown>): T {
  const metadata = db.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in json)) continue;
    let value = json[column.databaseName];
    const type = String(column.type);
    if (!AS_IS.has(type) && !CONVERTED.has(type)) {
      // Fails loudly in the tests of whoever first reads such a column this way.
      throw new Error(`entityFromJson: no faithful conversion for ${metadata.name}.${column.propertyName} (${type})`);
    }
    if (value !== null) value = column.isArray && Array.isArray(value) ? value.map((v) => fromJsonValue(type, v)) : fromJsonValue(type, value);
    if (column.transformer) value = ApplyValueTransformers.transformFrom(column.transformer, value);
    column.setEntityValue(entity, value);
  }
  return entity;
}

/** One column value (or array element) from its JSON form, as pg would have parsed it. */
function fromJsonValue(type: string, value: unknown): unknown {
  if (value === null) return null;
  if (type === 'bytea') return Buffer.from((value as string).slice(2), 'hex');
  if (type === 'timestamptz') return parseTimestamp((value as string).replace('T', ' '));
  // JSON gives a number where pg gives the exact text (the same below 2^53, which sizes and offsets are).
  if (type === 'bigint') return String(value);
  return value;
}

/** `entityFromJson` over a `json_agg` of rows. */
export function entitiesFromJson<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, rows: Record<string, unknown>[]): T[] {
  return rows.map((row) => entityFromJson(db, target, row));
}
