import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Dec, uuidv7 } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { NewReceipt } from '../../platform/exchange/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { Prepared } from './ecommerce.ports.ts';
import {
  type EcommerceTables,
  type ListRow,
  orderKeyOf,
  parcelKeyOf,
  storedDoc,
} from './ecommerce.tables.ts';
import { taxBillOf } from './list-decision.ts';
import { giveQuotaBack } from './list-statements.ts';
import { type Tally, tallyEnteredWithoutList } from './monitoring-tally.ts';
import { type Returned, shareOfReturn } from './return.rules.ts';
import type { RetailTax } from './tax.rules.ts';

const DAY_MS = 24 * 3_600_000;

/**
 * When a released list's return window closes: returns come 海关放行之日起30日内 (公告2018年第194号), counted as
 * Chinese law counts periods in days (民法典 第二百零一条: the day of release is not counted, the 30th day runs to
 * its 24:00), on the customs' clock. So the window closes at 00:00 China time at the start of the 31st day after
 * the day of release, the first day on which the guarantor pays (放行后第31日至第45日内办理纳税).
 */
export function returnWindowClosesAt(releasedAt: string | Date): Date {
  return new Date(Date.parse(`${chinaDay(releasedAt)}T00:00:00+08:00`) + 31 * DAY_MS);
}

/**
 * The last instant at which a list could have been released for its window to be closed at `now`: the end of
 * the China day 31 days before (windows close at China midnight, so every list of that day or before).
 */
export function releasedWindowClosedBy(now: Date): Date {
  return new Date(
    Date.parse(`${chinaDay(new Date(now.getTime() - 31 * DAY_MS))}T00:00:00+08:00`) + DAY_MS - 1,
  );
}

export interface EndingResult {
  returnStatus: string;
  data: Record<string, unknown>;
  reasons?: Issue[];
  /** To the list's sender: CEB818 for the tax bill a return voided, CEB816 for the revised one. */
  taxReceipts?: NewReceipt[];
}

/**
 * CEB623 cancels a list not yet released (but not one picked for inspection, until an inspector concludes
 * it); CEB625 returns all or part of a released one within the
 * window (return.rules.ts). Ending a list gives the quota back and frees the order and waybill
 * numbers; a return voids the tax bill (3 作废) and, when goods are kept, issues a revised one for
 * them, giving back the quota of what was returned. Both count in the monitoring tally.
 */
export async function cancelOrReturn(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  p: Prepared,
  now: Date,
): Promise<EndingResult> {
  const head = p.doc.head;
  const cancel = p.doc.type === 'CEB623Message';
  const row = await q
    .selectFrom('ecommerce_list')
    .selectAll()
    .where('invt_no', '=', head.invtNo ?? '')
    .executeTakeFirst();
  // The receipt's keys (§8.12: copNo and preNo are required): the sender's own until the list is known to
  // be theirs, then the list's.
  let keys: Record<string, string | undefined> = {
    invtNo: head.invtNo,
    copNo: head.copNo,
    preNo: head.preNo,
    customsCode: head.customsCode,
    agentCode: head.agentCode,
    ebpCode: head.ebpCode,
    ebcCode: head.ebcCode,
  };
  // Refusals name the field of the message they are about: `InvtCancel/…` (flat) or `InvtRefundHead/…`.
  const at = (field: string) => `${cancel ? 'InvtCancel' : 'InvtRefundHead'}/${field}`;
  const refuse = (rule: string, params: Record<string, unknown> = {}, path = at('invtNo')): EndingResult => ({
    returnStatus: '100',
    data: keys,
    reasons: [{ path, rule, params }],
  });
  // A field that differs from the list's own (CEB621) is named, as 三单比对 names it.
  const mismatch = (field: string) => refuse('mismatch', { document: 'CEB621', field }, at(field));
  if (!row || row.order_key !== orderKeyOf(head.ebpCode, head.orderNo)) return refuse('list_not_found');
  // To an enterprise that is not one of the list's own declaring parties the list does not exist, whatever
  // it guesses: a field-by-field answer would confirm a buyer's ID number or a waybill to anyone.
  const listed = JSON.parse(row.doc) as { head: Fields; lines: Fields[] };
  if (![listed.head.agentCode, listed.head.ebcCode, listed.head.ebpCode].includes(p.sender))
    return refuse('list_not_found');
  keys = { ...keys, copNo: row.cop_no ?? head.copNo, preNo: row.pre_no };
  // The parties it names are the list's own, so no other enterprise can end it in their name.
  for (const field of ['ebcCode', 'agentCode', 'customsCode'])
    if (head[field] !== listed.head[field]) return mismatch(field);
  if (row.buyer_hash !== head.buyerIdNumber) return mismatch('buyerIdNumber');
  if (row.parcel_key !== parcelKeyOf(head.logisticsCode, head.logisticsNo)) return mismatch('logisticsNo');
  // 海关总署令第218号 第十条: once customs has decided to inspect, the declaration (and a list has its force,
  // 公告2018年第194号) cannot be withdrawn until the inspection is concluded.
  if (cancel && row.status === 'held' && row.return_status === '500') return refuse('under_inspection');
  const allowed = cancel ? ['pending', 'held'] : ['released'];
  if (!allowed.includes(row.status))
    return refuse(cancel ? 'not_cancellable' : 'not_returnable', { status: row.status });
  if (!cancel && row.decided_at && now.getTime() >= returnWindowClosesAt(row.decided_at).getTime())
    return refuse('return_window_passed', { days: 30 });
  // Its tax summarised (汇总征税): the window has closed, whatever this process's clock says.
  if (
    !cancel &&
    (await q
      .selectFrom('ecommerce_tax_bill')
      .select('tax_no')
      .where('list_id', '=', row.id)
      .where('status', '=', '2')
      .executeTakeFirst())
  )
    return refuse('return_window_passed', { days: 30 });
  const done = { returnStatus: '399', data: keys };
  if (cancel) {
    if (!(await endList(q, tally, p, row, 'cancelled'))) return refuse('changed_concurrently');
    return done;
  }

  const returns = await q
    .selectFrom('ecommerce_return')
    .select('lines')
    .where('list_id', '=', row.id)
    .orderBy('created_at')
    .execute();
  const before: Returned = {};
  for (const r of returns)
    for (const line of JSON.parse(r.lines) as { gnum: string; qty: string }[])
      before[line.gnum] = new Dec(before[line.gnum] ?? '0').plus(line.qty).toString();
  const share = shareOfReturn(listed.lines, JSON.parse(row.tax!) as RetailTax, before, p.doc.lines);
  if ('refusal' in share) {
    const { path, rule, params } = share.refusal;
    return refuse(rule, params, path);
  }
  if (share.whole) {
    if (!(await endList(q, tally, p, row, 'returned'))) return refuse('changed_concurrently');
  } else {
    // Part of the goods: the list stays released with the quota of what the buyer keeps.
    const kept = await q
      .updateTable('ecommerce_list')
      .set({ quota_fen: share.kept.taxPriceFen })
      .where('id', '=', row.id)
      .where('status', '=', 'released')
      .executeTakeFirst();
    if (Number(kept.numUpdatedRows) === 0) return refuse('changed_concurrently');
    await giveQuotaBack(q, { ...row, quota_fen: share.givenBackFen });
  }
  await q
    .insertInto('ecommerce_return')
    .values({
      id: uuidv7(),
      list_id: row.id,
      sender: p.sender,
      guid: p.doc.guid,
      lines: JSON.stringify(share.lines),
      quota_fen: share.givenBackFen,
      whole: share.whole ? 1 : 0,
      doc: storedDoc(p),
      created_at: now.toISOString(),
    })
    .execute();
  const taxReceipts = await reviseTaxBill(
    q,
    tally,
    row,
    share.whole ? undefined : share.kept,
    listed.head,
    now,
  );
  return {
    ...done,
    data: { ...done.data, returned: share.lines, ...(share.whole ? {} : { kept: share.kept.taxPrice }) },
    taxReceipts,
  };
}

