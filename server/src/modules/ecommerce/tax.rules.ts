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

/**
 * Retail import tax of one list (cross-border-ecommerce.md §12). Freight and insurance are
 * apportioned to the lines by value (the last line takes the rounding remainder); each line's
 * taxes are rounded to the fen:
 *   consumption tax = taxPrice / (1 − ct) × ct × 0.7;  VAT = taxPrice / (1 − ct) × vat × 0.7.
 */
export function computeRetailTax(
  lines: readonly TaxLineInput[],
  freight: string,
  insuredFee: string,
): RetailTax {
  const goods = lines.reduce((sum, line) => sum.plus(line.totalPrice), new Dec(0));
  const extra = new Dec(freight || '0').plus(insuredFee || '0');
  let allocated = new Dec(0);
  const out = lines.map((line, i): TaxLine => {
    const share =
      i === lines.length - 1
        ? extra.minus(allocated)
        : goods.isZero()
          ? new Dec(0)
          : extra.times(line.totalPrice).dividedBy(goods).toDecimalPlaces(2);
    allocated = allocated.plus(share);
    const taxPrice = new Dec(line.totalPrice).plus(share);
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
