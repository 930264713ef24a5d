import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Database, Dec, type Executor } from '../../platform/db/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { NewReceipt, Receipts } from '../../platform/exchange/index.ts';
import { type Actor, enterpriseOf, scopeWhere } from '../../platform/identity/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import { lockDocumentKeys, orderLockOf } from './document-locks.ts';
import type { EcommerceTables } from './ecommerce.tables.ts';
import { releasedWindowClosedBy, returnWindowClosesAt } from './list-ending.ts';

// Lists whose return window closes are taken a few hundred at a time, in decision order.
const SWEEP_LIMIT = 500;
const WATERMARK = 'tax_summary_through';
const EPOCH = new Date(0).toISOString();
// A summarised bill is paid by the 45th day after release.
const PAY_BY_MS = 45 * 24 * 3_600_000;

/**
 * 汇总征税: once a released list's 30-day return window has passed (放行后 30 日内未退货), its tax bill in
 * force is summarised (status 2 已汇总) into its guarantor's (assureCode) summary for the month the window
 * closed, per customs code, to be paid by the guarantor (cross-border-ecommerce.md §12: 第 31–45 日内办理纳税).
 * The list's sender gets a CEB818 (status 2) per bill.
 *
 * Lists are taken in the order of their decision (`decided_at`, indexed) after a watermark kept in
 * `ecommerce_counter`, which each sweep moves forward with a conditional UPDATE: two processes
 * sweeping at once cannot both take the same lists (the second finds the watermark moved and stops).
 * A held list concluded later was decided then, so its window runs from the conclusion. Answers how
 * many bills it summarised.
 */
export async function summariseTaxBills(
  db: Database,
  receipts: Receipts,
  now: Date,
  /** Decisions taken per transaction (a batch decided at one moment is taken whole). */
  limit = SWEEP_LIMIT,
): Promise<number> {
  // One bounded transaction per batch, until the lists due are all taken (or another process sweeps).
  let total = 0;
  for (;;) {
    const batch = await summariseBatch(db, receipts, now, limit);
    total += batch.bills;
    if (!batch.more) return total;
  }
}

async function summariseBatch(
  db: Database,
  receipts: Receipts,
  now: Date,
  limit: number,
): Promise<{ bills: number; more: boolean }> {
  // The lists whose window has closed, as a return is refused (list-ending.ts): released on a China day at
  // least 31 days before today's.
  const cutoff = releasedWindowClosedBy(now).toISOString();
  const none = { bills: 0, more: false };
  return db.transaction(async (tx) => {
    const q = tx.withTables<EcommerceTables>();
    const mark = await q
      .selectFrom('ecommerce_counter')
      .select('value')
      .where('name', '=', WATERMARK)
      .executeTakeFirst();
    if (!mark) return none;
    const after = Number(mark.value) > 0 ? new Date(Number(mark.value)).toISOString() : '';
    if (after >= cutoff) return none;
    // The decisions due, whole: a batch of lists decided at one moment is never split.
    const first = await q
      .selectFrom('ecommerce_list')
      .select('decided_at')
      .where('decided_at', '>', after || EPOCH)
      .where('decided_at', '<=', cutoff)
      .orderBy('decided_at')
      .limit(limit)
      .execute();
    const through = first.length < limit ? cutoff : first.at(-1)!.decided_at!;
    const claimed = await q
      .updateTable('ecommerce_counter')
      .set({ value: Date.parse(through) })
      .where('name', '=', WATERMARK)
      .where('value', '=', mark.value)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return none;
    const more = through < cutoff;
    if (first.length === 0) return { bills: 0, more };

    const lists = await q
      .selectFrom('ecommerce_list')
      .select(['id', 'order_key'])
      .where('decided_at', '>', after || EPOCH)
      .where('decided_at', '<=', through)
      .where('status', '=', 'released')
      .execute();
    if (lists.length === 0) return { bills: 0, more };
    // A CEB625 holds its list's order key to its commit (document-locks.ts): the sweep takes the same
    // locks before it reads the bills, so a return is either done (its revised bill is read here) or
    // waits and then finds the bill summarised (return_window_passed). SQLite runs one at a time.
    await lockDocumentKeys(
      db,
      tx,
      lists.map((l) => orderLockOf(l.order_key)),
    );
    const due = await q
      .selectFrom('ecommerce_list as l')
      .innerJoin('ecommerce_tax_bill as b', 'b.list_id', 'l.id')
      .select([
        'b.tax_no',
        'b.invt_no',
        'b.assure_code',
        'b.customs_tax',
        'b.value_added_tax',
        'b.consumption_tax',
        'l.customs_code',
        'l.sender',
        'l.decided_at',
      ])
      .where(
        'l.id',
        'in',
        lists.map((l) => l.id),
      )
      .where('l.status', '=', 'released')
      .where('b.status', '=', '1')
      .execute();
    if (due.length === 0) return { bills: 0, more };

    // The guarantor's month: when the list's window closed, in China. Only the bills this sweep moved to
    // 2 are counted: a return that voided one since it was read (READ COMMITTED) has it at 3.
    const periodOf = (decidedAt: string) => chinaDay(returnWindowClosesAt(decidedAt)).slice(0, 7);
    const byPeriod = new Map<string, string[]>();
    for (const bill of due) {
      const period = periodOf(bill.decided_at!);
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), bill.tax_no]);
    }
    const moved = new Set<string>();
    for (const [period, taxNos] of byPeriod) {
      const rows = await q
        .updateTable('ecommerce_tax_bill')
        .set({ status: '2', summary_period: period })
        .where('tax_no', 'in', taxNos)
        .where('status', '=', '1')
        .returning('tax_no')
        .execute();
      for (const r of rows) moved.add(r.tax_no);
    }
    const taken = due.filter((bill) => moved.has(bill.tax_no));
    const sums = new Map<string, Sum>();
    for (const bill of taken) {
      const period = periodOf(bill.decided_at!);
      const key = `${bill.assure_code}|${bill.customs_code}|${period}`;
      const sum = sums.get(key) ?? {
        assure: bill.assure_code,
        customs: bill.customs_code,
        period,
        bills: 0,
        ct: new Dec(0),
        vat: new Dec(0),
        cons: new Dec(0),
        payBy: payByOf(bill.decided_at!),
      };
      sum.bills += 1;
      const payBy = payByOf(bill.decided_at!);
      if (payBy < sum.payBy) sum.payBy = payBy;
      sum.ct = sum.ct.plus(bill.customs_tax);
      sum.vat = sum.vat.plus(bill.value_added_tax);
      sum.cons = sum.cons.plus(bill.consumption_tax);
      sums.set(key, sum);
    }
    await addToSummaries(tx, [...sums.values()], now.toISOString());
    const notices: NewReceipt[] = taken.map((bill) => ({
      enterpriseCode: bill.sender,
      messageType: 'CEB818Message',
      guid: randomUUID().toUpperCase(),
      status: '2',
      data: {
        invtNo: bill.invt_no,
        taxNo: bill.tax_no,
        assureCode: bill.assure_code,
        entDutyNo: entDutyNoOf(bill.customs_code, periodOf(bill.decided_at!), bill.assure_code),
      },
    }));
    await receipts.append(tx, notices);
    return { bills: taken.length, more };
  });
}

