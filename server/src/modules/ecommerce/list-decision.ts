import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Database, Dec, type Executor, sumDecimals } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { NewReceipt } from '../../platform/exchange/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { CreditLevel, RiskSubject } from '../risk/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { EcommercePorts } from './ecommerce.ports.ts';
import type { EcommerceTables, ListRow } from './ecommerce.tables.ts';
import { type ListDecided, markDecided, takeQuotas } from './list-statements.ts';
import { matchDocuments } from './matching.rules.ts';
import { type Tally, tallyEnteredWithoutList } from './monitoring-tally.ts';
import type { RetailTax } from './tax.rules.ts';

/** The outcome of one list, as its CEB622 receipt says it. */
export interface ListOutcome {
  listId: string;
  sender: string;
  guid: string;
  returnStatus: string;
  reasons?: Issue[];
  data: Record<string, unknown>;
}

interface StoredDoc {
  head: Fields;
  lines: Fields[];
}

const json = (value: unknown) => JSON.stringify(value);

/** Every column of a list but its stored document. */
const LIST_COLUMNS = [
  'id',
  'sender',
  'guid',
  'order_key',
  'parcel_key',
  'active_order_key',
  'active_parcel_key',
  'cop_no',
  'pre_no',
  'invt_no',
  'customs_code',
  'ebc_code',
  'buyer_hash',
  'status',
  'return_status',
  'quota_year',
  'quota_fen',
  'tax',
  'reasons',
  'risk_decision_id',
  'created_at',
  'decided_at',
  'ended_doc',
] as const satisfies readonly (keyof ListRow)[];

/**
 * Decides every pending list whose three documents are now all present: 三单比对, annual quota
 * (conditional UPDATE: exact under concurrency, across processes), risk, then release (800) with
 * a CEB816 tax bill, or hold (300 review / 500 inspection), or refusal (100). Runs in the
 * caller's transaction, counting each decision in its tally; answers one outcome per decided list.
 */
