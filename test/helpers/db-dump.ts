import { DataSource } from 'typeorm';

/**
 * Every row of every table in the schema, as text: bytea columns appear both as
 * hex and as their UTF-8 reading, so plaintext hidden in binary columns is found too.
 */
export async function dumpDatabase(db: DataSource): Promise<string> {
  const tables: { table_name: string }[] = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: Record<string, unknown>[] = await db.query(`SELECT * FROM "${table_name}"`);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (Buffer.isBuffer(value)) parts.push(`${table_name}.${column}=${value.toString('hex')} ${value.toString('utf8')} ${value.toString('latin1')}`);
        else parts.push(`${table_name}.${column}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
      }
    }
  }
  return parts.join('\n');
}
