import type { Database } from '../../platform/db/index.ts';
import type { Receipts } from '../../platform/exchange/index.ts';
import { lockDocumentKeys, orderLockOf } from './document-locks.ts';
import type { EcommerceTables } from './ecommerce.tables.ts';
import { missingDocuments } from './matching.rules.ts';
import { openTally, tallyEnteredWithoutList } from './monitoring-tally.ts';

const SWEEP_LIMIT = 1000;

/**
 * Refuses (100) every list still waiting for its documents after `incompleteAfterMs`, naming the
 * missing ones, and frees its numbers. Conditional on `status = 'pending'`, so a list completed
 * meanwhile by another process is left alone. Answers how many lists it refused.
 */
export async function expireIncomplete(
  db: Database,
  receipts: Receipts,
  incompleteAfterMs: number,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - incompleteAfterMs).toISOString();
  return db.transaction(async (tx) => {
    const q = tx.withTables<EcommerceTables>();
    const tally = openTally(db, tx);
    const candidates = await q
      .selectFrom('ecommerce_list')
      .select(['id', 'order_key', 'parcel_key'])
      .where('status', '=', 'pending')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(SWEEP_LIMIT)
      .execute();
    if (candidates.length === 0) return 0;
    // A document arriving now waits for this sweep, or the sweep for it (then the list is no longer
    // pending). Which documents a list misses is read only once its keys are held: a payment committed
    // between a first read and the locks is not then named as missing.
    await lockDocumentKeys(
      db,
      tx,
      candidates.flatMap((row) => [orderLockOf(row.order_key), `p:${row.parcel_key}`]),
    );
    const stale = await q
      .selectFrom('ecommerce_list as l')
      .select([
        'l.id',
        'l.sender',
        'l.guid',
        'l.cop_no',
        'l.pre_no',
        'l.invt_no',
        'l.customs_code',
        'l.order_key',
        'l.parcel_key',
        'l.created_at',
      ])
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('ecommerce_order as o')
              .select('o.order_key')
              .whereRef('o.order_key', '=', 'l.order_key'),
          )
          .as('has_order'),
        eb
          .exists(
            eb
              .selectFrom('ecommerce_payment as p')
              .select('p.order_key')
              .whereRef('p.order_key', '=', 'l.order_key'),
          )
          .as('has_payment'),
        eb
          .exists(
            eb
              .selectFrom('ecommerce_waybill as w')
              .select('w.parcel_key')
              .whereRef('w.parcel_key', '=', 'l.parcel_key'),
          )
          .as('has_waybill'),
      ])
      .where(
        'l.id',
        'in',
        candidates.map((row) => row.id),
      )
      .where('l.status', '=', 'pending')
      .orderBy('l.created_at')
      .execute();
    const refused = [];
    const freed: string[] = [];
    for (const row of stale) {
      const missing = missingDocuments({
        order: Boolean(Number(row.has_order)),
        payment: Boolean(Number(row.has_payment)),
        waybill: Boolean(Number(row.has_waybill)),
      });
      const reasons = [{ path: 'Inventory', rule: 'documents_missing', params: { missing } }];
      const updated = await q
        .updateTable('ecommerce_list')
        .set({
          status: 'rejected',
          return_status: '100',
          active_order_key: null,
          active_parcel_key: null,
          reasons: JSON.stringify(reasons),
          decided_at: now.toISOString(),
        })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) continue;
      tally.listMoved(row, 'pending', 'rejected');
      tally.decided(now.toISOString(), row.customs_code, reasons);
      freed.push(row.parcel_key);
      refused.push({
        enterpriseCode: row.sender,
        messageType: 'CEB621Message',
        guid: row.guid,
        status: '100',
        reasons,
        data: {
          receipt: 'CEB622',
          returnStatus: '100',
          copNo: row.cop_no,
          preNo: row.pre_no,
          ...(row.invt_no ? { invtNo: row.invt_no } : {}),
          customsCode: row.customs_code,
        },
      });
    }
    await tallyEnteredWithoutList(q, tally, freed, 1);
    await receipts.append(tx, refused);
    return refused.length;
  });
}
