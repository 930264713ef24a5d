import { readFileSync } from 'node:fs';
import type { FieldSpec } from '../../platform/exchange/index.ts';

type Field = { name: string; required: boolean };
const SPEC = JSON.parse(readFileSync(new URL('./data/ceb-import-fields.json', import.meta.url), 'utf8')) as {
  declareBaseFields: Field[];
  beans: Record<string, { element: string; fields: Field[] }>;
};

/** The import messages the gateway takes, by root element (cross-border-ecommerce.md §2). */
export const CEB_MESSAGE_TYPES = [
  'CEB311Message',
  'CEB411Message',
  'CEB511Message',
  'CEB513Message',
  'CEB621Message',
  'CEB623Message',
  'CEB625Message',
  'CEB711Message',
] as const;
export type CebMessageType = (typeof CEB_MESSAGE_TYPES)[number];

/** What the documents of a message are: the business body element, its head and its lines. */
export interface CebShape {
  /** The document element under the root (`Inventory`, `Payment`, `InvtCancel`). */
  body: string;
  /** The head element inside the body, or undefined when the body is flat (`InvtCancel`). */
  head?: string;
  headFields: FieldSpec[];
  /** The repeated line element (`InventoryList`) and its fields. */
  lines?: { element: string; fields: FieldSpec[]; required: boolean };
  /** The receipt message that answers it. */
  receipt: string;
}

// Lengths from the field tables of cross-border-ecommerce.md §8 (C..n: at most n characters; Cn: exactly
// n), by field name: the same name has the same length in every message. The data file gives only
// which fields are required.
const MAX_LENGTH: Record<string, number> = {
  agentCode: 18,
  copCode: 18,
  dxpId: 30,
  copName: 100,
  assureCode: 18,
  ebcCode: 18,
  ebpCode: 18,
  logisticsCode: 18,
  payCode: 18,
  copNo: 20,
  itemNo: 20,
  batchNumbers: 30,
  buyerTelephone: 30,
  itemRecordNo: 30,
  barCode: 50,
  consigneeTelephone: 50,
  buyerIdNumber: 60,
  buyerName: 60,
  buyerRegNo: 60,
  consignee: 60,
  logisticsNo: 60,
  orderNo: 60,
  payTransactionId: 60,
  ebcName: 100,
  ebpName: 100,
  payName: 100,
  consigneeAddress: 200,
  gname: 250,
  itemName: 250,
  gmodel: 510,
  note: 1000,
};
const EXACT_LENGTH: Record<string, number> = {
  dxpMode: 3,
  buyerIdType: 1,
  orderType: 1,
  trafMode: 1,
  wrapType: 1,
  country: 3,
  currency: 3,
  tradeCountry: 3,
  unit: 3,
  unit1: 3,
  customsCode: 4,
  portCode: 4,
  tradeMode: 4,
  consigneeDistrict: 6,
  gcode: 10,
  invtNo: 18,
  preNo: 18,
  guid: 36,
};

function spec({ name, required }: { name: string; required: boolean }): FieldSpec {
  return {
    name,
    required,
    ...(MAX_LENGTH[name] !== undefined ? { maxLength: MAX_LENGTH[name] } : {}),
    ...(EXACT_LENGTH[name] !== undefined ? { length: EXACT_LENGTH[name] } : {}),
  };
}

function fields(bean: string): FieldSpec[] {
  const beanSpec = SPEC.beans[bean];
  if (!beanSpec) throw new Error(`ecommerce: no field spec for ${bean}`);
  return [...SPEC.declareBaseFields, ...beanSpec.fields].map(spec);
}

// 序号 is Y* in every line table (§8): the data file leaves it optional, but lines are matched across
// documents, returned and taxed by it, so a line without one cannot be named later.
const REQUIRED_IN_LINES = ['gnum'];

function lineFields(bean: string): FieldSpec[] {
  return SPEC.beans[bean]!.fields.map((field) =>
    spec(REQUIRED_IN_LINES.includes(field.name) ? { ...field, required: true } : field),
  );
}

export const CEB_SHAPES: Record<CebMessageType, CebShape> = {
  CEB311Message: {
    body: 'Order',
    head: 'OrderHead',
    headFields: fields('IOrderHead'),
    lines: { element: 'OrderList', fields: lineFields('IOrderList'), required: true },
    receipt: 'CEB312',
  },
  CEB411Message: { body: 'Payment', head: 'PaymentHead', headFields: fields('IPayment'), receipt: 'CEB412' },
  CEB511Message: {
    body: 'Logistics',
    head: 'LogisticsHead',
    headFields: fields('ILogistics'),
    receipt: 'CEB512',
  },
  // 物流运单状态: flat, like InvtCancel.
  CEB513Message: { body: 'LogisticsStatus', headFields: fields('ILogisticsStatus'), receipt: 'CEB514' },
  CEB621Message: {
    body: 'Inventory',
    head: 'InventoryHead',
    headFields: fields('IInventoryHead'),
    lines: { element: 'InventoryList', fields: lineFields('IInventoryList'), required: true },
    receipt: 'CEB622',
  },
  CEB623Message: { body: 'InvtCancel', headFields: fields('IInvtCancel'), receipt: 'CEB624' },
  CEB625Message: {
    body: 'InvtRefund',
    head: 'InvtRefundHead',
    headFields: fields('IInvtRefundHead'),
    lines: { element: 'InvtRefundList', fields: lineFields('IInvtRefundList'), required: false },
    receipt: 'CEB626',
  },
  // 入库明细单: parcels of one carrier entering the supervised site (直购进口).
  CEB711Message: {
    body: 'Delivery',
    head: 'DeliveryHead',
    headFields: fields('IDeliveryHead'),
    lines: { element: 'DeliveryList', fields: lineFields('IDeliveryList'), required: true },
    receipt: 'CEB712',
  },
};

/** Fields of `BaseTransfer`, the transmitting enterprise. */
export const BASE_TRANSFER_FIELDS: FieldSpec[] = SPEC.beans.BaseTransfer!.fields.map(spec);