export async function decidePending(
  db: Database,
  tx: Executor,
  ports: EcommercePorts,
  tally: Tally,
  keys: { orderKeys: string[]; parcelKeys: string[] },
  now: Date,
): Promise<ListOutcome[]> {
  const q = tx.withTables<EcommerceTables>();
  if (keys.orderKeys.length === 0 && keys.parcelKeys.length === 0) return [];
  // Lists without their stored document first: most arrivals complete no list yet (one of its
  // documents is still missing), and the document is a list's largest column. One query per key,
  // each on its (key, status) index: an OR of the two made SQLite scan every pending list by status.
  const pendingBy = (column: 'order_key' | 'parcel_key', values: string[]) =>
    values.length === 0
      ? Promise.resolve([])
      : q
          .selectFrom('ecommerce_list')
          .select(LIST_COLUMNS)
          .where(column, 'in', [...new Set(values)])
          .where('status', '=', 'pending')
          .execute();
  const found = [
    ...(await pendingBy('order_key', keys.orderKeys)),
    ...(await pendingBy('parcel_key', keys.parcelKeys)),
  ];
  const candidates = [...new Map(found.map((row) => [row.id, row])).values()];
  if (candidates.length === 0) return [];
  const orderKeys = [...new Set(candidates.map((row) => row.order_key))];
  const parcelKeys = [...new Set(candidates.map((row) => row.parcel_key))];
  const [orders, payments, waybills] = await Promise.all([
    q
      .selectFrom('ecommerce_order')
      .select(['order_key', 'doc'])
      .where('order_key', 'in', orderKeys)
      .execute(),
    q
      .selectFrom('ecommerce_payment')
      .select(['order_key', 'doc'])
      .where('order_key', 'in', orderKeys)
      .execute(),
    q
      .selectFrom('ecommerce_waybill')
      .select(['parcel_key', 'doc'])
      .where('parcel_key', 'in', parcelKeys)
      .execute(),
  ]);
  // Parsed only for the lists now complete.
  const orderBy = new Map(orders.map((r) => [r.order_key, r.doc]));
  const paymentBy = new Map(payments.map((r) => [r.order_key, r.doc]));
  const waybillBy = new Map(waybills.map((r) => [r.parcel_key, r.doc]));
  const complete = candidates.filter(
    (row) => orderBy.has(row.order_key) && paymentBy.has(row.order_key) && waybillBy.has(row.parcel_key),
  );
  if (complete.length === 0) return [];
  const listDocs = new Map(
    (
      await q
        .selectFrom('ecommerce_list')
        .select(['id', 'doc'])
        .where(
          'id',
          'in',
          complete.map((row) => row.id),
        )
        .where('status', '=', 'pending')
        .execute()
    ).map((r) => [r.id, r.doc]),
  );
  // Still pending when read again (the keys' locks keep other writers out; this does not rely on it).
  const pending: ListRow[] = complete.flatMap((row) => {
    const doc = listDocs.get(row.id);
    return doc === undefined ? [] : [{ ...row, doc }];
  });
  // Quota rows are locked in one order by every transaction, so concurrent batches cannot deadlock.
  pending.sort((a, b) =>
    a.buyer_hash < b.buyer_hash ? -1 : a.buyer_hash > b.buyer_hash ? 1 : a.id < b.id ? -1 : 1,
  );
  const parsed = (docs: Map<string, string>, key: string) => JSON.parse(docs.get(key)!) as StoredDoc;

  const outcomes: ListOutcome[] = [];
  const refused: ListRow[] = [];
  const matched: { row: ListRow; inventory: StoredDoc; tax: RetailTax }[] = [];
  for (const row of pending) {
    const order = parsed(orderBy, row.order_key);
    const payment = parsed(paymentBy, row.order_key);
    const waybill = parsed(waybillBy, row.parcel_key);
    const inventory = JSON.parse(row.doc) as StoredDoc;
    const issues = matchDocuments({ order, payment, waybill, inventory });
    if (issues.length > 0) {
      outcomes.push(await refuse(q, tally, row, issues, now));
      refused.push(row);
      continue;
    }
    matched.push({ row, inventory, tax: JSON.parse(row.tax!) as RetailTax });
  }
  // 26,000 CNY per buyer per year: a take that would exceed it changes nothing and refuses the list.
  const taken = await takeQuotas(
    db,
    tx,
    matched.map(({ row, tax }) => ({
      buyerHash: row.buyer_hash,
      year: row.quota_year,
      fen: tax.taxPriceFen,
    })),
  );
  const passed: typeof matched = [];
  for (const [i, list] of matched.entries()) {
    if (taken[i]) {
      passed.push(list);
      continue;
    }
    const reason = {
      path: 'InventoryHead/buyerIdNumber',
      rule: 'annual_limit',
      params: { limit: '26000.00' },
    };
    outcomes.push(await refuse(q, tally, list.row, [reason], now));
    refused.push(list.row);
  }
  // A refused list no longer covers its parcel: an entered one is again without a list.
  await tallyEnteredWithoutList(
    q,
    tally,
    refused.map((row) => row.parcel_key),
    1,
  );
  if (passed.length === 0) return outcomes;

  const measures = await Promise.all(passed.map(({ row }) => ports.measuresOf(row.ebc_code, now)));
  const decisions = await ports.risk.assessMany(
    passed.map(({ row, inventory }, i) => toSubject(row, inventory, measures[i]!, now)),
    tx,
  );
  const bills = [];
  const receipts: NewReceipt[] = [];
  const decided: ListDecided[] = [];
  for (const [i, { row, tax, inventory }] of passed.entries()) {
    const decision = decisions[i]!;
    const released = decision.channel === 'green';
    const returnStatus = released ? '800' : decision.channel === 'yellow' ? '300' : '500';
    // Numbered on entry; a list stored before that was numbered here (China year, as on entry).
    const invtNo = row.invt_no ?? `${row.customs_code}${chinaDay(now).slice(0, 4)}I${row.pre_no.slice(-9)}`;
    decided.push({
      id: row.id,
      status: released ? 'released' : 'held',
      returnStatus,
      invtNo,
      quotaFen: tax.taxPriceFen,
      riskDecisionId: decision.id,
      reasons: heldBecause(decision),
    });
    tally.listMoved(row, 'pending', released ? 'released' : 'held');
    tally.decided(now.toISOString(), row.customs_code);
    const data: Record<string, unknown> = {
      ...receiptKeys(row, inventory.head),
      invtNo,
      channel: decision.channel,
    };
    if (released) {
      const { bill, receipt } = taxBillOf(row, tax, inventory.head.assureCode ?? '', invtNo, now);
      bills.push(bill);
      tally.taxBill(bill, row.customs_code, 1);
      data.taxNo = bill.tax_no;
      receipts.push(receipt);
    }
    outcomes.push({ listId: row.id, sender: row.sender, guid: row.guid, returnStatus, data });
  }
  await markDecided(db, tx, decided, now.toISOString());
  await db.bulkInsert(tx, 'ecommerce_tax_bill', bills);
  await ports.receipts.append(tx, receipts);
  return outcomes;
}

