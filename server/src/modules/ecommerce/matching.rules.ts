import { Dec, toMoney } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { Fields } from './ceb.xml.ts';

/** The four documents of one transaction, ID numbers already replaced by their keyed hashes. */
export interface MatchSet {
  order: { head: Fields; lines: Fields[] };
  payment: { head: Fields };
  waybill: { head: Fields };
  inventory: { head: Fields; lines: Fields[] };
}

/** Trim, fold full-width to half-width (NFKC) and collapse spaces: the usual causes of false mismatches (§10). */
export function normalise(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');
}

// Documents that match usually carry the very same text, so equal strings are answered before the
// cost of NFKC normalising (ICU) or decimal parsing.
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

function sameText(a: string | undefined, b: string | undefined): boolean {
  return a === b || normalise(a) === normalise(b);
}

/**
 * Codes and numbers (enterprise codes, order, payment numbers) are the same only as written, but for spaces
 * around them: a full-width number is another number (the documents are stored under the number as written).
 */
function sameCode(a: string | undefined, b: string | undefined): boolean {
  return a === b || (a ?? '').trim() === (b ?? '').trim();
}

/** An amount rounded half-up to the fen; what is not a number is left as it is, for sameAmount to refuse. */
function toFen2(value: string | undefined): string | undefined {
  try {
    return value === undefined ? undefined : toMoney(value);
  } catch {
    return value;
  }
}

function sameAmount(a: string | undefined, b: string | undefined): boolean {
  if (a === b && a !== undefined && PLAIN_DECIMAL.test(a)) return true;
  try {
    return new Dec(a || '0').equals(new Dec(b || '0'));
  } catch {
    return false;
  }
}

/**
 * 三单比对 (cross-border-ecommerce.md §10): the inventory list against its order, payment voucher
 * and waybill. Answers every mismatch at once, each naming the list field and the other document.
 */
