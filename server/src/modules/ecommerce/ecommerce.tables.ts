import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/index.ts';

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
  ecommerce_payment: DocRow & { order_key: string };
  ecommerce_waybill: DocRow & { parcel_key: string };
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
  };
  ecommerce_counter: { name: string; value: number };
  ecommerce_secret: { name: string; value: string };
};

export function orderKeyOf(ebpCode: string | undefined, orderNo: string | undefined): string {
  return `${ebpCode ?? ''}|${orderNo ?? ''}`;
}

export function parcelKeyOf(logisticsCode: string | undefined, logisticsNo: string | undefined): string {
  return `${logisticsCode ?? ''}|${logisticsNo ?? ''}`;
}

/**
 * Buyer ID numbers are kept only as an HMAC keyed with a secret from configuration, or one
 * generated on first use and kept in the database (shared by every process on it).
 */
export async function loadBuyerHasher(db: Database, configured?: string): Promise<(id: string) => string> {
  let secret = configured;
  if (!secret) {
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
    secret = row.value;
  }
  const key = secret;
  return (id) => `h1:${createHmac('sha256', key).update(id.trim().toUpperCase()).digest('base64url')}`;
}
