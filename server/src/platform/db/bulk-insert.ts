import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { assertIdentifier, sqliteValue } from './connections.ts';
import type { Executor } from './types.ts';

type Row = Record<string, unknown>;

function columnsOf(table: string, rows: readonly Row[]): { columns: string[]; columnList: string } {
  const columns = Object.keys(rows[0]!);
  for (const name of [table, ...columns]) assertIdentifier(name);
  return { columns, columnList: columns.map((c) => `"${c}"`).join(', ') };
}

/**
 * SQLite: a cached prepared statement run per row. The caller's transaction holds the connection's
 * lock, so the raw handle is safe to use synchronously here.
 */
export function insertRowsSqlite(
  sqlite: SqliteDatabase.Database,
  statements: Map<string, SqliteDatabase.Statement>,
  table: string,
  rows: readonly Row[],
): void {
  const { columns, columnList } = columnsOf(table, rows);
  const key = `${table}(${columnList})`;
  let statement = statements.get(key);
  if (!statement) {
    const placeholders = columns.map(() => '?').join(', ');
    statement = sqlite.prepare(`INSERT INTO "${table}" (${columnList}) VALUES (${placeholders})`);
    statements.set(key, statement);
  }
  for (const row of rows) statement.run(columns.map((c) => sqliteValue(row[c])));
}

/** PostgreSQL: multi-row INSERTs within the 65,535-parameter limit. */
export async function insertRowsPostgres(tx: Executor, table: string, rows: readonly Row[]): Promise<void> {
  const { columns, columnList } = columnsOf(table, rows);
  const rowsPerStatement = Math.max(1, Math.floor(60_000 / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const slots = columns.map((c) => {
        params.push(row[c] ?? null);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await tx.executeQuery(
      CompiledQuery.raw(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(', ')}`, params),
    );
  }
}
