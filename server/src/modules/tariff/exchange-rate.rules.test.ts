import { describe, expect, it } from 'vitest';
import { carrySampleRates, monthsAfter } from './exchange-rate.rules.ts';

describe('sample exchange rates carried on', () => {
  it('counts months across the year end, in UTC', () => {
    expect(monthsAfter(new Date('2026-11-27T23:30:00Z'), 0)).toBe('2026-11');
    expect(monthsAfter(new Date('2026-11-27T23:30:00Z'), 2)).toBe('2027-01');
    expect(monthsAfter(new Date('2026-12-31T00:00:00Z'), 12)).toBe('2027-12');
  });

  it("repeats the last month's rates for each later month, through the month asked", () => {
    const file = 'currency,month,rate\nUSD,2026-11,7.1\nUSD,2026-12,7.2\nEUR,2026-12,8.3\n';
    expect(carrySampleRates(file, '2027-02').split('\n')).toEqual([
      'currency,month,rate',
      'USD,2026-11,7.1',
      'USD,2026-12,7.2',
      'EUR,2026-12,8.3',
      'USD,2027-01,7.2',
      'EUR,2027-01,8.3',
      'USD,2027-02,7.2',
      'EUR,2027-02,8.3',
      '',
    ]);
    // Nothing to carry when the file already reaches the month, or has no month to carry.
    expect(carrySampleRates(file, '2026-10')).toBe(file);
    expect(carrySampleRates('currency,month,rate\n', '2027-02')).toBe('currency,month,rate\n');
    expect(carrySampleRates('currency,month,rate\nUSD,2026-13,7\n', '2027-02')).not.toContain('2027');
    expect(carrySampleRates(file.replaceAll('\n', '\r\n'), '2027-01')).toContain('\nEUR,2027-01,8.3\n');
  });
});