/** Ends a list (cancelled, or returned whole): numbers freed, quota back; false if it changed meanwhile. */
async function endList(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  p: Prepared,
  row: ListRow,
  status: 'cancelled' | 'returned',
): Promise<boolean> {
  const updated = await q
    .updateTable('ecommerce_list')
    .set({
      status,
      return_status: '399',
      active_order_key: null,
      active_parcel_key: null,
      // The quota goes back to the buyer (below): the list holds none of it any more.
      quota_fen: 0,
      ended_doc: storedDoc(p),
    })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  tally.listMoved(row, row.status, status);
  await tallyEnteredWithoutList(q, tally, [row.parcel_key], 1);
  await giveQuotaBack(q, row);
  return true;
}

/**
 * Voids the list's bill in force (CEB818, 3 作废) and, when goods are kept, issues a revised CEB816
 * for them (taxNo invtNo + T2, T3 …); both go to the list's sender, and the tally follows.
 */
async function reviseTaxBill(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  row: ListRow,
  kept: RetailTax | undefined,
  head: Fields,
  now: Date,
): Promise<NewReceipt[]> {
  const bills = await q
    .selectFrom('ecommerce_tax_bill')
    .select([
      'tax_no',
      'invt_no',
      'assure_code',
      'created_at',
      'value_added_tax',
      'consumption_tax',
      'status',
    ])
    .where('list_id', '=', row.id)
    .execute();
  const receipts: NewReceipt[] = [];
  const inForce = bills.filter((b) => b.status === '1');
  const voided = await q
    .updateTable('ecommerce_tax_bill')
    .set({ status: '3' })
    .where('list_id', '=', row.id)
    .where('status', '=', '1')
    .executeTakeFirst();
  // A bill summarised (2 已汇总): the window closed meanwhile (the sweep and the return take the same
  // locks, so this is a last guard). The batch rolls back and the retry is refused (return_window_passed).
  if (bills.some((b) => b.status === '2') || Number(voided.numUpdatedRows) !== inForce.length)
    throw new Error(`ecommerce: the tax bill of list ${row.id} was summarised meanwhile`);
  for (const bill of inForce) {
    tally.taxBill(bill, row.customs_code, -1);
    receipts.push({
      enterpriseCode: row.sender,
      messageType: 'CEB818Message',
      guid: randomUUID().toUpperCase(),
      status: '3',
      data: { invtNo: bill.invt_no, taxNo: bill.tax_no, assureCode: bill.assure_code },
    });
  }
  if (kept) {
    const invtNo = row.invt_no!;
    const { bill, receipt } = taxBillOf(
      row,
      kept,
      head.assureCode ?? '',
      invtNo,
      now,
      `${invtNo}T${bills.length + 1}`,
    );
    await q.insertInto('ecommerce_tax_bill').values(bill).execute();
    tally.taxBill(bill, row.customs_code, 1);
    receipts.push(receipt);
  }
  return receipts;
}
