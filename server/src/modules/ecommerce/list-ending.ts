import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Issue } from '../../platform/errors/index.ts';
import type { NewReceipt } from '../../platform/exchange/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { Prepared } from './ecommerce.ports.ts';
import { type EcommerceTables, orderKeyOf, parcelKeyOf, storedDoc } from './ecommerce.tables.ts';
import { giveQuotaBack } from './list-statements.ts';
import { type Tally, tallyEnteredWithoutList } from './monitoring-tally.ts';

// Returns within 30 days of release give the buyer's quota back (cross-border-ecommerce.md §12).
export const RETURN_WINDOW_MS = 30 * 24 * 3_600_000;

export interface EndingResult {
  returnStatus: string;
  data: Record<string, unknown>;
  reasons?: Issue[];
  /** CEB818 receipts of the tax bills a return voided. */
  voided?: NewReceipt[];
}

/**
 * CEB623 cancels a list not yet released; CEB625 returns a released one within the window. Both
 * give the quota back and free the order and waybill numbers; a return voids the tax bill (3 作废).
 * Both count in the monitoring tally.
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
  const keys = {
    invtNo: head.invtNo,
    copNo: head.copNo,
    preNo: head.preNo,
    customsCode: head.customsCode,
    agentCode: head.agentCode,
    ebpCode: head.ebpCode,
    ebcCode: head.ebcCode,
  };
  const refuse = (rule: string, params: Record<string, unknown> = {}): EndingResult => ({
    returnStatus: '100',
    data: keys,
    reasons: [{ path: 'invtNo', rule, params }],
  });
  if (!row || row.order_key !== orderKeyOf(head.ebpCode, head.orderNo)) return refuse('list_not_found');
  if (row.buyer_hash !== head.buyerIdNumber) return refuse('mismatch', { field: 'buyerIdNumber' });
  // The parties it names are the list's own: the sender is one of them (gateway), so no enterprise
  // outside the list can end it.
  const listed = JSON.parse(row.doc) as { head: Fields; lines: Fields[] };
  if (row.parcel_key !== parcelKeyOf(head.logisticsCode, head.logisticsNo))
    return refuse('mismatch', { field: 'logisticsNo' });
  for (const field of ['ebcCode', 'agentCode'])
    if (head[field] !== listed.head[field]) return refuse('mismatch', { field });
  if (!cancel) {
    const partial = partialReturn(p.doc.lines, listed.lines);
    if (partial) return refuse('partial_return', partial);
  }
  const allowed = cancel ? ['pending', 'held'] : ['released'];
  if (!allowed.includes(row.status))
    return refuse(cancel ? 'not_cancellable' : 'not_returnable', { status: row.status });
  if (!cancel && row.decided_at && now.getTime() - Date.parse(row.decided_at) > RETURN_WINDOW_MS)
    return refuse('return_window_passed', { days: 30 });
  const updated = await q
    .updateTable('ecommerce_list')
    .set({
      status: cancel ? 'cancelled' : 'returned',
      return_status: '399',
      active_order_key: null,
      active_parcel_key: null,
      ended_doc: storedDoc(p),
    })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return refuse('changed_concurrently');
  tally.listMoved(row, row.status, cancel ? 'cancelled' : 'returned');
  await tallyEnteredWithoutList(q, tally, [row.parcel_key], 1);
  await giveQuotaBack(q, row);
  const voided: NewReceipt[] = [];
  if (!cancel) {
    const bills = await q
      .selectFrom('ecommerce_tax_bill')
      .select(['tax_no', 'invt_no', 'assure_code', 'created_at', 'value_added_tax', 'consumption_tax'])
      .where('list_id', '=', row.id)
      .where('status', '<>', '3')
      .execute();
    await q.updateTable('ecommerce_tax_bill').set({ status: '3' }).where('list_id', '=', row.id).execute();
    for (const bill of bills) {
      tally.taxBill(bill, row.customs_code, -1);
      // CEB818: the bill's new status (3 作废) to the list's sender, as its CEB816 went.
      voided.push({
        enterpriseCode: row.sender,
        messageType: 'CEB818Message',
        guid: randomUUID().toUpperCase(),
        status: '3',
        data: { invtNo: bill.invt_no, taxNo: bill.tax_no, assureCode: bill.assure_code },
      });
    }
  }
  return { returnStatus: '399', data: { ...keys, copNo: row.cop_no, preNo: row.pre_no }, voided };
}

/**
 * A return gives back the whole list: its quota and its tax bill. One that names only some of the
 * goods, or fewer of them, is refused rather than taken for the whole: the platform does not split a
 * tax bill (module README). Answers what differs, or undefined when every line is returned whole.
 */
function partialReturn(
  returned: readonly Fields[],
  listed: readonly Fields[],
): Record<string, unknown> | undefined {
  // A return without lines returns the list whole.
  if (returned.length === 0) return undefined;
  const byGnum = new Map(returned.map((line) => [line.gnum, line]));
  for (const line of listed) {
    const back = byGnum.get(line.gnum);
    if (!back) return { gnum: line.gnum, missing: true };
    if (back.gcode !== line.gcode) return { gnum: line.gnum, field: 'gcode' };
    if (Number(back.qty) !== Number(line.qty)) return { gnum: line.gnum, field: 'qty', listed: line.qty };
  }
  if (byGnum.size !== listed.length || returned.length !== listed.length)
    return { lines: returned.length, listed: listed.length };
  return undefined;
}