export function matchDocuments({ order, payment, waybill, inventory }: MatchSet): Issue[] {
  const issues: Issue[] = [];
  const inv = inventory.head;
  const o = order.head;
  const p = payment.head;
  const w = waybill.head;
  const check = (ok: boolean, path: string, document: string, field: string) => {
    if (!ok) issues.push({ path, rule: 'mismatch', params: { document, field } });
  };
  // same merchant; parcel and order link
  check(sameCode(inv.ebcCode, o.ebcCode), 'InventoryHead/ebcCode', 'CEB311', 'ebcCode');
  check(sameCode(w.orderNo, inv.orderNo), 'InventoryHead/orderNo', 'CEB511', 'orderNo');
  // payment identity and amount: acturalPaid = goodsValue + freight + taxTotal − discount = amountPaid
  if (o.payCode) check(sameCode(o.payCode, p.payCode), 'OrderHead/payCode', 'CEB411', 'payCode');
  if (o.payTransactionId)
    check(
      sameCode(o.payTransactionId, p.payTransactionId),
      'OrderHead/payTransactionId',
      'CEB411',
      'payTransactionId',
    );
  const composed = new Dec(o.goodsValue || '0')
    .plus(o.freight || '0')
    .plus(o.taxTotal || '0')
    .minus(o.discount || '0')
    .toFixed(2);
  check(
    sameAmount(o.acturalPaid, composed),
    'OrderHead/acturalPaid',
    'CEB311',
    'goodsValue+freight+taxTotal-discount',
  );
  check(sameAmount(o.acturalPaid, p.amountPaid), 'OrderHead/acturalPaid', 'CEB411', 'amountPaid');
  // payer = buyer = list's buyer
  check(sameText(o.buyerName, p.payerName), 'OrderHead/buyerName', 'CEB411', 'payerName');
  check(o.buyerIdNumber === p.payerIdNumber, 'OrderHead/buyerIdNumber', 'CEB411', 'payerIdNumber');
  check(sameText(inv.buyerName, o.buyerName), 'InventoryHead/buyerName', 'CEB311', 'buyerName');
  check(inv.buyerIdNumber === o.buyerIdNumber, 'InventoryHead/buyerIdNumber', 'CEB311', 'buyerIdNumber');
  check(
    sameText(inv.buyerTelephone, o.buyerTelephone),
    'InventoryHead/buyerTelephone',
    'CEB311',
    'buyerTelephone',
  );
  // consignee: order = waybill; list address = order address
  check(sameText(o.consignee, w.consignee), 'OrderHead/consignee', 'CEB511', 'consignee');
  check(
    sameText(o.consigneeTelephone, w.consigneeTelephone),
    'OrderHead/consigneeTelephone',
    'CEB511',
    'consigneeTelephone',
  );
  check(
    sameText(o.consigneeAddress, w.consigneeAddress),
    'OrderHead/consigneeAddress',
    'CEB511',
    'consigneeAddress',
  );
  check(
    sameText(inv.consigneeAddress, o.consigneeAddress),
    'InventoryHead/consigneeAddress',
    'CEB311',
    'consigneeAddress',
  );
  // freight and insurance: the carrier's actual charge; where the waybill leaves freight out (it may), the
  // freight the buyer paid on the order, so that the dutiable value is never freight-free by omission.
  if (w.freight) check(sameAmount(inv.freight, w.freight), 'InventoryHead/freight', 'CEB511', 'freight');
  else check(sameAmount(inv.freight, o.freight), 'InventoryHead/freight', 'CEB311', 'freight');
  if (w.insuredFee)
    check(sameAmount(inv.insuredFee, w.insuredFee), 'InventoryHead/insuredFee', 'CEB511', 'insuredFee');
  // goods lines: gnum 1:1 with the order, same goods, quantities and prices
  const orderLines = new Map(order.lines.map((line) => [line.gnum, line]));
  // One list line per order line: a gnum named twice would leave another order line undeclared.
  const seen = new Set<string | undefined>();
  if (order.lines.length !== inventory.lines.length)
    issues.push({
      path: 'InventoryList',
      rule: 'mismatch',
      params: { document: 'CEB311', field: 'OrderList.count' },
    });
  inventory.lines.forEach((line, i) => {
    const at = `InventoryList[${i + 1}]`;
    const ordered = seen.has(line.gnum) ? undefined : orderLines.get(line.gnum);
    seen.add(line.gnum);
    if (!ordered) {
      issues.push({ path: `${at}/gnum`, rule: 'mismatch', params: { document: 'CEB311', field: 'gnum' } });
      return;
    }
    // 商品名称 与电子订单一致 (§8.13); the enterprise's own name and SKU, where the list gives them.
    check(sameText(line.gname, ordered.itemName), `${at}/gname`, 'CEB311', 'itemName');
    if (line.itemName)
      check(sameText(line.itemName, ordered.itemName), `${at}/itemName`, 'CEB311', 'itemName');
    if (line.itemNo && ordered.itemNo)
      check(sameText(line.itemNo, ordered.itemNo), `${at}/itemNo`, 'CEB311', 'itemNo');
    check(sameAmount(line.qty, ordered.qty), `${at}/qty`, 'CEB311', 'qty');
    // A list's unit price is to the fen (N19,2); an order's may be finer, and is compared rounded to the fen.
    check(sameAmount(line.price, toFen2(ordered.price)), `${at}/price`, 'CEB311', 'price');
    check(sameAmount(line.totalPrice, ordered.totalPrice), `${at}/totalPrice`, 'CEB311', 'totalPrice');
  });
  return issues;
}

/** Which of the three documents a waiting list still lacks. */
export function missingDocuments(present: { order: boolean; payment: boolean; waybill: boolean }): string[] {
  return [
    ...(present.order ? [] : ['CEB311']),
    ...(present.payment ? [] : ['CEB411']),
    ...(present.waybill ? [] : ['CEB511']),
  ];
}
