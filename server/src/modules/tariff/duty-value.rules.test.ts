import { describe, expect, it } from 'vitest';
import {
  checkValuationInput,
  currenciesNeeded,
  type DutyContent,
  type DutyHead,
  valueItems,
} from './duty-value.rules.ts';

// Customs rates of the month, CNY per unit (round numbers so the arithmetic can be done by hand).
const FX = { USD: '7.1', EUR: '8', JPY: '0.047943' };
const declaration = (head: DutyHead, totals: [string, string][]): DutyContent => ({
  head: { ieFlag: 'I', ...head },
  items: totals.map(([total, currency]) => ({ total, currency })),
});
const values = (content: DutyContent) => valueItems(content, FX).items.map((i) => i.dutiableValue);

describe('dutiable value from the transaction terms', () => {
  it.each([
    // CIF is the dutiable value: 10000 USD × 7.1 = 71000.00; freight fields are ignored.
    [
      'CIF as is',
      { transactionTerms: '1', freightMark: '3', freightRate: '500', freightCurrency: 'USD' },
      '71000.00',
    ],
    // FOB + freight 500 USD (3550) + insurance 0.3% of (71000 + 3550) = 223.65 → 74773.65
    [
      'FOB + freight total + insurance rate',
      {
        transactionTerms: '3',
        freightMark: '3',
        freightRate: '500',
        freightCurrency: 'USD',
        insuranceMark: '1',
        insuranceRate: '0.3',
      },
      '74773.65',
    ],
    // FOB + freight 20 USD/t × 5000 kg = 100 USD = 710; insurance unknown: 0.3% × 71710 = 215.13 → 71925.13
    [
      'FOB + freight per tonne, statutory insurance',
      {
        transactionTerms: '3',
        freightMark: '2',
        freightRate: '20',
        freightCurrency: 'USD',
        grossWeight: '5000',
      },
      '71925.13',
    ],
    // FOB + freight 5% of 71000 = 3550; insurance 1000 EUR × 8 = 8000 → 82550.00
    [
      'FOB + freight rate + insurance total in another currency',
      {
        transactionTerms: '3',
        freightMark: '1',
        freightRate: '5',
        insuranceMark: '3',
        insuranceRate: '1000',
        insuranceCurrency: 'EUR',
      },
      '82550.00',
    ],
    // CFR + insurance 30 USD = 213 → 71213.00
    [
      'CFR + insurance total',
      { transactionTerms: '2', insuranceMark: '3', insuranceRate: '30', insuranceCurrency: 'USD' },
      '71213.00',
    ],
    // CFR, insurance unknown: 71000 × 0.3% = 213 → 71213.00
    ['CFR + statutory insurance', { transactionTerms: '2' }, '71213.00'],
    // C&I + freight 2% of 71000 = 1420 → 72420.00; no statutory insurance (already in the price)
    ['C&I + freight rate', { transactionTerms: '4', freightMark: '1', freightRate: '2' }, '72420.00'],
    // Other charges may be a deduction: CIF 71000 − 100 USD × 7.1 (710) → 70290.00
    [
      'other charges deducted',
      { transactionTerms: '1', otherMark: '3', otherRate: '-100', otherCurrency: 'USD' },
      '70290.00',
    ],
  ])('%s', (_case, head, expected) => {
    expect(values(declaration(head, [['10000', 'USD']]))).toEqual([expected]);
  });

  it('apportions declaration-level charges over items by CNY value', () => {
    // Goods 6000 USD = 42600 and 4000 USD = 28400 (shares 0.6 / 0.4 of 71000).
    // Freight 1000 CNY → 600 / 400; insurance 100 EUR = 800 CNY → 480 / 320.
    const content = declaration(
      {
        transactionTerms: '3',
        freightMark: '3',
        freightRate: '1000',
        freightCurrency: 'CNY',
        insuranceMark: '3',
        insuranceRate: '100',
        insuranceCurrency: 'EUR',
      },
      [
        ['6000', 'USD'],
        ['4000', 'USD'],
      ],
    );
    const { items, charges } = valueItems(content, FX);
    expect(items.map((i) => [i.freight, i.insurance, i.dutiableValue])).toEqual([
      ['600', '480', '43680.00'],
      ['400', '320', '29120.00'],
    ]);
    expect(charges).toMatchObject({ terms: 'FOB', freight: { cny: '1000' }, insurance: { cny: '800' } });
    expect(items[0]?.steps[0]).toBe('goods 6000 USD × 7.1 = 42600 CNY (FOB)');
  });

  it('converts a foreign currency at the month rate and rounds to the fen only at the end', () => {
    // 1,234,567 JPY × 0.047943 = 59188.845681 → 59188.85
    const [item] = valueItems(declaration({ transactionTerms: '1' }, [['1234567', 'JPY']]), FX).items;
    expect(item?.goods).toEqual({
      amount: '1234567',
      currency: 'JPY',
      exchangeRate: '0.047943',
      cny: '59188.845681',
    });
    expect(item?.dutiableValue).toBe('59188.85');
    // Shares of a statutory insurance are not rounded before the sum: 2 items of 0.05 CNY CFR each
    // get 0.00015 insurance; 0.05015 → 0.05.
    expect(
      values(
        declaration({ transactionTerms: '2' }, [
          ['0.05', 'CNY'],
          ['0.05', 'CNY'],
        ]),
      ),
    ).toEqual(['0.05', '0.05']);
  });

  it('lists the currencies it needs, CNY excepted, only for charges the terms add', () => {
    const content = declaration(
      {
        transactionTerms: '2',
        freightMark: '3',
        freightRate: '1',
        freightCurrency: 'EUR',
        insuranceMark: '3',
        insuranceRate: '1',
        insuranceCurrency: 'JPY',
      },
      [
        ['1', 'USD'],
        ['1', 'CNY'],
      ],
    );
    expect(currenciesNeeded(content)).toEqual([
      { path: 'items[0].currency', currency: 'USD' },
      { path: 'head.insuranceCurrency', currency: 'JPY' },
    ]);
  });

  it('reports every bad valuation input at once', () => {
    const content: DutyContent = {
      head: {
        transactionTerms: '3',
        insuranceMark: '2',
        insuranceRate: 'x',
        otherMark: '3',
        otherRate: '-5',
      },
      items: [{ total: '0', currency: 'USD' }, { total: '10' }],
    };
    expect(checkValuationInput(content).map((i) => `${i.path} ${i.rule}`)).toEqual([
      'head.freightMark freight_required',
      'head.insuranceMark enum',
      'head.insuranceRate format',
      'head.insuranceCurrency required',
      'head.otherCurrency required',
      'items[0].total positive_amount',
      'items[1].currency required',
    ]);
    expect(checkValuationInput({ head: { transactionTerms: '7' }, items: [] })[0]).toMatchObject({
      path: 'head.transactionTerms',
      rule: 'enum',
    });
  });
});
