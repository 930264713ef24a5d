import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { conflict, type Issue, notFound } from '../../platform/errors/index.ts';
import type { NewReceipt, Receipts } from '../../platform/exchange/index.ts';
import { type Actor, type DistrictTree, enterpriseOf, type Policy } from '../../platform/identity/index.ts';
import type { Fields } from './ceb.xml.ts';
import { lockDocumentKeys, orderLockOf } from './document-locks.ts';
import type { EcommerceTables } from './ecommerce.tables.ts';
import { receiptKeys, taxBillOf } from './list-decision.ts';
import { canSeeDistrict } from './list-lookup.service.ts';
import { giveQuotaBack } from './list-statements.ts';
import { openTally, tallyEnteredWithoutList } from './monitoring-tally.ts';
import type { RetailTax } from './tax.rules.ts';

/** An officer's conclusion on a held list: release it, or refuse it with a note saying why. */
export interface Conclusion {
  outcome: 'release' | 'refuse';
  note?: string;
}

/**
 * Concludes a list held for review (300 人工审核) or inspection (500 查验), by an officer of the
 * district where it was declared (an inspector for 500). Release: 800, its CEB816 tax bill, and the 30-day return window
 * starts now. Refusal: 100 with the officer's note, the buyer's quota given back and the order and
 * waybill numbers freed. The sender gets the CEB622 (and CEB816) receipts; the conclusion is audited.
 * One transaction, after the list's document locks, conditional on the list still being held.
 */
export async function concludeHeld(
  deps: { db: Database; receipts: Receipts; audit: AuditTrail; districts: DistrictTree; policy: Policy },
  actor: Actor,
  number: string,
  conclusion: Conclusion,
  now: Date,
): Promise<{ status: 'released' | 'rejected'; returnStatus: string }> {
  const { db } = deps;
  return db.transaction(async (tx) => {
    const q = tx.withTables<EcommerceTables>();
    const found = await q
      .selectFrom('ecommerce_list')
      .selectAll()
      .where((eb) => eb.or([eb('invt_no', '=', number), eb('pre_no', '=', number)]))
      .execute();
    // Officers only (enterprises never hold this permission), and only in their district.
    const row = enterpriseOf(actor)
      ? undefined
      : found.find((r) => canSeeDistrict(actor, r.customs_code, deps.districts));
    if (!row) throw notFound('ECOMMERCE.LIST_NOT_FOUND', { number });
    // Goods picked for inspection (查验) are released or refused on what the inspection found.
    if (row.return_status === '500') deps.policy.require(actor, 'ecommerce.inspect');
    await lockDocumentKeys(db, tx, [orderLockOf(row.order_key), `p:${row.parcel_key}`]);
    const at = now.toISOString();
    const release = conclusion.outcome === 'release';
    const held = row.return_status;
    const reasons: Issue[] = release
      ? []
      : [
          {
            path: 'Inventory',
            rule: held === '500' ? 'refused_on_inspection' : 'refused_on_review',
            ...(conclusion.note ? { params: { note: conclusion.note } } : {}),
          },
        ];
    const updated = await q
      .updateTable('ecommerce_list')
      .set(
        release
          ? { status: 'released', return_status: '800', decided_at: at }
          : {
              status: 'rejected',
              return_status: '100',
              active_order_key: null,
              active_parcel_key: null,
              reasons: JSON.stringify(reasons),
              decided_at: at,
            },
      )
      .where('id', '=', row.id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      // Read again: another writer may have ended it since it was first read (before the locks).
      const now = await q
        .selectFrom('ecommerce_list')
        .select('status')
        .where('id', '=', row.id)
        .executeTakeFirst();
      throw conflict('ECOMMERCE.LIST_NOT_HELD', { number, status: now?.status ?? row.status });
    }

    const tally = openTally(db, tx);
    const stored = JSON.parse(row.doc) as { head: Fields };
    const receipts: NewReceipt[] = [];
    const data: Record<string, unknown> = {
      ...receiptKeys(row, stored.head),
      returnStatus: release ? '800' : '100',
    };
    // The list's decision is now, not when it was held (the 30-day return window starts at release).
    tally.redecided(row.decided_at ?? at, at, row.customs_code, release ? undefined : reasons);
    if (release) {
      tally.listMoved(row, 'held', 'released');
      const tax = JSON.parse(row.tax!) as RetailTax;
      const { bill, receipt } = taxBillOf(row, tax, stored.head.assureCode ?? '', row.invt_no!, now);
      await db.bulkInsert(tx, 'ecommerce_tax_bill', [bill]);
      tally.taxBill(bill, row.customs_code, 1);
      data.taxNo = bill.tax_no;
      receipts.push(receipt);
    } else {
      tally.listMoved(row, 'held', 'rejected');
      // A refused list no longer covers its parcel; its quota goes back to the buyer.
      await tallyEnteredWithoutList(q, tally, [row.parcel_key], 1);
      await giveQuotaBack(q, row);
    }
    receipts.unshift({
      enterpriseCode: row.sender,
      messageType: 'CEB621Message',
      guid: row.guid,
      status: release ? '800' : '100',
      ...(reasons.length > 0 ? { reasons } : {}),
      data,
    });
    await deps.receipts.append(tx, receipts);
    await deps.audit.record(tx, actor, {
      action: release ? 'ecommerce.list.release' : 'ecommerce.list.refuse',
      recordType: 'ecommerce_list',
      recordId: row.id,
      change: { invtNo: row.invt_no, held, ...(conclusion.note ? { note: conclusion.note } : {}) },
    });
    return release
      ? { status: 'released' as const, returnStatus: '800' }
      : { status: 'rejected' as const, returnStatus: '100' };
  });
}
