import type { Database } from '../../platform/db/index.ts';
import { type Actor, enterpriseOf, scopeWhere } from '../../platform/identity/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { EcommerceTables } from './ecommerce.tables.ts';
import type { RetailTax } from './tax.rules.ts';

/** Which held lists: held for documentary review (300 人工审核) or picked for inspection (500 查验). */
export type Hold = 'review' | 'inspection';

const HOLD_STATUS: Record<Hold, string> = { review: '300', inspection: '500' };

export interface HeldListFilter {
  hold?: Hold;
  page: number;
  pageSize: number;
}

/** A held list as the officer concluding it needs it: who, what goods, the tax, and why it was held. */
export interface HeldList {
  preNo: string;
  invtNo: string | null;
  copNo: string | null;
  customsCode: string;
  returnStatus: '300' | '500';
  orderNo: string;
  ebpCode: string;
  ebpName: string;
  ebcCode: string;
  ebcName: string;
  agentCode: string;
  logisticsCode: string;
  logisticsNo: string;
  buyerName: string;
  consigneeAddress: string;
  goods: {
    gnum: string;
    gcode: string;
    gname: string;
    gmodel: string;
    country: string;
    qty: string;
    unit: string;
    price: string;
    totalPrice: string;
  }[];
  tax: { taxPrice: string; customsTax: string; valueAddedTax: string; consumptionTax: string } | null;
  /** The risk rules that held it, in both languages. */
  reasons: { 'zh-CN': string; en: string }[];
  declaredAt: string;
  heldAt: string | null;
}

/**
 * The officers' queue of held lists declared at customs in their district, oldest first (the order
 * a queue is worked in), with the total. Enterprises have no queue: they follow their lists by
 * receipt and lookup. Held lists are few, and `(status, created_at)` indexes them.
 */
export async function listHeld(
  db: Database,
  actor: Actor,
  filter: HeldListFilter,
): Promise<{ items: HeldList[]; total: number }> {
  if (enterpriseOf(actor)) return { items: [], total: 0 };
  let query = db.kysely
    .withTables<EcommerceTables>()
    .selectFrom('ecommerce_list')
    .where('status', '=', 'held')
    .where(scopeWhere(actor, { district: 'customs_code' }));
  if (filter.hold) query = query.where('return_status', '=', HOLD_STATUS[filter.hold]);
  const total = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'pre_no',
      'invt_no',
      'cop_no',
      'customs_code',
      'ebc_code',
      'return_status',
      'reasons',
      'tax',
      'doc',
      'created_at',
      'decided_at',
    ])
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(total.n), items: rows.map(toHeldList) };
}

function toHeldList(row: {
  pre_no: string;
  invt_no: string | null;
  cop_no: string | null;
  customs_code: string;
  ebc_code: string;
  return_status: string;
  reasons: string | null;
  tax: string | null;
  doc: string;
  created_at: string;
  decided_at: string | null;
}): HeldList {
  const { head, lines } = JSON.parse(row.doc) as { head: Fields; lines: Fields[] };
  const tax = row.tax ? (JSON.parse(row.tax) as RetailTax) : undefined;
  const text = (value: string | undefined) => value ?? '';
  return {
    preNo: row.pre_no,
    invtNo: row.invt_no,
    copNo: row.cop_no,
    customsCode: row.customs_code,
    returnStatus: row.return_status === '500' ? '500' : '300',
    orderNo: text(head.orderNo),
    ebpCode: text(head.ebpCode),
    ebpName: text(head.ebpName),
    ebcCode: row.ebc_code,
    ebcName: text(head.ebcName),
    agentCode: text(head.agentCode),
    logisticsCode: text(head.logisticsCode),
    logisticsNo: text(head.logisticsNo),
    buyerName: text(head.buyerName),
    consigneeAddress: text(head.consigneeAddress),
    goods: lines.map((l) => ({
      gnum: text(l.gnum),
      gcode: text(l.gcode),
      gname: text(l.gname),
      gmodel: text(l.gmodel),
      country: text(l.country),
      qty: text(l.qty),
      unit: text(l.unit),
      price: text(l.price),
      totalPrice: text(l.totalPrice),
    })),
    tax: tax
      ? {
          taxPrice: tax.taxPrice,
          customsTax: tax.customsTax,
          valueAddedTax: tax.valueAddedTax,
          consumptionTax: tax.consumptionTax,
        }
      : null,
    reasons: row.reasons ? (JSON.parse(row.reasons) as HeldList['reasons']) : [],
    declaredAt: row.created_at,
    heldAt: row.decided_at,
  };
}
