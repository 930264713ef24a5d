import { Dec } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { Fields } from './ceb.xml.ts';
import type { RetailTax, TaxLine } from './tax.rules.ts';

/** Quantities of a list's goods returned so far, by goods line (gnum), as decimal strings. */
export type Returned = Record<string, string>;

/** What one CEB625 gives back, and what the list keeps. */
export interface ReturnShare {
  /** The quantities this return gives back, by gnum, in the list's line order. */
  lines: { gnum: string; qty: string }[];
  /** Every line is now back in full: the list ends as returned. */
  whole: boolean;
  /** The dutiable value this return gives back to the buyer's annual quota, in fen. */
  givenBackFen: number;
  /** The tax on the goods the buyer keeps (lines with nothing left are left out): the revised bill. */
  kept: RetailTax;
  /** The quantities returned so far once this return is counted. */
  returnedAfter: Returned;
}

/**
 * A return of all or part of a released list's goods (海关总署公告2020年第45号: 原《申报清单》内全部或部分商品).
 * Each CEB625 line names a list line (gnum, with its gcode and unit) and the quantity given back; a CEB625
 * without lines returns whatever is left. A line's value and taxes follow its quantity: what remains
 * of a line is its amount × remaining / listed, rounded to the fen, so the amounts given back over
 * several returns add up exactly to the line's whole amount.
 */
export function shareOfReturn(
  listed: readonly Fields[],
  tax: RetailTax,
  before: Returned,
  asked: readonly Fields[],
): ReturnShare | { refusal: Issue } {
  const left = (line: Fields) => new Dec(line.qty ?? '0').minus(before[line.gnum ?? ''] ?? '0');
  const back = new Map<string, Dec>();
  if (asked.length === 0) {
    for (const line of listed) if (left(line).gt(0)) back.set(line.gnum ?? '', left(line));
  }
  for (const [i, line] of asked.entries()) {
    const path = (field: string) => `InvtRefundList[${i + 1}]/${field}`;
    const gnum = line.gnum ?? '';
    const of = listed.find((l) => l.gnum === gnum);
    if (!of) return { refusal: { path: path('gnum'), rule: 'not_on_list', params: { gnum } } };
    if (back.has(gnum)) return { refusal: { path: path('gnum'), rule: 'line_repeated', params: { gnum } } };
    if (line.gcode !== of.gcode)
      return {
        refusal: { path: path('gcode'), rule: 'not_on_list', params: { gnum, gcode: of.gcode ?? '' } },
      };
    // The quantity is read in the list line's unit: a return in another unit (千克 for 件) is not that line.
    if (line.unit !== undefined && line.unit !== of.unit)
      return {
        refusal: { path: path('unit'), rule: 'mismatch', params: { document: 'CEB621', field: 'unit' } },
      };
    const qty = new Dec(line.qty ?? '0');
    if (qty.lte(0)) return { refusal: { path: path('qty'), rule: 'nothing_returned', params: { gnum } } };
    if (qty.gt(left(of)))
      return {
        refusal: {
          path: path('qty'),
          rule: 'over_return',
          params: { gnum, listed: of.qty ?? '0', returned: before[gnum] ?? '0', left: left(of).toString() },
        },
      };
    back.set(gnum, qty);
  }
  if (back.size === 0)
    return { refusal: { path: 'InvtRefundHead/invtNo', rule: 'nothing_returned', params: {} } };

  const returnedAfter: Returned = { ...before };
  for (const [gnum, qty] of back) returnedAfter[gnum] = qty.plus(before[gnum] ?? '0').toString();
  const keptBefore = keptTax(listed, tax, before);
  const kept = keptTax(listed, tax, returnedAfter);
  return {
    lines: listed
      .filter((l) => back.has(l.gnum ?? ''))
      .map((l) => ({ gnum: l.gnum ?? '', qty: back.get(l.gnum ?? '')!.toString() })),
    whole: kept.lines.length === 0,
    givenBackFen: keptBefore.taxPriceFen - kept.taxPriceFen,
    kept,
    returnedAfter,
  };
}

/** The tax on what the buyer keeps once `returned` is given back, line by line. */
export function keptTax(listed: readonly Fields[], tax: RetailTax, returned: Returned): RetailTax {
  const lines: TaxLine[] = [];
  for (const line of tax.lines) {
    const of = listed.find((l) => l.gnum === line.gnum);
    const qty = new Dec(of?.qty ?? '0');
    const remaining = qty.minus(returned[line.gnum] ?? '0');
    if (remaining.lte(0)) continue;
    const part = (amount: string) =>
      remaining.eq(qty) ? amount : new Dec(amount).times(remaining).dividedBy(qty).toFixed(2);
    lines.push({
      gnum: line.gnum,
      gcode: line.gcode,
      taxPrice: part(line.taxPrice),
      customsTax: part(line.customsTax),
      valueAddedTax: part(line.valueAddedTax),
      consumptionTax: part(line.consumptionTax),
    });
  }
  const total = (pick: (line: TaxLine) => string) =>
    lines.reduce((sum, line) => sum.plus(pick(line)), new Dec(0));
  const taxPrice = total((l) => l.taxPrice);
  return {
    taxPrice: taxPrice.toFixed(2),
    taxPriceFen: taxPrice.times(100).toNumber(),
    customsTax: total((l) => l.customsTax).toFixed(2),
    valueAddedTax: total((l) => l.valueAddedTax).toFixed(2),
    consumptionTax: total((l) => l.consumptionTax).toFixed(2),
    lines,
  };
}
