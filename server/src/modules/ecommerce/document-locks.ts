import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { Prepared } from './ecommerce.ports.ts';
import { parcelKeyOf, payKeyOf } from './ecommerce.tables.ts';

/**
 * The order, parcel and sender's numbers a batch's documents name. A list and the document that completes it
 * share one of them, so transactions that take their locks see each other's rows.
 */
export function documentKeysOf(batch: readonly Prepared[]): string[] {
  const keys: string[] = [];
  for (const p of batch) {
    if (p.refusal) continue;
    const head = p.doc.head;
    if (head.orderNo) keys.push(orderLock(head.orderNo));
    if (head.logisticsNo && head.logisticsCode)
      keys.push(`p:${parcelKeyOf(head.logisticsCode, head.logisticsNo)}`);
    // An entry list (CEB711) names its parcels in its lines.
    if (head.logisticsCode)
      for (const line of p.doc.lines)
        if (line.logisticsNo) keys.push(`p:${parcelKeyOf(head.logisticsCode, line.logisticsNo)}`);
    // The sender's own number (copNo) must be new: two batches reusing it wait for each other, and
    // the second is refused as number_reused instead of failing on the unique index.
    if (head.copNo) keys.push(`c:${p.doc.type}|${head.copNo}`);
    // A payment's own number likewise: two vouchers citing it wait for each other, the second is refused.
    if (p.doc.type === 'CEB411Message' && head.payTransactionId)
      keys.push(`y:${payKeyOf(head.payCode, head.payTransactionId)}`);
  }
  return keys;
}

/**
 * The lock key of an order number, without the platform's code: all four documents of a list carry the number,
 * the waybill without the platform. Keyed on the platform's order key instead, an order and a waybill completing
 * the same stored list would not wait for each other, each would miss the other's row, and the list would wait
 * until it expired. Numbers shared by two platforms only make their documents wait for each other.
 */
export function orderLock(orderNo: string): string {
  return `n:${orderNo}`;
}

/** The lock key of a stored order key (`platform|orderNo`; platform codes hold no `|`). */
export function orderLockOf(orderKey: string): string {
  return orderLock(orderKey.slice(orderKey.indexOf('|') + 1));
}

/**
 * PostgreSQL: transaction-scoped advisory locks on the keys, taken in one global order (by hash) so
 * two batches cannot deadlock; held to COMMIT. Without them a list and its last missing document
 * committed at the same time each miss the other's row (READ COMMITTED), and the list waits
 * forever. SQLite needs none: its transactions run one at a time.
 */
export async function lockDocumentKeys(db: Database, tx: Executor, keys: readonly string[]): Promise<void> {
  if (db.engine !== 'postgres' || keys.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(h) FROM (
      SELECT DISTINCT hashtextextended(k, 621) AS h FROM unnest(${[...new Set(keys)]}::text[]) AS k
    ) AS keys ORDER BY h`.execute(tx);
}
