import type { Issue } from '../../platform/errors/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { ListStatus } from './ecommerce.tables.ts';

/**
 * What a customs officer should notice about a parcel signed for (CEB513 S): delivered to the buyer
 * while its list was not yet released (`before_release`), or with no list in force at all
 * (`no_declaration`: none, refused or cancelled). Released and returned parcels are in order.
 */
export function signAnomaly(
  listStatus: ListStatus | undefined,
): 'before_release' | 'no_declaration' | undefined {
  if (listStatus === 'pending' || listStatus === 'held') return 'before_release';
  if (listStatus === 'released' || listStatus === 'returned') return undefined;
  return 'no_declaration';
}

/** A CEB `yyyyMMddHHmmss` in China time (UTC+8) as a UTC ISO timestamp. */
export function chinaTimeToIso(value: string): string {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(value.slice(at, at + (i === 0 ? 4 : 2))),
  );
  return new Date(Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, s!)).toISOString();
}

/**
 * The numbers of an entry list (入库单), from a list serial: `preNo` as the E-port numbers lists
 * (B + yyyyMMdd + 9 digits, cross-border-ecommerce.md §7) and `rkdNo` in the shape of `invtNo`
 * with `R` for the I/E flag (4-digit customs + year + R + 9 digits; no official format is published).
 */
export function deliveryNumbers(
  customsCode: string,
  serial: number,
  now: Date,
): { preNo: string; rkdNo: string } {
  const { day, nine } = numberParts(serial, now);
  return { preNo: `B${day}${nine}`, rkdNo: `${customsCode}${day.slice(0, 4)}R${nine}` };
}

/**
 * The numbers of an inventory list, given on entry (120) from its serial, in China time: `preNo`
 * (B + yyyyMMdd + 9 digits, cross-border-ecommerce.md §7) and `invtNo` (4-digit customs + year + I + 9 digits).
 */
export function listNumbers(
  customsCode: string,
  serial: number,
  at: Date,
): { preNo: string; invtNo: string } {
  const { day, nine } = numberParts(serial, at);
  return { preNo: `B${day}${nine}`, invtNo: `${customsCode}${day.slice(0, 4)}I${nine}` };
}

/** A number's date (yyyyMMdd) and 9-digit serial. Dates in China time, as customs keeps them (the quota year too: tax.rules.ts). */
function numberParts(serial: number, at: Date): { day: string; nine: string } {
  return { day: chinaDay(at).replaceAll('-', ''), nine: String(serial % 1_000_000_000).padStart(9, '0') };
}

/** What the store knows of a waybill named by a delivery. */
export interface KnownWaybill {
  enteredAt: string | null;
  rkdNo: string | null;
}

/**
 * The parcels a CEB711 names (DeliveryList/logisticsNo): each once, each a waybill the carrier
 * declared (CEB511), none already entered at a site. Answers every problem, each at its line.
 */
export function checkDeliveryParcels(
  lines: readonly Fields[],
  waybills: ReadonlyMap<string, KnownWaybill>,
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const path = `DeliveryList[${i + 1}]/logisticsNo`;
    const logisticsNo = line.logisticsNo ?? '';
    if (seen.has(logisticsNo)) {
      issues.push({ path, rule: 'repeated', params: { logisticsNo } });
      return;
    }
    seen.add(logisticsNo);
    const waybill = waybills.get(logisticsNo);
    if (!waybill) issues.push({ path, rule: 'waybill_not_found', params: { logisticsNo } });
    else if (waybill.enteredAt)
      issues.push({
        path,
        rule: 'parcel_already_entered',
        params: { logisticsNo, ...(waybill.rkdNo ? { rkdNo: waybill.rkdNo } : {}) },
      });
  });
  return issues;
}
