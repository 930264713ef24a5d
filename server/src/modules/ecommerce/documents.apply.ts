import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { NewReceipt, ReceiptDraft } from '../../platform/exchange/index.ts';
import { CEB_SHAPES } from './ceb.fields.ts';
import { RECEIPT_KEYS } from './ceb-receipt.xml.ts';
import { changeDocument } from './document-change.ts';
import type { EcommercePorts, Prepared } from './ecommerce.ports.ts';
import { type EcommerceTables, orderKeyOf, parcelKeyOf, payKeyOf, storedDoc } from './ecommerce.tables.ts';
import { decidePending, type ListOutcome } from './list-decision.ts';
import { cancelOrReturn } from './list-ending.ts';
import { openTally, tallyEnteredWithoutList } from './monitoring-tally.ts';
import { listNumbers } from './parcel.rules.ts';
import { applyDelivery, applyWaybillStatus } from './parcels.apply.ts';
import { allocateSerials } from './serials.ts';
import { ecommerceStages } from './stage-clock.ts';

const json = (value: unknown) => JSON.stringify(value);

/** Stores the fresh documents of a batch and decides every list they complete; one draft each. */
export async function applyDocuments(
  db: Database,
  tx: Executor,
  ports: EcommercePorts,
  batch: Prepared[],
  now: Date,
): Promise<ReceiptDraft[]> {
  const drafts: (ReceiptDraft | undefined)[] = batch.map((p) =>
    p.refusal ? draft(p, p.refusal.returnStatus, {}, p.refusal.reasons) : undefined,
  );
  const at = now.toISOString();
  // The monitoring figures this batch changes, written just before it commits.
  const tally = openTally(db, tx);
  const orderKeys: string[] = [];
  const parcelKeys: string[] = [];
  const listIndex = new Map<string, number>();
  const ok = batch.map((p, i) => [p, i] as const).filter(([p]) => !p.refusal);

  // Orders, payments, waybills: a number already used (or used twice in the batch) is refused.
  const simple = [
    ['CEB311Message', 'ecommerce_order', 'order_key'],
    ['CEB411Message', 'ecommerce_payment', 'order_key'],
    ['CEB511Message', 'ecommerce_waybill', 'parcel_key'],
  ] as const;
  const q = tx.withTables<EcommerceTables>();
  for (const [type, table, keyColumn] of simple) {
    const items = ok.filter(([p]) => p.doc.type === type);
    if (items.length === 0) continue;
    const keyOf = (p: Prepared) =>
      keyColumn === 'order_key'
        ? orderKeyOf(p.doc.head.ebpCode, p.doc.head.orderNo)
        : parcelKeyOf(p.doc.head.logisticsCode, p.doc.head.logisticsNo);
    const keys = items.map(([p]) => keyOf(p));
    const existing = new Set(
      (
        await sql<{
          k: string;
        }>`SELECT ${sql.ref(keyColumn)} AS k FROM ${sql.table(table)} WHERE ${sql.ref(keyColumn)} IN (${sql.join([...new Set(keys)])})`.execute(
          tx,
        )
      ).rows.map((r) => r.k),
    );
    // A payment's own number (payment company + payTransactionId) backs one order only.
    const payments = table === 'ecommerce_payment';
    const payKeys = payments
      ? items.map(([p]) => payKeyOf(p.doc.head.payCode, p.doc.head.payTransactionId))
      : [];
    const paid = payments ? await storedPayKeys(tx, payKeys) : new Set<string>();
    const rows: Record<string, unknown>[] = [];
    const changes: [Prepared, number, string][] = [];
    items.forEach(([p, i], n) => {
      const key = keys[n]!;
      if (p.doc.head.appType === '2') {
        changes.push([p, i, key]);
        return;
      }
      // Named by the field the sender wrote: the order or waybill number.
      const numberPath = p.doc.paths[keyColumn === 'order_key' ? 'orderNo' : 'logisticsNo'];
      if (existing.has(key)) {
        drafts[i] = draft(p, '100', {}, [{ path: numberPath, rule: 'number_reused', params: { key } }]);
        return;
      }
      if (payments && paid.has(payKeys[n]!)) {
        const reason = {
          path: p.doc.paths.payTransactionId,
          rule: 'number_reused',
          params: { key: payKeys[n] },
        };
        drafts[i] = draft(p, '100', {}, [reason]);
        return;
      }
      existing.add(key);
      if (payments) paid.add(payKeys[n]!);
      rows.push({
        [keyColumn]: key,
        sender: p.sender,
        guid: p.doc.guid,
        ...(table === 'ecommerce_order' ? { buyer_hash: p.doc.head.buyerIdNumber ?? '' } : {}),
        ...(payments ? { pay_key: payKeys[n] } : {}),
        doc: storedDoc(p),
        created_at: at,
      });
      (keyColumn === 'order_key' ? orderKeys : parcelKeys).push(key);
      drafts[i] = draft(p, '120', {});
    });
    await db.bulkInsert(tx, table, rows);
    // Changes (appType 2) after the batch's new documents, so one may change a document sent just before it.
    for (const [p, i, key] of changes) {
      const result = await changeDocument(q, p, table, key);
      if (result.returnStatus === '120') (keyColumn === 'order_key' ? orderKeys : parcelKeys).push(key);
      drafts[i] = draft(p, result.returnStatus, {}, result.reasons);
    }
  }

  // Inventory lists: stored as pending (120) with their numbers; decided below when complete.
  const lists = ok.filter(([p]) => p.doc.type === 'CEB621Message');
  if (lists.length > 0) {
    const ok2: (typeof lists)[number][] = [];
    const orderOf = (p: Prepared) => orderKeyOf(p.doc.head.ebpCode, p.doc.head.orderNo);
    const parcelOf = (p: Prepared) => parcelKeyOf(p.doc.head.logisticsCode, p.doc.head.logisticsNo);
    const orders = lists.map(([p]) => orderOf(p));
    const parcels = lists.map(([p]) => parcelOf(p));
    // A sender's own number (copNo), by which it reads its CEB622 receipts, is held by its lists until one is
    // cancelled or refused.
    const copOf = (p: Prepared) => `${p.sender}|${p.doc.head.copNo}`;
    const copsBySender = new Map<string, string[]>();
    for (const [p] of lists)
      copsBySender.set(p.sender, [...(copsBySender.get(p.sender) ?? []), p.doc.head.copNo!]);
    const active = await q
      .selectFrom('ecommerce_list')
      .select([
        'active_order_key',
        'active_parcel_key',
        'order_key',
        'parcel_key',
        'status',
        'sender',
        'cop_no',
      ])
      .where((eb) =>
        eb.or([
          eb('active_order_key', 'in', orders),
          eb('active_parcel_key', 'in', parcels),
          // A list whose goods came back (退货) used its order, payment and parcel for good: unlike a
          // cancelled one, whose numbers are free again, they are not declared anew.
          eb.and([eb('order_key', 'in', orders), eb('status', '=', 'returned')]),
          eb.and([eb('parcel_key', 'in', parcels), eb('status', '=', 'returned')]),
          ...[...copsBySender].map(([sender, cops]) =>
            eb.and([
              eb('sender', '=', sender),
              eb('cop_no', 'in', cops),
              eb('status', 'not in', ['cancelled', 'rejected']),
            ]),
          ),
        ]),
      )
      .execute();
    const takenCops = new Set(
      active
        .filter((r) => r.status !== 'cancelled' && r.status !== 'rejected')
        .map((r) => `${r.sender}|${r.cop_no}`),
    );
    // Order and waybill keys apart: one code may be both a platform and a carrier, with numbers alike.
    const returned = active.filter((r) => r.status === 'returned');
    const takenOrders = new Set([
      ...active.map((r) => r.active_order_key),
      ...returned.map((r) => r.order_key),
    ]);
    const takenParcels = new Set([
      ...active.map((r) => r.active_parcel_key),
      ...returned.map((r) => r.parcel_key),
    ]);
    for (const item of lists) {
      const [p, i] = item;
      const clash = takenOrders.has(orderOf(p))
        ? 'orderNo'
        : takenParcels.has(parcelOf(p))
          ? 'logisticsNo'
          : takenCops.has(copOf(p))
            ? 'copNo'
            : undefined;
      if (clash) {
        drafts[i] = draft(p, '100', {}, [{ path: `InventoryHead/${clash}`, rule: 'number_reused' }]);
        continue;
      }
      takenOrders.add(orderOf(p));
      takenParcels.add(parcelOf(p));
      takenCops.add(copOf(p));
      ok2.push(item);
    }
    const serials = await allocateSerials(db, tx, ok2.length);
    const rows = ok2.map(([p, i], n) => {
      const head = p.doc.head;
      // Numbered on entry (120), as the CEB622 of 海关入库 carries it: a list still waiting for its
      // documents can then be cancelled by it (CEB623 names the list by invtNo).
      const { preNo, invtNo } = listNumbers(head.customsCode ?? '', serials[n]!, new Date(at));
      listIndex.set(p.listId!, i);
      orderKeys.push(orderOf(p));
      drafts[i] = draft(p, '120', {
        copNo: head.copNo,
        preNo,
        invtNo,
        ebpCode: head.ebpCode,
        ebcCode: head.ebcCode,
        agentCode: head.agentCode,
        customsCode: head.customsCode,
      });
      return {
        id: p.listId!,
        sender: p.sender,
        guid: p.doc.guid,
        order_key: orderOf(p),
        parcel_key: parcelOf(p),
        active_order_key: orderOf(p),
        active_parcel_key: parcelOf(p),
        cop_no: head.copNo ?? null,
        pre_no: preNo,
        invt_no: invtNo,
        customs_code: head.customsCode ?? '',
        ebc_code: head.ebcCode ?? '',
        buyer_hash: head.buyerIdNumber ?? '',
        status: 'pending',
        return_status: '120',
        quota_year: p.quotaYear ?? null,
        quota_fen: null,
        tax: json(p.tax),
        reasons: null,
        risk_decision_id: null,
        doc: storedDoc(p),
        created_at: at,
        decided_at: null,
      };
    });
    await db.bulkInsert(tx, 'ecommerce_list', rows);
    for (const row of rows) tally.listCreated(row);
    // A parcel already entered at a site is no longer without a list.
    await tallyEnteredWithoutList(
      q,
      tally,
      rows.map((r) => r.parcel_key),
      -1,
    );
    const quotaRows = [...new Map(rows.map((r) => [`${r.buyer_hash}|${r.quota_year}`, r])).values()];
    if (quotaRows.length > 0)
      await q
        .insertInto('ecommerce_quota')
        .values(quotaRows.map((r) => ({ buyer_hash: r.buyer_hash, year: r.quota_year!, used_fen: 0 })))
        .onConflict((oc) => oc.columns(['buyer_hash', 'year']).doNothing())
        .execute();
  }

  // Cancellations (623) and returns (625); a return's voided and revised tax bills (CEB818, CEB816) go out below.
  const later: NewReceipt[] = [];
  for (const [p, i] of ok.filter(([p]) => p.doc.type === 'CEB623Message' || p.doc.type === 'CEB625Message')) {
    const result = await cancelOrReturn(q, tally, p, now);
    drafts[i] = draft(p, result.returnStatus, result.data, result.reasons);
    later.push(...(result.taxReceipts ?? []));
  }

  // Waybill statuses (513) and deliveries into the supervised site (711), after this batch's waybills.
  for (const [p, i] of ok.filter(([p]) => p.doc.type === 'CEB513Message' || p.doc.type === 'CEB711Message')) {
    const result =
      p.doc.type === 'CEB513Message'
        ? await applyWaybillStatus(q, tally, p, now)
        : await applyDelivery(db, tx, tally, p, now);
    drafts[i] = draft(p, result.returnStatus, result.data, result.reasons);
  }

  const matchStarted = process.hrtime.bigint();
  const outcomes = await decidePending(db, tx, ports, tally, { orderKeys, parcelKeys }, now);
  ecommerceStages.add('match', matchStarted);
  for (const outcome of outcomes) {
    const i = listIndex.get(outcome.listId);
    if (i !== undefined) drafts[i] = draft(batch[i]!, outcome.returnStatus, outcome.data, outcome.reasons);
    else later.push(toReceipt(outcome));
  }
  await ports.receipts.append(tx, later);
  return drafts.map((d) => d!);
}

