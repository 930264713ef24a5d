import { sql } from 'kysely';
import type { Database } from '../../server/src/platform/db/index.ts';

/**
 * The limit: the same year of facts read and aggregated per enterprise in one pass, a trivial
 * score computed, and one row per enterprise written in bulk to a scratch table — no rules,
 * no standing, no events, no audit.
 */
export async function rawRescore(
  db: Database,
  onDate: string,
): Promise<{ enterprises: number; seconds: number }> {
  await sql
    .raw('CREATE TABLE bench_raw_score (enterprise_code TEXT PRIMARY KEY, score INTEGER NOT NULL)')
    .execute(db.kysely);
  const started = performance.now();
  const from = new Date(Date.parse(`${onDate}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  let enterprises = 0;
  let after = '';
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const codes = await sql<{
        code: string;
      }>`SELECT code FROM credit_enterprise WHERE code > ${after} ORDER BY code LIMIT 5000`.execute(tx);
      const last = codes.rows.at(-1)?.code;
      if (!last) return 0;
      const rows = await sql<{ enterprise_code: string; kind: string; n: number }>`
        SELECT enterprise_code, kind, SUM(count) AS n FROM credit_fact
        WHERE enterprise_code > ${after} AND enterprise_code <= ${last}
          AND occurred_on >= ${from} AND occurred_on <= ${onDate}
        GROUP BY enterprise_code, kind`.execute(tx);
      const scores = new Map<string, number>();
      for (const { code } of codes.rows) scores.set(code, 90);
      for (const r of rows.rows)
        if (r.kind !== 'declarations')
          scores.set(r.enterprise_code, (scores.get(r.enterprise_code) ?? 90) - Number(r.n));
      await db.bulkInsert(
        tx,
        'bench_raw_score',
        [...scores].map(([enterprise_code, score]) => ({ enterprise_code, score })),
      );
      after = last;
      return codes.rows.length;
    });
    if (count === 0) break;
    enterprises += count;
  }
  return { enterprises, seconds: (performance.now() - started) / 1000 };
}
