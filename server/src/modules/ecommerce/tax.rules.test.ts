import { describe, expect, it } from 'vitest';
import { computeRetailTax, quotaYear } from './tax.rules.ts';

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

  it('counts the year in China time', () => {
    expect(quotaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(quotaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});
