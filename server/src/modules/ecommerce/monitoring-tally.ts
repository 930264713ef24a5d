import type { Kysely } from 'kysely';
import { type Database, Dec, type Executor } from '../../platform/db/index.ts';
import { chinaDay, chinaMinute } from '../../platform/time/index.ts';
import type { EcommerceTables, ListStatus } from './ecommerce.tables.ts';

// Customs keeps China Standard Time: a day's figures run 00:00–24:00 there (platform/time, ADR 0020).

/**
 * What the tally counts, per day in China and customs code:
 * - `status`: lists by current status, on the day they were created;
 * - `decided`: lists released, held or refused in each minute (`HH:MM` in China);
 * - `refused`: refused lists by rule (a list counts once per rule), on the day of refusal;
 * - `tax`: CEB816 tax bills in force on the day they were issued (`vat`, `ct`: bills, fen);
 * - `parcel`: CEB513 sign-fors and CEB711 entries on the day received (`ParcelFigure`).
 */
export type TallyMetric = 'status' | 'decided' | 'refused' | 'tax' | 'parcel';

/** `entered_without_list`: an entered parcel whose waybill no list in force names (it moves with the lists). */
export type ParcelFigure =
  | 'signed'
  | 'signed_before_release'
  | 'signed_no_declaration'
  | 'entered'
  | 'entered_without_list';

export interface TallyRow {
  day: string;
  metric: TallyMetric;
  key: string;
  customs_code: string;
  n: number;
  amount_fen: number;
}

export type TallyTables = { ecommerce_tally: TallyRow };

/** Rows per upsert statement (6 parameters each; well under SQLite's and PostgreSQL's limits). */
const ROWS_PER_STATEMENT = 500;

/**
 * The monitoring figures' increments of one transaction, written once at its end by an upsert
 * (`n = n + excluded.n`), so the figures are exact and never lag a commit. Keys are written in
 * one order (day, metric, key, customs code) by every transaction: concurrent PostgreSQL
 * transactions then lock shared rows in the same order and cannot deadlock on them.
 */
export class Tally {
  private readonly rows = new Map<string, TallyRow>();

  add(day: string, metric: TallyMetric, key: string, customsCode: string, n: number, amountFen = 0): void {
    const id = `${day}\u0000${metric}\u0000${key}\u0000${customsCode}`;
    const row = this.rows.get(id);
    if (row) {
      row.n += n;
      row.amount_fen += amountFen;
    } else this.rows.set(id, { day, metric, key, customs_code: customsCode, n, amount_fen: amountFen });
  }

  /** A new list: one more waiting (pending) list on its day. */
  listCreated(list: { created_at: string; customs_code: string }): void {
    this.add(chinaDay(list.created_at), 'status', 'pending', list.customs_code, 1);
  }

  /** A list changed status: its count moves from the old status to the new, on its day of creation. */
  listMoved(list: { created_at: string; customs_code: string }, from: ListStatus, to: ListStatus): void {
    const day = chinaDay(list.created_at);
    this.add(day, 'status', from, list.customs_code, -1);
    this.add(day, 'status', to, list.customs_code, 1);
  }

  /** A list released, held or refused at `at`; a refusal also counts each of its rules once. */
  decided(at: string, customsCode: string, refusedBy?: readonly { rule: string }[]): void {
    const day = chinaDay(at);
    this.add(day, 'decided', chinaMinute(at), customsCode, 1);
    for (const rule of new Set(refusedBy?.map((r) => r.rule))) this.add(day, 'refused', rule, customsCode, 1);
  }

  /** A held list decided again (an officer's conclusion): its decision moves from `from` to `at`. */
  redecided(from: string, at: string, customsCode: string, refusedBy?: readonly { rule: string }[]): void {
    this.add(chinaDay(from), 'decided', chinaMinute(from), customsCode, -1);
    this.decided(at, customsCode, refusedBy);
  }

  /** A tax bill issued (+1) or voided by a return (−1), counted on the day it was issued. */
  taxBill(
    bill: { created_at: string; value_added_tax: string; consumption_tax: string },
    customsCode: string,
    sign: 1 | -1,
  ): void {
    const day = chinaDay(bill.created_at);
    this.add(day, 'tax', 'vat', customsCode, sign, sign * toFen(bill.value_added_tax));
    this.add(day, 'tax', 'ct', customsCode, sign, sign * toFen(bill.consumption_tax));
  }

  parcels(at: string, customsCode: string, figure: ParcelFigure, n: number): void {
    if (n !== 0) this.add(chinaDay(at), 'parcel', figure, customsCode, n);
  }

  /** Writes the increments (those that did not cancel out) in one order; the tally is empty after. */
  async flush(tx: Executor): Promise<void> {
    const rows = [...this.rows.values()]
      .filter((r) => r.n !== 0 || r.amount_fen !== 0)
      .sort(
        (a, b) =>
          compare(a.day, b.day) ||
          compare(a.metric, b.metric) ||
          compare(a.key, b.key) ||
          compare(a.customs_code, b.customs_code),
      );
    this.rows.clear();
    const q = tx.withTables<TallyTables>();
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await q
        .insertInto('ecommerce_tally')
        .values(rows.slice(start, start + ROWS_PER_STATEMENT))
        .onConflict((oc) =>
          oc.columns(['day', 'metric', 'key', 'customs_code']).doUpdateSet((eb) => ({
            n: eb('ecommerce_tally.n', '+', eb.ref('excluded.n')),
            amount_fen: eb('ecommerce_tally.amount_fen', '+', eb.ref('excluded.amount_fen')),
          })),
        )
        .execute();
    }
  }
}

/**
 * A tally for the transaction of `tx`, written just before it commits (and dropped if it rolls back).
 * Pass it down the use case; never look it up by `tx`: on SQLite the transactions of a commit group
 * share one `tx`, so a buffer found by it may belong to a member already flushed or rolled back.
 */
export function openTally(db: Database, tx: Executor): Tally {
  const tally = new Tally();
  db.beforeCommit(tx, (t) => tally.flush(t));
  return tally;
}

/**
 * Entered parcels among `parcelKeys` now gain (`+1`: their list ended) or lose (`-1`: a list now
 * names them) the state "entered, no list in force", counted on their entry's day and customs.
 */
export async function tallyEnteredWithoutList(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  parcelKeys: readonly string[],
  delta: 1 | -1,
): Promise<void> {
  if (parcelKeys.length === 0) return;
  const entered = await q
    .selectFrom('ecommerce_waybill as w')
    .innerJoin('ecommerce_delivery as d', 'd.rkd_no', 'w.rkd_no')
    .select(['d.created_at', 'd.customs_code'])
    .where('w.parcel_key', 'in', [...new Set(parcelKeys)])
    .where('w.entered_at', 'is not', null)
    .execute();
  for (const row of entered) tally.parcels(row.created_at, row.customs_code, 'entered_without_list', delta);
}

function toFen(amount: string): number {
  return new Dec(amount).times(100).toNumber();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
