import { Dec } from '../../platform/db/index.ts';

// 财关税〔2018〕49号: single transaction 5,000 CNY, per buyer per calendar year 26,000 CNY (kept in fen).
export const TRANSACTION_LIMIT_FEN = 500_000;
export const ANNUAL_LIMIT_FEN = 2_600_000;
// 财关税〔2016〕18号: within the limits duty is 0 and import VAT and consumption tax are levied at 70%.
const RETAIL_SHARE = new Dec('0.7');

export interface TaxLineInput {
  gnum: string;
  gcode: string;
  /** Decimal string, CNY: the line's price as sold. */
  totalPrice: string;
  vatRate: string;
  consumptionTaxRate: string;
}

export interface TaxLine {
  gnum: string;
  gcode: string;
  taxPrice: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
}

export interface RetailTax {
  /** 完税价格: goods + freight + insurance, CNY. */
  taxPrice: string;
  taxPriceFen: number;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  lines: TaxLine[];
}

const FEN = new Dec('0.01');

/**
 * Freight and insurance shared among the lines by value, to the fen, by largest remainder: each line
 * first takes its share rounded down, then the fen left over go one each to the lines whose shares were
 * rounded down the most (the earlier line on a tie). The shares add up to `extra` exactly and none is
 * negative, so no line is valued below its own price and a return never gives back more than was taken.
 * A part below the fen (amounts may carry five decimals) goes to the last line; goods worth nothing give
 * it all to the last line.
 */
export function apportion(prices: readonly string[], extra: Dec): Dec[] {
  const goods = prices.reduce((sum, price) => sum.plus(price), new Dec(0));
  const shares = prices.map(() => new Dec(0));
  if (shares.length === 0) return shares;
  if (goods.isZero()) {
    shares[shares.length - 1] = extra;
    return shares;
  }
  const exact = prices.map((price) => extra.times(price).dividedBy(goods));
  exact.forEach((share, i) => {
    shares[i] = share.toDecimalPlaces(2, Dec.ROUND_DOWN);
  });
  let left = extra.minus(shares.reduce((sum, share) => sum.plus(share), new Dec(0)));
  const byRemainder = exact
    .map((share, i) => ({ i, remainder: share.minus(shares[i]!) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left.lessThan(FEN)) break;
    shares[i] = shares[i]!.plus(FEN);
    left = left.minus(FEN);
  }
  shares[shares.length - 1] = shares[shares.length - 1]!.plus(left);
  return shares;
}

/**
 * Retail import tax of one list (cross-border-ecommerce.md §12). Freight and insurance are
 * apportioned to the lines by value (`apportion`); each line's taxes are rounded to the fen:
 *   consumption tax = taxPrice / (1 − ct) × ct × 0.7;  VAT = taxPrice / (1 − ct) × vat × 0.7.
 */
export function computeRetailTax(
  lines: readonly TaxLineInput[],
  freight: string,
  insuredFee: string,
): RetailTax {
  const extra = new Dec(freight || '0').plus(insuredFee || '0');
  const shares = apportion(
    lines.map((line) => line.totalPrice),
    extra,
  );
  const out = lines.map((line, i): TaxLine => {
    const taxPrice = new Dec(line.totalPrice).plus(shares[i]!);
    const ct = new Dec(line.consumptionTaxRate || '0');
    const base = taxPrice.dividedBy(new Dec(1).minus(ct));
    return {
      gnum: line.gnum,
      gcode: line.gcode,
      taxPrice: taxPrice.toFixed(2),
      customsTax: '0.00',
      valueAddedTax: base.times(line.vatRate).times(RETAIL_SHARE).toFixed(2),
      consumptionTax: base.times(ct).times(RETAIL_SHARE).toFixed(2),
    };
  });
  const total = (pick: (line: TaxLine) => string) =>
    out.reduce((sum, line) => sum.plus(pick(line)), new Dec(0));
  const taxPrice = total((line) => line.taxPrice);
  return {
    taxPrice: taxPrice.toFixed(2),
    taxPriceFen: taxPrice.times(100).toNumber(),
    customsTax: '0.00',
    valueAddedTax: total((line) => line.valueAddedTax).toFixed(2),
    consumptionTax: total((line) => line.consumptionTax).toFixed(2),
    lines: out,
  };
}

/** The calendar year whose annual quota a list counts against (China time). */
export function quotaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}