interface Sum {
  assure: string;
  customs: string;
  period: string;
  bills: number;
  ct: Dec;
  vat: Dec;
  cons: Dec;
  /** The earliest day (China) one of these bills must be paid by. */
  payBy: string;
}

/** The last day (China) to pay a bill whose list was released at `decidedAt`: the 45th after release. */
export function payByOf(decidedAt: string): string {
  return chinaDay(new Date(Date.parse(decidedAt) + PAY_BY_MS));
}

/** Adds to each guarantor's month (decimal sums in JavaScript: SQLite keeps decimals as text). */
async function addToSummaries(tx: Executor, sums: Sum[], at: string): Promise<void> {
  const q = tx.withTables<EcommerceTables>();
  for (const sum of sums) {
    const existing = await q
      .selectFrom('ecommerce_tax_summary')
      .selectAll()
      .where('assure_code', '=', sum.assure)
      .where('customs_code', '=', sum.customs)
      .where('period', '=', sum.period)
      .executeTakeFirst();
    const row = {
      bills: Number(existing?.bills ?? 0) + sum.bills,
      customs_tax: sum.ct.plus(existing?.customs_tax ?? 0).toFixed(2),
      value_added_tax: sum.vat.plus(existing?.value_added_tax ?? 0).toFixed(2),
      consumption_tax: sum.cons.plus(existing?.consumption_tax ?? 0).toFixed(2),
      updated_at: at,
      pay_by: existing?.pay_by && existing.pay_by < sum.payBy ? existing.pay_by : sum.payBy,
    };
    if (existing)
      await q
        .updateTable('ecommerce_tax_summary')
        .set(row)
        .where('assure_code', '=', sum.assure)
        .where('customs_code', '=', sum.customs)
        .where('period', '=', sum.period)
        .execute();
    else
      await q
        .insertInto('ecommerce_tax_summary')
        .values({ assure_code: sum.assure, customs_code: sum.customs, period: sum.period, ...row })
        .execute();
  }
}

/**
 * The payment notice (缴款书编号, `entDutyNo` of the CEB818 that says a bill is summarised) of a guarantor's
 * month at one customs: one per summary, the guarantor pays the month's bills against it. Made of the
 * summary's key (customs code, the month as YYYYMM, the guarantor's code), so it needs no counter and reads
 * the same every time. Its amount grows as the month's windows close: it is the month's whole once the
 * month has ended and a sweep has run after.
 */
export function entDutyNoOf(customsCode: string, period: string, assureCode: string): string {
  return `${customsCode}${period.replace('-', '')}${assureCode}`;
}

/** A guarantor's month of summarised tax bills at one customs. */
export interface TaxSummary {
  assureCode: string;
  customsCode: string;
  period: string;
  /** The payment notice the guarantor pays the month against (缴款书编号). */
  entDutyNo: string;
  bills: number;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  /** Customs duty, VAT and consumption tax together: what the guarantor pays. */
  totalTax: string;
  /** The earliest day (China) one of its bills must be paid by: that bill's 45th day after release. */
  payBy: string | null;
  updatedAt: string;
}

