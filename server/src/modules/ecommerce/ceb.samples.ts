import { createHash } from 'node:crypto';
import { parseXml, XML_NAMESPACES, type XmlElement } from '../../platform/exchange/index.ts';

/** One cross-border transaction, enough to build its four documents (tests, bench, demo). */
export interface SampleTransaction {
  n: number;
  ebpCode: string;
  ebcCode: string;
  payCode: string;
  logisticsCode: string;
  buyerId: string;
  buyerName?: string;
  /** Lines: HS code, name, quantity, unit price (CNY). */
  lines: { gcode: string; name: string; qty: number; price: string }[];
  freight?: string;
  customsCode?: string;
}

export const SAMPLE_PARTIES = {
  ebpCode: '4401960002',
  ebcCode: '4401960002',
  payCode: '3122980108',
  logisticsCode: '3122980110',
} as const;

const APP = (guid: string) =>
  `<ceb:guid>${guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20261111000000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>`;
const el = (name: string, value: string | number) => `<ceb:${name}>${value}</ceb:${name}>`;

/**
 * A GUID that depends only on the transaction number and document kind (so replays repeat), shaped
 * as senders make them: a random-looking UUID v4, not a counter.
 */
export function sampleGuid(n: number, kind: number): string {
  const hex = createHash('md5').update(`${n}:${kind}`).digest('hex').toUpperCase();
  const variant = '89AB'[Number.parseInt(hex[16]!, 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function totals(t: SampleTransaction) {
  const lines = t.lines.map((l, i) => ({ ...l, gnum: i + 1, total: (Number(l.price) * l.qty).toFixed(2) }));
  const goods = lines.reduce((sum, l) => sum + Math.round(Number(l.total) * 100), 0) / 100;
  const freight = t.freight ?? '10.00';
  return { lines, goods: goods.toFixed(2), freight, paid: (goods + Number(freight)).toFixed(2) };
}

export function sampleOrder(t: SampleTransaction): string {
  const { lines, goods, freight, paid } = totals(t);
  return `<ceb:Order><ceb:OrderHead>${APP(sampleGuid(t.n, 1))}${el('orderType', 'I')}${el('orderNo', `ORD${t.n}`)}${el('ebpCode', t.ebpCode)}${el('ebpName', '平台')}${el('ebcCode', t.ebcCode)}${el('ebcName', '电商')}${el('goodsValue', goods)}${el('freight', freight)}${el('discount', '0')}${el('taxTotal', '0')}${el('acturalPaid', paid)}${el('currency', '142')}${el('buyerRegNo', `U${t.n}`)}${el('buyerName', t.buyerName ?? '张三')}${el('buyerTelephone', '13800000000')}${el('buyerIdType', '1')}${el('buyerIdNumber', t.buyerId)}${el('payCode', t.payCode)}${el('payName', '支付')}${el('payTransactionId', `PAY${t.n}`)}${el('consignee', t.buyerName ?? '张三')}${el('consigneeTelephone', '13800000000')}${el('consigneeAddress', '上海市浦东新区1号')}</ceb:OrderHead>${lines
    .map(
      (l) =>
        `<ceb:OrderList>${el('gnum', l.gnum)}${el('itemNo', `SKU${l.gnum}`)}${el('itemName', l.name)}${el('gmodel', '1')}${el('unit', '011')}${el('qty', l.qty)}${el('price', l.price)}${el('totalPrice', l.total)}${el('currency', '142')}${el('country', '116')}</ceb:OrderList>`,
    )
    .join('')}</ceb:Order>`;
}

export function samplePayment(t: SampleTransaction): string {
  const { paid } = totals(t);
  return `<ceb:Payment><ceb:PaymentHead>${APP(sampleGuid(t.n, 2))}${el('payCode', t.payCode)}${el('payName', '支付')}${el('payTransactionId', `PAY${t.n}`)}${el('orderNo', `ORD${t.n}`)}${el('ebpCode', t.ebpCode)}${el('ebpName', '平台')}${el('payerIdType', '1')}${el('payerIdNumber', t.buyerId)}${el('payerName', t.buyerName ?? '张三')}${el('amountPaid', paid)}${el('currency', '142')}${el('payTime', '20261111000000')}</ceb:PaymentHead></ceb:Payment>`;
}

export function sampleWaybill(t: SampleTransaction): string {
  const { freight } = totals(t);
  return `<ceb:Logistics><ceb:LogisticsHead>${APP(sampleGuid(t.n, 3))}${el('logisticsCode', t.logisticsCode)}${el('logisticsName', '物流')}${el('logisticsNo', `WB${t.n}`)}${el('orderNo', `ORD${t.n}`)}${el('freight', freight)}${el('insuredFee', '0')}${el('currency', '142')}${el('weight', '1.2')}${el('consignee', t.buyerName ?? '张三')}${el('consigneeAddress', '上海市浦东新区1号')}${el('consigneeTelephone', '13800000000')}</ceb:LogisticsHead></ceb:Logistics>`;
}

export function sampleInventory(t: SampleTransaction): string {
  const { lines, freight } = totals(t);
  return `<ceb:Inventory><ceb:InventoryHead>${APP(sampleGuid(t.n, 4))}${el('orderNo', `ORD${t.n}`)}${el('ebpCode', t.ebpCode)}${el('ebpName', '平台')}${el('ebcCode', t.ebcCode)}${el('ebcName', '电商')}${el('logisticsNo', `WB${t.n}`)}${el('logisticsCode', t.logisticsCode)}${el('logisticsName', '物流')}${el('copNo', `C${t.n}`)}${el('assureCode', t.ebpCode)}${el('emsNo', 'T2244W000001')}${el('ieFlag', 'I')}${el('declTime', '20261111')}${el('customsCode', t.customsCode ?? '2244')}${el('portCode', '2244')}${el('buyerIdType', '1')}${el('buyerIdNumber', t.buyerId)}${el('buyerName', t.buyerName ?? '张三')}${el('buyerTelephone', '13800000000')}${el('consigneeAddress', '上海市浦东新区1号')}${el('agentCode', t.ebcCode)}${el('agentName', '电商')}${el('areaCode', '3122980112')}${el('areaName', '上海示例保税仓储股份有限公司')}${el('tradeMode', '1210')}${el('trafMode', '4')}${el('country', '142')}${el('freight', freight)}${el('insuredFee', '0')}${el('currency', '142')}${el('grossWeight', '1.2')}${el('netWeight', '1')}</ceb:InventoryHead>${lines
    .map(
      (l) =>
        `<ceb:InventoryList>${el('gnum', l.gnum)}${el('itemRecordNo', `R${l.gcode}`)}${el('itemNo', `SKU${l.gnum}`)}${el('itemName', l.name)}${el('gcode', l.gcode)}${el('gname', l.name)}${el('gmodel', '1')}${el('country', '116')}${el('currency', '142')}${el('qty', l.qty)}${el('unit', '011')}${el('qty1', l.qty)}${el('unit1', '011')}${el('price', l.price)}${el('totalPrice', l.total)}</ceb:InventoryList>`,
    )
    .join('')}</ceb:Inventory>`;
}

/** The demo's supervised-site operator (海关监管作业场所经营人, seeded in Shanghai). */
export const SAMPLE_SITE_OPERATOR = '3122980116';

/** CEB513 物流运单状态: the parcel of a transaction signed for (S). */
export function sampleWaybillStatus(t: SampleTransaction, time = '20261112093000'): string {
  return `<ceb:LogisticsStatus>${APP(sampleGuid(t.n, 7))}${el('logisticsCode', t.logisticsCode)}${el('logisticsName', '物流')}${el('logisticsNo', `WB${t.n}`)}${el('logisticsStatus', 'S')}${el('logisticsTime', time)}</ceb:LogisticsStatus>`;
}

/** CEB711 入库明细单: the parcels of these transactions entering the operator's site (one carrier). */
export function sampleDelivery(
  n: number,
  ts: SampleTransaction[],
  operatorCode = SAMPLE_SITE_OPERATOR,
): string {
  const first = ts[0]!;
  return `<ceb:Delivery><ceb:DeliveryHead>${APP(sampleGuid(n, 8))}${el('customsCode', first.customsCode ?? '2244')}${el('copNo', `RK${n}`)}${el('operatorCode', operatorCode)}${el('operatorName', '监管场所')}${el('ieFlag', 'I')}${el('trafMode', '5')}${el('trafNo', 'CA1234')}${el('voyageNo', '20261111')}${el('billNo', `999-${n}`)}${el('logisticsCode', first.logisticsCode)}${el('logisticsName', '物流')}</ceb:DeliveryHead>${ts
    .map(
      (t, i) => `<ceb:DeliveryList>${el('gnum', i + 1)}${el('logisticsNo', `WB${t.n}`)}</ceb:DeliveryList>`,
    )
    .join('')}</ceb:Delivery>`;
}

/** Wraps documents in a CEBnnnMessage envelope sent by `copCode`. */
export function cebMessage(type: string, copCode: string, documents: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ceb:${type} guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0" xmlns:ceb="${XML_NAMESPACES.ceb}">${documents.join('')}<ceb:BaseTransfer>${el('copCode', copCode)}${el('copName', '企业')}${el('dxpMode', 'DXP')}${el('dxpId', 'DXPENT0000000001')}</ceb:BaseTransfer></ceb:${type}>`;
}

function endingHead(t: SampleTransaction, guid: string, invtNo: string, reason: string): string {
  return `${APP(guid)}${el('customsCode', t.customsCode ?? '2244')}${el('orderNo', `ORD${t.n}`)}${el('ebpCode', t.ebpCode)}${el('ebpName', '平台')}${el('ebcCode', t.ebcCode)}${el('ebcName', '电商')}${el('logisticsNo', `WB${t.n}`)}${el('logisticsCode', t.logisticsCode)}${el('logisticsName', '物流')}${el('copNo', `C${t.n}`)}${el('invtNo', invtNo)}${el('buyerIdType', '1')}${el('buyerIdNumber', t.buyerId)}${el('buyerName', t.buyerName ?? '张三')}${el('buyerTelephone', '13800000000')}${el('agentCode', t.ebcCode)}${el('agentName', '电商')}${el('reason', reason)}`;
}

/** CEB623 清单撤销申请单 for a list. */
export function sampleCancel(t: SampleTransaction, invtNo: string): string {
  return `<ceb:InvtCancel>${endingHead(t, sampleGuid(t.n, 5), invtNo, '买家取消订单')}</ceb:InvtCancel>`;
}

/** CEB625 退货申请单 for a released list. */
export function sampleRefund(t: SampleTransaction, invtNo: string): string {
  const { lines } = totals(t);
  return `<ceb:InvtRefund><ceb:InvtRefundHead>${endingHead(t, sampleGuid(t.n, 6), invtNo, '七天无理由退货')}</ceb:InvtRefundHead>${lines
    .map(
      (l) =>
        `<ceb:InvtRefundList>${el('gnum', l.gnum)}${el('gcode', l.gcode)}${el('gname', l.name)}${el('qty', l.qty)}${el('unit', '011')}</ceb:InvtRefundList>`,
    )
    .join('')}</ceb:InvtRefund>`;
}

/** A sample document in the JSON form: element names as keys, the `…List` elements as arrays. */
export function cebJsonDocument(xml: string): Record<string, unknown> {
  const toJson = (element: XmlElement): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const child of element.children) {
      if (child.children.length === 0) out[child.local] = child.text;
      else if (child.local.endsWith('List')) {
        const rows = (out[child.local] as unknown[] | undefined) ?? [];
        rows.push(toJson(child));
        out[child.local] = rows;
      } else out[child.local] = toJson(child);
    }
    return out;
  };
  return toJson(parseXml(`<r xmlns:ceb="${XML_NAMESPACES.ceb}">${xml}</r>`).root.children[0]!);
}

/** A CEB message in the JSON form sent by `copCode`. */
export function cebJsonMessage(type: string, copCode: string, documents: string[]) {
  return {
    type,
    BaseTransfer: { copCode, copName: '企业', dxpMode: 'DXP', dxpId: 'DXPENT0000000001' },
    documents: documents.map(cebJsonDocument),
  };
}
