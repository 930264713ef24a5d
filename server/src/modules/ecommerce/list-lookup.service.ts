import { sql } from 'kysely';
import { type Database, Dec } from '../../platform/db/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import {
  type Actor,
  canSee,
  type DistrictTree,
  enterpriseOf,
  scopeOf,
} from '../../platform/identity/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { EcommerceTables, ListStatus } from './ecommerce.tables.ts';
import type { RetailTax } from './tax.rules.ts';
import { entDutyNoOf } from './tax-summary.ts';

/** One inventory list as an officer or a party sees it, with what became of its parcel. */
export interface ListView {
  preNo: string;
  invtNo: string | null;
  copNo: string | null;
  customsCode: string;
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  agentCode: string;
  logisticsCode: string;
  logisticsNo: string;
  status: ListStatus;
  returnStatus: string;
  reasons: unknown[] | null;
  tax: { taxPrice: string; customsTax: string; valueAddedTax: string; consumptionTax: string } | null;
  createdAt: string;
  decidedAt: string | null;
  /** Goods returned so far (CEB625, all or part), by goods line; empty when none. */
  returned: { gnum: string; qty: string }[];
  /** The CEB816 tax bill in force (after a partial return, the revised one); null when none is. */
  taxBill: {
    taxNo: string;
    valueAddedTax: string;
    consumptionTax: string;
    /** 1 已生成, 2 已汇总 (with the month's payment notice, 缴款书编号). */
    status: '1' | '2';
    entDutyNo: string | null;
  } | null;
  /** The parcel: its CEB513 status (S 签收) and any anomaly, its CEB711 entry into a supervised site. */
  parcel: {
    logisticsStatus: string | null;
    signedAt: string | null;
    anomaly: 'before_release' | 'no_declaration' | null;
    enteredAt: string | null;
    rkdNo: string | null;
  };
}

/**
 * A list by its preNo or invtNo. Officers see the lists declared at customs in their district's
 * subtree; an enterprise sees the lists it sent or is a party to (platform, merchant, agent,
 * carrier). Anything else answers 404, like a list that does not exist.
 */
export async function findListView(
  db: Database,
  districts: DistrictTree,
  actor: Actor,
  number: string,
): Promise<ListView> {
  const q = db.kysely.withTables<EcommerceTables>();
  // preNo and invtNo are each unique, but one list's preNo may equal another's invtNo: of the
  // rows that match, the caller gets the one it may see.
  const rows = await q
    .selectFrom('ecommerce_list as l')
    .leftJoin('ecommerce_waybill as w', 'w.parcel_key', 'l.parcel_key')
    .select([
      'l.id',
      'l.pre_no',
      'l.invt_no',
      'l.cop_no',
      'l.customs_code',
      'l.sender',
      'l.ebc_code',
      'l.status',
      'l.return_status',
      'l.reasons',
      'l.tax',
      'l.doc',
      'l.created_at',
      'l.decided_at',
      'l.parcel_key',
      'w.logistics_status',
      'w.logistics_time',
      'w.entered_at',
      'w.rkd_no',
    ])
    .where((eb) => eb.or([eb('l.pre_no', '=', number), eb('l.invt_no', '=', number)]))
    .execute();
  const own = enterpriseOf(actor);
  const visible = (candidate: (typeof rows)[number]) => {
    const h = (JSON.parse(candidate.doc) as { head: Fields }).head;
    return own
      ? [candidate.sender, candidate.ebc_code, h.ebpCode, h.agentCode, h.logisticsCode].includes(own)
      : canSeeDistrict(actor, candidate.customs_code, districts);
  };
  const row = rows.find(visible);
  if (!row) throw notFound('ECOMMERCE.LIST_NOT_FOUND', { number });
  const head = (JSON.parse(row.doc) as { head: Fields }).head;
  const status = row.logistics_status
    ? await sql<{
        anomaly: 'before_release' | 'no_declaration' | null;
      }>`SELECT anomaly FROM ecommerce_waybill_status
        WHERE parcel_key = ${row.parcel_key} ORDER BY created_at DESC LIMIT 1`.execute(db.kysely)
    : undefined;
  const tax = row.tax ? (JSON.parse(row.tax) as RetailTax) : undefined;
  const returns = await q
    .selectFrom('ecommerce_return')
    .select('lines')
    .where('list_id', '=', row.id)
    .orderBy('created_at')
    .execute();
  const bill = await q
    .selectFrom('ecommerce_tax_bill')
    .select(['tax_no', 'value_added_tax', 'consumption_tax', 'status', 'assure_code', 'summary_period'])
    .where('list_id', '=', row.id)
    .where('status', '<>', '3')
    // One bill is in force at a time (a return voids it before the revised one is issued); the newest if not.
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const returned = new Map<string, Dec>();
  for (const r of returns)
    for (const line of JSON.parse(r.lines) as { gnum: string; qty: string }[])
      returned.set(line.gnum, (returned.get(line.gnum) ?? new Dec(0)).plus(line.qty));
  return {
    preNo: row.pre_no,
    invtNo: row.invt_no,
    copNo: row.cop_no,
    customsCode: row.customs_code,
    orderNo: head.orderNo ?? '',
    ebpCode: head.ebpCode ?? '',
    ebcCode: row.ebc_code,
    agentCode: head.agentCode ?? '',
    logisticsCode: head.logisticsCode ?? '',
    logisticsNo: head.logisticsNo ?? '',
    status: row.status,
    returnStatus: row.return_status,
    reasons: row.reasons ? (JSON.parse(row.reasons) as unknown[]) : null,
    tax: tax
      ? {
          taxPrice: tax.taxPrice,
          customsTax: tax.customsTax,
          valueAddedTax: tax.valueAddedTax,
          consumptionTax: tax.consumptionTax,
        }
      : null,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    returned: [...returned].map(([gnum, qty]) => ({ gnum, qty: qty.toString() })),
    taxBill: bill
      ? {
          taxNo: bill.tax_no,
          valueAddedTax: new Dec(bill.value_added_tax).toFixed(2),
          consumptionTax: new Dec(bill.consumption_tax).toFixed(2),
          status: bill.status === '2' ? '2' : '1',
          entDutyNo: bill.summary_period
            ? entDutyNoOf(row.customs_code, bill.summary_period, bill.assure_code)
            : null,
        }
      : null,
    parcel: {
      logisticsStatus: row.logistics_status ?? null,
      signedAt: row.logistics_time ?? null,
      anomaly: status?.rows[0]?.anomaly ?? null,
      enteredAt: row.entered_at ?? null,
      rkdNo: row.rkd_no ?? null,
    },
  };
}

/**
 * The district rule for a list's customs code. Lists name the 关区 where they were declared
 * (`2244`), which the identity tree may not hold; then the codes' shape decides, as `scopeWhere`
 * does: a directly-affiliated customs XX00 covers every XXnn.
 */
export function canSeeDistrict(actor: Actor, customsCode: string, districts: DistrictTree): boolean {
  if (canSee(actor, { district: customsCode }, districts)) return true;
  const scope = scopeOf(actor);
  return (
    scope.kind === 'district' &&
    !districts.has(customsCode) &&
    scope.district.endsWith('00') &&
    customsCode.slice(0, 2) === scope.district.slice(0, 2)
  );
}
