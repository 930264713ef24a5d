import { Decimal } from 'decimal.js';

// Money and quantities are decimal strings end to end; arithmetic goes through decimal.js, never floats.
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

/** A decimal string rounded half-up to the fen (two decimals), as customs rounds amounts. */
export function toMoney(value: Decimal.Value): string {
  return new Dec(value).toFixed(2);
}

/** A decimal string without trailing zeros, as stored for quantities and rates. */
export function toDecimalString(value: Decimal.Value): string {
  return new Dec(value).toFixed();
}

/** Sums decimal strings exactly. */
export function sumDecimals(values: Iterable<Decimal.Value>): Dec {
  let total = new Dec(0);
  for (const value of values) total = total.plus(value);
  return total;
}
