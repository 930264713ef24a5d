import type { Kysely } from 'kysely';
import type { Issue } from '../../platform/errors/index.ts';
import type { Prepared } from './ecommerce.ports.ts';
import { type EcommerceTables, type ListStatus, payKeyOf, storedDoc } from './ecommerce.tables.ts';

// A list in these states has been decided on (or its goods returned) with the document as it was.
const DECIDED: ListStatus[] = ['released', 'held', 'returned'];

/**
 * appType 2 (变更) of an order, payment voucher or waybill: the stored document is replaced, by
 * its sender, while no list has been decided with it. A list still waiting for documents is
 * matched against the new version; a refused or cancelled one does not hold it back.
 */
export async function changeDocument(
  q: Kysely<EcommerceTables>,
  p: Prepared,
  table: 'ecommerce_order' | 'ecommerce_payment' | 'ecommerce_waybill',
  key: string,
): Promise<{ returnStatus: string; reasons?: Issue[] }> {
  const refuse = (rule: string, params: Record<string, unknown> = {}) => ({
    returnStatus: '100',
    reasons: [{ path: p.doc.paths.appType, rule, params: { key, ...params } }],
  });
  const keyColumn = table === 'ecommerce_waybill' ? 'parcel_key' : 'order_key';
  const stored = await q
    .selectFrom(table)
    .select('sender')
    .where(keyColumn as 'order_key', '=', key)
    .executeTakeFirst();
  // Only its sender may change a document; to anyone else it does not exist (a different answer would tell
  // them that the order is there, and who sent it).
  if (!stored || stored.sender !== p.sender) return refuse('document_not_found');
  const decided = await q
    .selectFrom('ecommerce_list')
    .select(['status', 'pre_no'])
    .where(keyColumn, '=', key)
    .where('status', 'in', DECIDED)
    .executeTakeFirst();
  if (decided) return refuse('already_decided', { status: decided.status, preNo: decided.pre_no });
  // A voucher changed to another payment number: that number must not back another order already.
  const payKey =
    table === 'ecommerce_payment' ? payKeyOf(p.doc.head.payCode, p.doc.head.payTransactionId) : undefined;
  if (payKey) {
    const other = await q
      .selectFrom('ecommerce_payment')
      .select('order_key')
      .where('pay_key', '=', payKey)
      .where('order_key', '!=', key)
      .executeTakeFirst();
    if (other)
      return {
        returnStatus: '100',
        reasons: [{ path: p.doc.paths.payTransactionId, rule: 'number_reused', params: { key: payKey } }],
      };
  }
  await q
    .updateTable(table)
    .set({
      guid: p.doc.guid,
      doc: storedDoc(p),
      ...(table === 'ecommerce_order' ? { buyer_hash: p.doc.head.buyerIdNumber ?? '' } : {}),
      ...(payKey ? { pay_key: payKey } : {}),
    })
    .where(keyColumn as 'order_key', '=', key)
    .execute();
  return { returnStatus: '120' };
}