/**
 * The monthly summaries the caller may see, newest month first: an enterprise those it guarantees
 * (assureCode), an officer those of the customs in its district.
 */
export async function listTaxSummaries(
  db: Database,
  actor: Actor,
  filter: { period?: string; page: number; pageSize: number },
): Promise<{ items: TaxSummary[]; total: number }> {
  let query = visibleSummaries(db, actor);
  if (filter.period) query = query.where('period', '=', filter.period);
  const total = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('period', 'desc')
    .orderBy('assure_code')
    .orderBy('customs_code')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { items: rows.map(toSummary), total: Number(total.n) };
}

/** The summaries an actor may see: an enterprise those it guarantees, an officer those of its district. */
function visibleSummaries(db: Database, actor: Actor) {
  const own = enterpriseOf(actor);
  return db.kysely
    .withTables<EcommerceTables>()
    .selectFrom('ecommerce_tax_summary')
    .where(own ? sql<boolean>`assure_code = ${own}` : scopeWhere(actor, { district: 'customs_code' }));
}

function toSummary(r: EcommerceTables['ecommerce_tax_summary']): TaxSummary {
  return {
    assureCode: r.assure_code,
    customsCode: r.customs_code,
    period: r.period,
    entDutyNo: entDutyNoOf(r.customs_code, r.period, r.assure_code),
    bills: Number(r.bills),
    customsTax: new Dec(r.customs_tax).toFixed(2),
    valueAddedTax: new Dec(r.value_added_tax).toFixed(2),
    consumptionTax: new Dec(r.consumption_tax).toFixed(2),
    totalTax: new Dec(r.customs_tax).plus(r.value_added_tax).plus(r.consumption_tax).toFixed(2),
    payBy: r.pay_by,
    updatedAt: r.updated_at,
  };
}

/** One bill of a guarantor's month: the list it taxes, when it was released and when its window closed. */
export interface SummarisedBill {
  taxNo: string;
  invtNo: string;
  copNo: string | null;
  ebcCode: string;
  releasedAt: string;
  windowClosedAt: string;
  /** The last day (China) to pay it: the 45th after release (放行后第 31–45 日内办理纳税). */
  payBy: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  totalTax: string;
}

/** A summary's key: the guarantor, the customs and the month. */
export interface TaxSummaryKey {
  assureCode: string;
  customsCode: string;
  period: string;
}

/**
 * The bills added up in one summary, in the order of their lists' release, for the guarantor to reconcile
 * and the tax office to check: 404 (ECOMMERCE.TAX_SUMMARY_NOT_FOUND) for a summary the caller may not see.
 */
export async function listSummarisedBills(
  db: Database,
  actor: Actor,
  key: TaxSummaryKey,
  page: { page: number; pageSize: number },
): Promise<{ summary: TaxSummary; items: SummarisedBill[]; total: number }> {
  const row = await visibleSummaries(db, actor)
    .selectAll()
    .where('assure_code', '=', key.assureCode)
    .where('customs_code', '=', key.customsCode)
    .where('period', '=', key.period)
    .executeTakeFirst();
  if (!row) throw notFound('ECOMMERCE.TAX_SUMMARY_NOT_FOUND', { ...key });
  const summary = toSummary(row);
  // The partial index on (summary_period, assure_code) of summarised bills (migration 0008).
  const bills = db.kysely
    .withTables<EcommerceTables>()
    .selectFrom('ecommerce_tax_bill as b')
    .innerJoin('ecommerce_list as l', 'l.id', 'b.list_id')
    .where('b.summary_period', '=', key.period)
    .where('b.assure_code', '=', key.assureCode)
    .where('l.customs_code', '=', key.customsCode)
    .where('b.status', '=', '2');
  const rows = await bills
    .select([
      'b.tax_no',
      'b.invt_no',
      'b.customs_tax',
      'b.value_added_tax',
      'b.consumption_tax',
      'l.cop_no',
      'l.ebc_code',
      'l.decided_at',
    ])
    .orderBy('l.decided_at')
    .orderBy('b.tax_no')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  const items = rows.map((r) => ({
    taxNo: r.tax_no,
    invtNo: r.invt_no,
    copNo: r.cop_no,
    ebcCode: r.ebc_code,
    releasedAt: new Date(r.decided_at!).toISOString(),
    windowClosedAt: returnWindowClosesAt(r.decided_at!).toISOString(),
    payBy: payByOf(r.decided_at!),
    customsTax: new Dec(r.customs_tax).toFixed(2),
    valueAddedTax: new Dec(r.value_added_tax).toFixed(2),
    consumptionTax: new Dec(r.consumption_tax).toFixed(2),
    totalTax: new Dec(r.customs_tax).plus(r.value_added_tax).plus(r.consumption_tax).toFixed(2),
  }));
  const total = await bills.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { summary, items, total: Number(total.n) };
}
