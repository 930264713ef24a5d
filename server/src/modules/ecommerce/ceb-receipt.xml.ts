import { type Receipt, XML_NAMESPACES } from '../../platform/exchange/index.ts';
import { reasonText } from './receipt-reasons.ts';

/** Key fields of each receipt, in the model's order (cross-border-ecommerce.md §8.12). */
export const RECEIPT_KEYS: Record<string, { element: string; keys: string[] }> = {
  CEB312: { element: 'OrderReturn', keys: ['ebpCode', 'ebcCode', 'orderNo'] },
  CEB412: { element: 'PaymentReturn', keys: ['payCode', 'payTransactionId'] },
  CEB512: { element: 'LogisticsReturn', keys: ['logisticsCode', 'logisticsNo'] },
  CEB514: { element: 'LogisticsStatusReturn', keys: ['logisticsCode', 'logisticsNo', 'logisticsStatus'] },
  CEB622: {
    element: 'InventoryReturn',
    keys: ['customsCode', 'ebpCode', 'ebcCode', 'agentCode', 'copNo', 'preNo', 'invtNo'],
  },
  CEB624: {
    element: 'InvtCancelReturn',
    keys: ['customsCode', 'agentCode', 'ebpCode', 'ebcCode', 'copNo', 'preNo', 'invtNo'],
  },
  CEB626: {
    element: 'InvtRefundReturn',
    keys: ['customsCode', 'agentCode', 'ebpCode', 'ebcCode', 'copNo', 'preNo', 'invtNo'],
  },
  CEB712: { element: 'DeliveryReturn', keys: ['customsCode', 'operatorCode', 'copNo', 'preNo', 'rkdNo'] },
};

// Receipt status texts (§11).
const STATUS_TEXT: Record<string, string> = {
  '-1': '报文格式校验错误',
  '1': '电子口岸已暂存',
  '2': '电子口岸申报中',
  '100': '海关退单',
  '120': '海关入库',
  '300': '人工审核',
  '399': '海关审结',
  '500': '查验',
  '800': '放行',
};

const TAX_HEAD = ['invtNo', 'taxNo', 'customsTax', 'valueAddedTax', 'consumptionTax'];
const TAX_LINE = ['gnum', 'gcode', 'taxPrice', 'customsTax', 'valueAddedTax', 'consumptionTax'];

function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

const el = (name: string, value: unknown) => `<ceb:${name}>${escapeXml(value)}</ceb:${name}>`;

/** `yyyyMMddHHmmssSSS` in China time, as receipts carry it. */
export function returnTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return local.replace(/[-:TZ.]/g, '').slice(0, 17);
}

/** The text of a receipt: the status's meaning, then each reason in Chinese with its rule's code. */
export function returnInfo(receipt: Receipt): string {
  const reasons = (receipt.reasons ?? []).map(reasonText).join('；');
  const text = STATUS_TEXT[receipt.status] ?? receipt.status;
  return reasons ? `${text}：${reasons}` : `${text}[${receipt.guid}]`;
}

/** A receipt as the official CEB XML: CEB312/412/512/514/622/624/626/712, a CEB816 tax bill or its CEB818 status. */
export function toReceiptXml(receipt: Receipt): string | undefined {
  const data = receipt.data ?? {};
  const head = `<?xml version="1.0" encoding="UTF-8"?>`;
  if (receipt.messageType === 'CEB816Message') {
    const lines = (data.lines as Record<string, unknown>[] | undefined) ?? [];
    return `${head}<ceb:CEB816Message guid="${receipt.guid}" version="1.0" xmlns:ceb="${XML_NAMESPACES.ceb}"><ceb:Tax><ceb:TaxHeadRd>${el('guid', receipt.guid)}${el('returnTime', returnTime(receipt.createdAt))}${TAX_HEAD.map((k) => el(k, data[k])).join('')}${el('status', receipt.status)}</ceb:TaxHeadRd>${lines
      .map((line) => `<ceb:TaxListRd>${TAX_LINE.map((k) => el(k, line[k])).join('')}</ceb:TaxListRd>`)
      .join('')}</ceb:Tax></ceb:CEB816Message>`;
  }
  if (receipt.messageType === 'CEB818Message')
    return `${head}<ceb:CEB818Message guid="${receipt.guid}" version="1.0" xmlns:ceb="${XML_NAMESPACES.ceb}"><ceb:Tax><ceb:TaxHeadStatus>${el('guid', receipt.guid)}${el('returnTime', returnTime(receipt.createdAt))}${el('invtNo', data.invtNo)}${el('taxNo', data.taxNo)}${el('status', receipt.status)}${data.entDutyNo ? el('entDutyNo', data.entDutyNo) : ''}${data.assureCode ? el('assureCode', data.assureCode) : ''}</ceb:TaxHeadStatus></ceb:Tax></ceb:CEB818Message>`;
  const code = String(data.receipt ?? '');
  const shape = RECEIPT_KEYS[code];
  if (!shape) return undefined;
  const keys = shape.keys
    .filter((k) => data[k] !== undefined && data[k] !== null)
    .map((k) => el(k, data[k]))
    .join('');
  return `${head}<ceb:${code}Message guid="${receipt.guid}" version="1.0" xmlns:ceb="${XML_NAMESPACES.ceb}"><ceb:${shape.element}>${el('guid', receipt.guid)}${keys}${el('returnStatus', receipt.status)}${el('returnTime', returnTime(receipt.createdAt))}${el('returnInfo', returnInfo(receipt))}</ceb:${shape.element}></ceb:${code}Message>`;
}