function draft(
  p: Prepared,
  returnStatus: string,
  data: Record<string, unknown>,
  reasons?: Issue[],
): ReceiptDraft {
  return {
    status: returnStatus,
    ...(reasons && reasons.length > 0 ? { reasons } : {}),
    data: { receipt: CEB_SHAPES[p.doc.type].receipt, returnStatus, ...receiptKeysOf(p), ...data },
  };
}

/** The receipt's key fields as the document sent them (§8.12). */
function receiptKeysOf(p: Prepared): Record<string, string> {
  const keys = RECEIPT_KEYS[CEB_SHAPES[p.doc.type].receipt]?.keys ?? [];
  const out: Record<string, string> = {};
  for (const key of keys) if (p.doc.head[key]) out[key] = p.doc.head[key]!;
  return out;
}

function toReceipt(outcome: ListOutcome) {
  return {
    enterpriseCode: outcome.sender,
    messageType: 'CEB621Message',
    guid: outcome.guid,
    status: outcome.returnStatus,
    ...(outcome.reasons ? { reasons: outcome.reasons } : {}),
    data: { returnStatus: outcome.returnStatus, ...outcome.data },
  };
}

/** The payment numbers among `keys` that a stored voucher already uses. */
export async function storedPayKeys(tx: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx
    .withTables<EcommerceTables>()
    .selectFrom('ecommerce_payment')
    .select('pay_key')
    .where('pay_key', 'in', [...new Set(keys)])
    .execute();
  return new Set(rows.map((r) => r.pay_key!));
}
