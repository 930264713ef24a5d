import { describe, expect, it } from 'vitest';
import { Dec } from '../../platform/db/index.ts';
import { apportion, computeRetailTax, quotaYear } from './tax.rules.ts';

const line = (totalPrice: string, vatRate: string, consumptionTaxRate: string, gnum = '1') => ({
  gnum,
  gcode: '3304990099',
  totalPrice,
  vatRate,
  consumptionTaxRate,
});

describe('retail import tax (财关税〔2018〕49号)', () => {
  it.each([
    // totalPrice, freight, vat, ct, VAT, consumption tax — worked by hand
    ['190.00', '10.00', '0.13', '0', '18.20', '0.00'], // 200 × 13% × 70%
    ['850.00', '0', '0.13', '0.15', '91.00', '105.00'], // 850/0.85 = 1000: VAT 1000×13%×70%, CT 1000×15%×70%
    ['100.00', '0', '0.09', '0', '6.30', '0.00'], // 9% VAT for honey
    ['33.33', '0', '0.13', '0', '3.03', '0.00'], // 3.0330 rounds half-up to the fen
  ])(
    '%s + freight %s at VAT %s and CT %s: VAT %s, CT %s, duty 0',
    (price, freight, vat, ct, vatTax, ctTax) => {
      const tax = computeRetailTax([line(price, vat, ct)], freight, '0');
      expect(tax.customsTax).toBe('0.00');
      expect(tax.valueAddedTax).toBe(vatTax);
      expect(tax.consumptionTax).toBe(ctTax);
    },
  );

  it('apportions freight by value and keeps the total exact to the fen', () => {
    const tax = computeRetailTax(
      [line('100.00', '0.13', '0', '1'), line('200.00', '0.13', '0', '2'), line('100.00', '0.13', '0', '3')],
      '10.01',
      '0',
    );
    // 10.01 × 100/400 = 2.5025 → 2.50; × 200/400 = 5.005 → 5.01; the last line takes 2.50
    expect(tax.lines.map((l) => l.taxPrice)).toEqual(['102.50', '205.01', '102.50']);
    expect(tax.taxPrice).toBe('410.01');
    expect(tax.taxPriceFen).toBe(41001);
  });

  it('never values a line below its own price when the rounding of the shares overshoots', () => {
    // Four equal lines and 0.02 of freight: each exact share is half a fen. Rounding each half-up and
    // giving the last the rest left it 9.99, below its price; the fen now go to the first lines.
    const even = computeRetailTax(
      ['1', '2', '3', '4'].map((gnum) => line('10.00', '0.13', '0', gnum)),
      '0.02',
      '0',
    );
    expect(even.lines.map((l) => l.taxPrice)).toEqual(['10.01', '10.01', '10.00', '10.00']);
    expect(even.taxPrice).toBe('40.02');
    // Nine lines of 10.00 and one of a fen, 0.05 of freight: the last share used to be −0.04, a line
    // of taxPrice −0.03 whose return gave back more quota than the list took.
    const lines = [
      ...Array.from({ length: 9 }, (_, i) => line('10.00', '0.13', '0', String(i + 1))),
      line('0.01', '0.13', '0', '10'),
    ];
    const tiny = computeRetailTax(lines, '0.05', '0');
    expect(tiny.lines.map((l) => l.taxPrice)).toEqual([
      ...Array(5).fill('10.01'),
      ...Array(4).fill('10.00'),
      '0.01',
    ]);
    expect(tiny.taxPriceFen).toBe(9006);
    expect(tiny.lines.every((l) => !l.valueAddedTax.startsWith('-'))).toBe(true);
  });

  it('shares any freight among any lines exactly, none below zero and none a fen from its exact share', () => {
    // A seeded walk over many lists: the invariants of largest remainder, not particular figures.
    let seed = 20261128;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const prices = Array.from(
        { length: 1 + next(12) },
        () => (next(3) === 0 ? next(5) : next(500_000)) / 100,
      ).map((p) => p.toFixed(2));
      const extra = new Dec(next(4) === 0 ? next(10) : next(100_000)).dividedBy(100);
      const shares = apportion(prices, extra);
      const sum = shares.reduce((total, share) => total.plus(share), new Dec(0));
      expect(sum.equals(extra), `${prices} ${extra}`).toBe(true);
      const goods = prices.reduce((total, price) => total.plus(price), new Dec(0));
      shares.forEach((share, i) => {
        expect(share.isNegative(), `${prices} ${extra}`).toBe(false);
        if (!goods.isZero()) {
          const exact = extra.times(prices[i]!).dividedBy(goods);
          expect(share.minus(exact).abs().lessThan('0.01'), `${prices} ${extra} line ${i}`).toBe(true);
        }
      });
    }
  });

  it('gives freight on goods worth nothing to the last line, and a part below the fen too', () => {
    expect(apportion(['0.00', '0.00'], new Dec('3.00')).map((d) => d.toFixed(2))).toEqual(['0.00', '3.00']);
    expect(apportion(['1.00', '1.00'], new Dec('0.015')).map((d) => d.toFixed(3))).toEqual([
      '0.010',
      '0.005',
    ]);
    expect(apportion([], new Dec('1'))).toEqual([]);
  });

  it('counts the year in China time', () => {
    expect(quotaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(quotaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});
