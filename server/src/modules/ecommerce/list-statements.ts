import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { EcommerceTables } from './ecommerce.tables.ts';
import { ANNUAL_LIMIT_FEN } from './tax.rules.ts';

// The two writes made for every decided list, as one statement per batch rather than one per list:
// on PostgreSQL each statement is a round trip, and these two were four fifths of the statements of
// the e-commerce replay. Rows go in as a VALUES list (`WITH v(...) AS (VALUES ...)`, which both
// engines read); PostgreSQL types its parameters as text there, hence the casts.

/** Rows per statement: far under both engines' parameter limits. */
const CHUNK = 500;

export interface QuotaTake {
  buyerHash: string;
  year: number | null;
  fen: number;
}

/**
 * Takes each list's tax price from its buyer's annual quota, where it stays within the limit; answers
 * which takes succeeded, in input order. Exact under concurrency and across processes: each take is
 * one conditional UPDATE of the quota row. A buyer's takes are tried in the order given (round k
 * holds every buyer's k-th take), so a later, smaller list may still fit after a larger one did not.
 * On PostgreSQL the rows are first locked in (buyer_hash, year) order, so two batches deciding lists
 * cannot deadlock on quotas (a cancellation or return, list-ending.ts, takes one list's quota back
 * after locking the list; a deadlock there is retried, 40P01).
 */
export async function takeQuotas(
  db: Database,
  tx: Executor,
  takes: readonly QuotaTake[],
): Promise<boolean[]> {
  const taken = takes.map(() => false);
  if (takes.length === 0) return taken;
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  takes.forEach((take, i) => {
    const key = quotaKey(take.buyerHash, take.year);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    if (!rounds[round]) rounds[round] = [];
    rounds[round].push(i);
  });
  if (db.engine === 'postgres') {
    // One order across chunks too: the same byte order in JavaScript and in the database (COLLATE "C").
    const keyOrder = [...rounds[0]!].sort((a, b) => {
      const [x, y] = [takes[a]!, takes[b]!];
      if (x.buyerHash !== y.buyerHash) return x.buyerHash < y.buyerHash ? -1 : 1;
      return (x.year ?? 0) - (y.year ?? 0);
    });
    for (const chunk of chunks(keyOrder)) {
      await sql`WITH v(buyer_hash, year) AS (VALUES ${values(chunk.map((i) => [takes[i]!.buyerHash, takes[i]!.year]))})
        SELECT q.buyer_hash FROM ecommerce_quota q JOIN v
          ON q.buyer_hash = v.buyer_hash AND q.year = CAST(v.year AS INTEGER)
        ORDER BY q.buyer_hash COLLATE "C", q.year FOR UPDATE OF q`.execute(tx);
    }
  }
  for (const round of rounds) {
    for (const chunk of chunks(round)) {
      const updated = await sql<{
        buyer_hash: string;
        year: number;
      }>`WITH v(buyer_hash, year, fen) AS (VALUES ${values(
        chunk.map((i) => [takes[i]!.buyerHash, takes[i]!.year, takes[i]!.fen]),
      )})
        UPDATE ecommerce_quota SET used_fen = ecommerce_quota.used_fen + CAST(v.fen AS BIGINT)
        FROM v
        WHERE ecommerce_quota.buyer_hash = v.buyer_hash AND ecommerce_quota.year = CAST(v.year AS INTEGER)
          AND ecommerce_quota.used_fen + CAST(v.fen AS BIGINT) <= ${ANNUAL_LIMIT_FEN}
        RETURNING ecommerce_quota.buyer_hash, ecommerce_quota.year`.execute(tx);
      // One take per buyer and year in a round: the quota row names the take.
      const done = new Set(updated.rows.map((r) => quotaKey(r.buyer_hash, Number(r.year))));
      for (const i of chunk) if (done.has(quotaKey(takes[i]!.buyerHash, takes[i]!.year))) taken[i] = true;
    }
  }
  return taken;
}

/** Gives a list's taken quota back to its buyer (a list cancelled, returned or refused after it was decided). */
export async function giveQuotaBack(
  q: Kysely<EcommerceTables>,
  list: { buyer_hash: string; quota_year: number | null; quota_fen: number | null },
): Promise<void> {
  if (!list.quota_fen) return;
  await q
    .updateTable('ecommerce_quota')
    .set({ used_fen: sql`used_fen - ${list.quota_fen}` })
    .where('buyer_hash', '=', list.buyer_hash)
    .where('year', '=', list.quota_year!)
    .execute();
}

export interface ListDecided {
  id: string;
  status: 'released' | 'held';
  returnStatus: string;
  invtNo: string;
  quotaFen: number;
  riskDecisionId: string;
  /** JSON text, or null. */
  reasons: string | null;
}

/**
 * Records the decision of each list (released or held, with its inventory number and quota). Only a
 * list still pending is decided: should one no longer be (another writer got past the key locks),
 * this throws and the caller's transaction, quota takes included, rolls back.
 */
export async function markDecided(
  db: Database,
  tx: Executor,
  lists: readonly ListDecided[],
  decidedAt: string,
): Promise<void> {
  const reasons = db.engine === 'postgres' ? sql`CAST(v.reasons AS JSONB)` : sql`v.reasons`;
  for (const chunk of chunks(lists.map((_, i) => i))) {
    const updated =
      await sql`WITH v(id, status, return_status, invt_no, quota_fen, risk_decision_id, reasons) AS (VALUES ${values(
        chunk.map((i) => {
          const l = lists[i]!;
          return [l.id, l.status, l.returnStatus, l.invtNo, l.quotaFen, l.riskDecisionId, l.reasons];
        }),
      )})
      UPDATE ecommerce_list SET status = v.status, return_status = v.return_status, invt_no = v.invt_no,
        quota_fen = CAST(v.quota_fen AS BIGINT), risk_decision_id = v.risk_decision_id, reasons = ${reasons},
        decided_at = ${decidedAt}
      FROM v WHERE ecommerce_list.id = v.id AND ecommerce_list.status = 'pending'`.execute(tx);
    const count = Number(updated.numAffectedRows ?? 0);
    if (count !== chunk.length)
      throw new Error(
        `ecommerce: ${chunk.length - count} of ${chunk.length} lists to decide were no longer pending`,
      );
  }
}

function quotaKey(buyerHash: string, year: number | null): string {
  return `${buyerHash}|${year}`;
}

function values(rows: unknown[][]): RawBuilder<unknown> {
  return sql.join(rows.map((row) => sql`(${sql.join(row)})`));
}

function chunks(indexes: number[]): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < indexes.length; start += CHUNK) out.push(indexes.slice(start, start + CHUNK));
  return out;
}
