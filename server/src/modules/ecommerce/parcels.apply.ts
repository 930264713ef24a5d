import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { Prepared } from './ecommerce.ports.ts';
import { type EcommerceTables, parcelKeyOf, storedDoc } from './ecommerce.tables.ts';
import type { Tally } from './monitoring-tally.ts';
import { checkDeliveryParcels, chinaTimeToIso, deliveryNumbers, signAnomaly } from './parcel.rules.ts';
import { allocateSerials } from './serials.ts';

/** What a CEB513 or CEB711 does: its receipt status, key fields and reasons. */
export interface ParcelResult {
  returnStatus: string;
  data: Record<string, unknown>;
  reasons?: Issue[];
}

/**
 * CEB513 物流运单状态: the carrier's status (S 签收) goes on its waybill, which must have been
 * declared (CEB511); one status row keeps the document and the parcel's list status at that
 * moment, so a parcel signed for before release (or with no list in force) shows as an anomaly.
 * It counts in the district of that list, else of the site the parcel entered, else at headquarters.
 */
export async function applyWaybillStatus(
  q: Kysely<EcommerceTables>,
  tally: Tally,
  p: Prepared,
  now: Date,
): Promise<ParcelResult> {
  const head = p.doc.head;
  const key = parcelKeyOf(head.logisticsCode, head.logisticsNo);
  const refuse = (rule: string, params: Record<string, unknown> = {}): ParcelResult => ({
    returnStatus: '100',
    data: {},
    reasons: [
      { path: 'LogisticsStatus/logisticsNo', rule, params: { logisticsNo: head.logisticsNo, ...params } },
    ],
  });
  const waybill = await q
    .selectFrom('ecommerce_waybill')
    .select(['parcel_key', 'rkd_no'])
    .where('parcel_key', '=', key)
    .executeTakeFirst();
  if (!waybill) return refuse('waybill_not_found');
  const logisticsTime = chinaTimeToIso(head.logisticsTime ?? '');
  // Conditional: a status reported twice (here or by a concurrent message) is refused, not applied twice.
  const updated = await q
    .updateTable('ecommerce_waybill')
    .set({ logistics_status: head.logisticsStatus!, logistics_time: logisticsTime })
    .where('parcel_key', '=', key)
    .where((eb) =>
      eb.or([eb('logistics_status', 'is', null), eb('logistics_status', '!=', head.logisticsStatus!)]),
    )
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    return refuse('status_already_reported', { logisticsStatus: head.logisticsStatus });
  const list = await q
    .selectFrom('ecommerce_list')
    .select(['status', 'customs_code'])
    .where('parcel_key', '=', key)
    .orderBy(sql`CASE WHEN active_parcel_key IS NULL THEN 1 ELSE 0 END`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const site =
    !list && waybill.rkd_no
      ? await q
          .selectFrom('ecommerce_delivery')
          .select('customs_code')
          .where('rkd_no', '=', waybill.rkd_no)
          .executeTakeFirst()
      : undefined;
  const customsCode = list?.customs_code ?? site?.customs_code ?? '';
  const anomaly = signAnomaly(list?.status);
  await q
    .insertInto('ecommerce_waybill_status')
    .values({
      sender: p.sender,
      guid: p.doc.guid,
      parcel_key: key,
      logistics_status: head.logisticsStatus!,
      logistics_time: logisticsTime,
      list_status: list?.status ?? null,
      anomaly: anomaly ?? null,
      customs_code: customsCode,
      doc: storedDoc(p),
      created_at: now.toISOString(),
    })
    .execute();
  const at = now.toISOString();
  tally.parcels(at, customsCode, 'signed', 1);
  if (anomaly) tally.parcels(at, customsCode, `signed_${anomaly}`, 1);
  return { returnStatus: '120', data: {} };
}

/**
 * CEB711 入库明细单: the parcels of one carrier entering a supervised site. Every parcel must be a
 * declared waybill of that carrier not yet entered, and the operator's copNo new; then the entry
 * list gets its preNo and rkdNo and each waybill its entry. All or nothing per document. The
 * entry counts in the tally at the entry list's customs, with the parcels no list in force names.
 */
export async function applyDelivery(
  db: Database,
  tx: Executor,
  tally: Tally,
  p: Prepared,
  now: Date,
): Promise<ParcelResult> {
  const q = tx.withTables<EcommerceTables>();
  const head = p.doc.head;
  const keys = {
    customsCode: head.customsCode,
    operatorCode: head.operatorCode,
    copNo: head.copNo,
  };
  const logisticsNos = p.doc.lines.map((line) => line.logisticsNo ?? '');
  const parcelKeys = [...new Set(logisticsNos.map((no) => parcelKeyOf(head.logisticsCode, no)))];
  const [waybills, reused] = await Promise.all([
    q
      .selectFrom('ecommerce_waybill')
      .select(['parcel_key', 'entered_at', 'rkd_no'])
      .where('parcel_key', 'in', parcelKeys)
      .execute(),
    q
      .selectFrom('ecommerce_delivery')
      .select('rkd_no')
      .where('operator_code', '=', head.operatorCode ?? '')
      .where('cop_no', '=', head.copNo ?? '')
      .executeTakeFirst(),
  ]);
  // A parcel already entered is named with its 入库单 number only to the site that entered it: another site
  // learns that it is in, not where.
  const enteredAs = [...new Set(waybills.flatMap((w) => (w.rkd_no ? [w.rkd_no] : [])))];
  const ours = new Set(
    enteredAs.length === 0
      ? []
      : (
          await q
            .selectFrom('ecommerce_delivery')
            .select('rkd_no')
            .where('operator_code', '=', head.operatorCode ?? '')
            .where('rkd_no', 'in', enteredAs)
            .execute()
        ).map((d) => d.rkd_no),
  );
  const known = new Map(
    waybills.map((w) => [
      w.parcel_key.slice(w.parcel_key.indexOf('|') + 1),
      { enteredAt: w.entered_at, rkdNo: w.rkd_no && ours.has(w.rkd_no) ? w.rkd_no : null },
    ]),
  );
  const reasons = checkDeliveryParcels(p.doc.lines, known);
  if (reused)
    reasons.unshift({ path: 'DeliveryHead/copNo', rule: 'number_reused', params: { copNo: head.copNo } });
  if (reasons.length > 0) return { returnStatus: '100', data: keys, reasons };

  const [serial] = await allocateSerials(db, tx, 1);
  const { preNo, rkdNo } = deliveryNumbers(head.customsCode ?? '', serial!, now);
  const at = now.toISOString();
  const entered = await q
    .updateTable('ecommerce_waybill')
    .set({ entered_at: at, rkd_no: rkdNo })
    .where('parcel_key', 'in', parcelKeys)
    .where('entered_at', 'is', null)
    .executeTakeFirst();
  if (Number(entered.numUpdatedRows) !== parcelKeys.length) {
    // A concurrent delivery entered one of these parcels after the read above: run the whole
    // transaction again (the database retries serialization failures); it then refuses this one.
    throw Object.assign(new Error('ecommerce: parcel entered concurrently'), { code: '40001' });
  }
  await q
    .insertInto('ecommerce_delivery')
    .values({
      id: randomUUID(),
      sender: p.sender,
      guid: p.doc.guid,
      operator_code: head.operatorCode ?? '',
      cop_no: head.copNo ?? '',
      pre_no: preNo,
      rkd_no: rkdNo,
      customs_code: head.customsCode ?? '',
      logistics_code: head.logisticsCode ?? '',
      bill_no: head.billNo ?? '',
      parcels: parcelKeys.length,
      doc: storedDoc(p),
      created_at: at,
    })
    .execute();
  const listed = await q
    .selectFrom('ecommerce_list')
    .select('active_parcel_key')
    .where('active_parcel_key', 'in', parcelKeys)
    .execute();
  tally.parcels(at, head.customsCode ?? '', 'entered', parcelKeys.length);
  tally.parcels(at, head.customsCode ?? '', 'entered_without_list', parcelKeys.length - listed.length);
  return { returnStatus: '120', data: { ...keys, preNo, rkdNo } };
}
