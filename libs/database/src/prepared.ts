import { createHash } from 'node:crypto';
import { Sql } from './statement';

/** What runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface NamedStatement {
  name: string;
  text: string;
}

/** Statement texts seen, by text. Bounded because only fixed texts are passed (see `queryPrepared`). */
const statements = new Map<string, NamedStatement>();
/** A safety net: past this many texts, the rest still run prepared but their names are not kept here. */
const MAX_REMEMBERED = 500;

/**
 * Runs `sql` as a named prepared statement on whichever pooled connection it gets: that
 * connection's PostgreSQL process parses and analyses the text once, and after a few
 * runs keeps a generic plan, instead of doing all of it on every call. The name is a
 * hash of the text, so one text has one name everywhere and two texts never share one.
 *
 * Why: on the reporter's hot path (a submission, a follow-up, the chaining of their
 * audit events) the statements are long CTEs whose parsing and planning cost more
 * PostgreSQL time than running them. Measured with `npm run bench -- load`, PostgreSQL
 * used about a third less CPU per submission with them prepared.
 *
 * Invariant: `sql` is one of a fixed set of texts (parameters carry every value, never
 * the text), because each text stays prepared on every connection that ran it, for the
 * connection's life. Use it for hot statements only; everything else uses `query`.
 *
 * The statement goes through TypeORM's `query`, so transactions, error translation
 * (QueryFailedError with the driver's error) and the result shape are TypeORM's: pg
 * takes `{ name, text }` where TypeORM passes the text on. A test checks that the
 * statement really is prepared, so an upgrade that stopped passing it on would fail.
 */
export function queryPrepared<T = unknown>(db: Queryable, statement: Sql): Promise<T>;
export function queryPrepared<T = unknown>(db: Queryable, sql: string, parameters: unknown[]): Promise<T>;
export function queryPrepared<T = unknown>(db: Queryable, text: string | Sql, values?: unknown[]): Promise<T> {
  // A composed statement (see statement.ts) has one text per shape, so it is a fixed text too.
  const { text: sql, parameters } = text instanceof Sql ? text.compile() : { text, parameters: values ?? [] };
  let statement = statements.get(sql);
  if (!statement) {
    statement = { name: `kanava_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`, text: sql };
    if (statements.size < MAX_REMEMBERED) statements.set(sql, statement);
  }
  // pg copies the config object before it adds the values, so one object serves every call.
  return db.query(statement as unknown as string, parameters) as Promise<T>;
}
