import { describe, expect, it } from 'vitest';
import { sumDecimals, toDecimalString, toMoney } from './decimal.ts';

describe('decimal helpers', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004', '0.00'],
    ['2.675', '2.68'], // a float would give 2.67
    ['-1.005', '-1.01'],
    ['1234567890123456.785', '1234567890123456.79'],
  ])('toMoney(%s) = %s (half up, to the fen)', (value, money) => {
    expect(toMoney(value)).toBe(money);
  });

  it('sums exactly where floats drift', () => {
    expect(sumDecimals(['0.1', '0.2']).toFixed()).toBe('0.3');
    expect(toDecimalString('1.2300')).toBe('1.23');
  });
});
