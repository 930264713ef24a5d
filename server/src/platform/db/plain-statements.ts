import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { sqliteValue } from './connections.ts';
import type { Executor } from './types.ts';

// One write statement with `?` placeholders and no query builder (Database.run): for statements a
// hot path runs once per row, where building and compiling the query cost more than SQLite's work.

/** SQLite: the statement prepared once per text, run synchronously in the caller's transaction. */
export function runStatementSqlite(
  sqlite: SqliteDatabase.Database,
  statements: Map<string, SqliteDatabase.Statement>,
  text: string,
  params: readonly unknown[],
): number {
  let statement = statements.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    statements.set(text, statement);
  }
  return statement.run(params.map(sqliteValue)).changes;
}

/** PostgreSQL: every `?` becomes `$1…$n` (so the text holds no other `?`: none in literals, no jsonb `?`). */
export async function runStatementPostgres(
  tx: Executor,
  numbered: Map<string, string>,
  text: string,
  params: readonly unknown[],
): Promise<number> {
  let sql = numbered.get(text);
  if (sql === undefined) {
    let n = 0;
    sql = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, sql);
  }
  const result = await tx.executeQuery(CompiledQuery.raw(sql, [...params]));
  return Number(result.numAffectedRows ?? 0n);
}
