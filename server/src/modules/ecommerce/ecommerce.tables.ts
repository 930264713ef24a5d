import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/index.ts';
import { storedFields } from './document-rating.ts';
import type { Prepared } from './ecommerce.ports.ts';

export interface ListRow {
  id: string;
  sender: string;
  guid: string;
  order_key: string;
  parcel_key: string;
  active_order_key: string | null;
  active_parcel_key: string | null;
  cop_no: string | null;
  pre_no: string;
  invt_no: string | null;
  customs_code: string;
  ebc_code: string;
  buyer_hash: string;
  status: ListStatus;
  return_status: string;
  quota_year: number | null;
  quota_fen: number | null;
  tax: string | null;
  reasons: string | null;
  risk_decision_id: string | null;
  doc: string;
  created_at: string;
  decided_at: string | null;
  /** The CEB623/625 that ended the list (with its signature, when signed). */
  ended_doc: string | null;
}

/** pending: waiting for documents; released/held: decided; rejected, cancelled, returned: ended. */
export type ListStatus = 'pending' | 'released' | 'held' | 'rejected' | 'cancelled' | 'returned';

interface DocRow {
  sender: string;
  guid: string;
  doc: string;
  created_at: string;
}

export type EcommerceTables = {
  ecommerce_order: DocRow & { order_key: string; buyer_hash: string };
  ecommerce_payment: DocRow & {
    order_key: string;
    /** payCode|payTransactionId: the payment's own number, used by one voucher only. */
    pay_key: string | null;
  };
  ecommerce_waybill: DocRow & {
    parcel_key: string;
    /** Latest CEB513 status (S 签收) and when the carrier says it happened. */
    logistics_status: string | null;
    logistics_time: string | null;
    /** When a CEB711 entered the parcel into the supervised site, and its 入库单编号. */
    entered_at: string | null;
    rkd_no: string | null;
  };
  ecommerce_waybill_status: {
    sender: string;
    guid: string;
    parcel_key: string;
    logistics_status: string;
    logistics_time: string;
    list_status: string | null;
    anomaly: string | null;
    /** The district it counts in: its list's customs, else its entry site's, else '' (headquarters only). */
    customs_code: string | null;
    doc: string;
    created_at: string;
  };
  ecommerce_delivery: {
    id: string;
    sender: string;
    guid: string;
    operator_code: string;
    cop_no: string;
    pre_no: string;
    rkd_no: string;
    customs_code: string;
    logistics_code: string;
    bill_no: string;
    parcels: number;
    doc: string;
    created_at: string;
  };
  ecommerce_list: ListRow;
  ecommerce_quota: { buyer_hash: string; year: number; used_fen: number };
  ecommerce_tax_bill: {
    tax_no: string;
    guid: string;
    list_id: string;
    invt_no: string;
    assure_code: string;
    customs_tax: string;
    value_added_tax: string;
    consumption_tax: string;
    status: string;
    lines: string;
    created_at: string;
    /** The guarantor's month it was summarised into (status 2), YYYY-MM. */
    summary_period: string | null;
  };
  ecommerce_tax_summary: {
    assure_code: string;
    customs_code: string;
    /** The month (China) the bills' return windows closed, YYYY-MM. */
    period: string;
    bills: number;
    customs_tax: string;
    value_added_tax: string;
    consumption_tax: string;
    updated_at: string;
    /** The earliest day (China, YYYY-MM-DD) one of its bills must be paid by: its 45th after release. */
    pay_by: string | null;
  };
  ecommerce_return: {
    id: string;
    list_id: string;
    sender: string;
    guid: string;
    /** JSON: [{ gnum, qty }], the quantities this return gave back. */
    lines: string;
    quota_fen: number;
    /** 1 when it ended the list (everything back), else 0. */
    whole: number;
    doc: string;
    created_at: string;
  };
  ecommerce_counter: { name: string; value: number };
  ecommerce_secret: { name: string; value: string };
};

/**
 * The stored form of a document: its fields, and the message's signature when it had one. The fields'
 * JSON was made where the message was read (document-rating.ts); the signature is added here.
 */
export function storedDoc(p: Prepared): string {
  const fields = p.doc.stored ?? storedFields(p.doc);
  return p.signature ? `${fields.slice(0, -1)},"signature":${JSON.stringify(p.signature)}}` : fields;
}

export function payKeyOf(payCode: string | undefined, payTransactionId: string | undefined): string {
  return `${payCode ?? ''}|${payTransactionId ?? ''}`;
}

export function orderKeyOf(ebpCode: string | undefined, orderNo: string | undefined): string {
  return `${ebpCode ?? ''}|${orderNo ?? ''}`;
}

export function parcelKeyOf(logisticsCode: string | undefined, logisticsNo: string | undefined): string {
  return `${logisticsCode ?? ''}|${logisticsNo ?? ''}`;
}

/**
 * The key buyer ID numbers are kept under (as an HMAC, document-rating.ts): from configuration, or
 * generated on first use and kept in the database (shared by every process on it).
 */
export async function loadBuyerKey(db: Database, configured?: string): Promise<string> {
  if (configured) return configured;
  await db.transaction(async (tx) => {
    await tx
      .withTables<EcommerceTables>()
      .insertInto('ecommerce_secret')
      .values({ name: 'buyer_hmac', value: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
  const row = await db.kysely
    .withTables<EcommerceTables>()
    .selectFrom('ecommerce_secret')
    .select('value')
    .where('name', '=', 'buyer_hmac')
    .executeTakeFirstOrThrow();
  return row.value;
}