/**
 * A released list's CEB816 tax bill (status 1 已生成) and the receipt that issues it to the list's sender;
 * after a partial return, the revised bill of the goods kept (taxNo invtNo + T2, T3 …).
 */
export function taxBillOf(
  row: Pick<ListRow, 'id' | 'sender'>,
  tax: RetailTax,
  assureCode: string,
  invtNo: string,
  now: Date,
  taxNo = `${invtNo}T`,
) {
  const bill = {
    tax_no: taxNo,
    guid: randomUUID().toUpperCase(),
    list_id: row.id,
    invt_no: invtNo,
    assure_code: assureCode,
    customs_tax: tax.customsTax,
    value_added_tax: tax.valueAddedTax,
    consumption_tax: tax.consumptionTax,
    status: '1',
    lines: json(tax.lines),
    created_at: now.toISOString(),
  };
  const receipt: NewReceipt = {
    enterpriseCode: row.sender,
    messageType: 'CEB816Message',
    guid: bill.guid,
    status: '1',
    data: {
      invtNo,
      taxNo: bill.tax_no,
      customsTax: tax.customsTax,
      valueAddedTax: tax.valueAddedTax,
      consumptionTax: tax.consumptionTax,
      taxPrice: tax.taxPrice,
      lines: tax.lines,
    },
  };
  return { bill, receipt };
}

async function refuse(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  row: ListRow,
  reasons: Issue[],
  now: Date,
): Promise<ListOutcome> {
  const refused = await q
    .updateTable('ecommerce_list')
    .set({
      status: 'rejected',
      return_status: '100',
      active_order_key: null,
      active_parcel_key: null,
      reasons: json(reasons),
      decided_at: now.toISOString(),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // As markDecided: a list no longer pending fails the batch rather than being refused over its end.
  if (Number(refused.numUpdatedRows) === 0)
    throw new Error(`ecommerce: list ${row.id} was no longer pending`);
  tally.listMoved(row, 'pending', 'rejected');
  tally.decided(now.toISOString(), row.customs_code, reasons);
  return {
    listId: row.id,
    sender: row.sender,
    guid: row.guid,
    returnStatus: '100',
    reasons,
    data: receiptKeys(row, (JSON.parse(row.doc) as StoredDoc).head),
  };
}

/** The key fields of a CEB622 (§8.12). */
export function receiptKeys(row: ListRow, head: Fields): Record<string, unknown> {
  return {
    receipt: 'CEB622',
    customsCode: row.customs_code,
    ebpCode: head.ebpCode,
    ebcCode: head.ebcCode,
    agentCode: head.agentCode,
    copNo: row.cop_no,
    preNo: row.pre_no,
    ...(row.invt_no ? { invtNo: row.invt_no } : {}),
  };
}

function toSubject(
  row: ListRow,
  inventory: StoredDoc,
  measures: { level: CreditLevel; targetInspectionRate: string },
  now: Date,
): RiskSubject {
  const head = inventory.head;
  return {
    kind: 'ecommerce_list',
    id: row.id,
    declaredAt: now.toISOString(),
    district: row.customs_code,
    enterpriseCode: row.ebc_code,
    creditLevel: measures.level,
    targetInspectionRate: measures.targetInspectionRate,
    ieFlag: 'I',
    tradeMode: head.tradeMode ?? '',
    transportMode: head.trafMode ?? '',
    tradeCountry: head.country ?? '',
    totalValueCny: sumDecimals(inventory.lines.map((l) => l.totalPrice || '0')).toFixed(2),
    items: inventory.lines.map((line) => ({
      hsCode: line.gcode ?? '',
      originCountry: line.country ?? '',
      quantity: line.qty ?? '0',
      unit: line.unit ?? '',
      valueCny: line.totalPrice ?? '0',
      name: line.gname ?? '',
    })),
  };
}

/**
 * Why risk held a list, in both languages, for the officer concluding it: the rules that fired, and
 * the random draw (随机抽查) when it picked the list, with its rate. Null when nothing held it.
 */
export function heldBecause(decision: {
  firedRules: { reason: { 'zh-CN': string; en: string } }[];
  sampling: { sampled: boolean; rate: string };
}): string | null {
  const why = decision.firedRules.map((r) => r.reason);
  if (decision.sampling.sampled) {
    const percent = `${new Dec(decision.sampling.rate).times(100).toString()}%`;
    why.push({
      'zh-CN': `随机抽中查验（抽查率 ${percent}）`,
      en: `Picked at random for inspection (rate ${percent})`,
    });
  }
  return why.length > 0 ? json(why) : null;
}
