import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';

/** Reserves `n` serials for list and entry-list numbers (preNo, invtNo, rkdNo): a sequence on PostgreSQL, the counter row on SQLite (one writer). */
export async function allocateSerials(db: Database, tx: Executor, n: number): Promise<number[]> {
  if (n === 0) return [];
  if (db.engine === 'postgres') {
    const result = await sql<{
      value: string;
    }>`SELECT nextval('ecommerce_list_serial') AS value FROM generate_series(1, ${n})`.execute(tx);
    return result.rows.map((row) => Number(row.value));
  }
  const result = await sql<{
    value: number | string;
  }>`UPDATE ecommerce_counter SET value = value + ${n} WHERE name = 'list' RETURNING value`.execute(tx);
  const last = Number(result.rows[0]!.value);
  return Array.from({ length: n }, (_, k) => last - n + 1 + k);
}
