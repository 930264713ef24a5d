import { describe, expect, it } from 'vitest';
import { amounts, assess, FX, ON, type RateTexts, rates } from './duty.fixtures.ts';
import { assessDuty } from './duty.rules.ts';
import type { DutyItem } from './duty-value.rules.ts';

describe('customs duty, consumption tax and VAT, worked by hand', () => {
  it.each<[string, string, RateTexts, DutyItem, string[]]>([
    // 7100 × 10% = 710.00; VAT (7100 + 710) × 13% = 1015.30; total 1725.30
    ['ad valorem', '7100', { mfn: '10' }, {}, ['710.00', '0.00', '1015.30', '1725.30']],
    // 500 l × 3 CNY/l = 1500.00; VAT (1000 + 1500) × 13% = 325.00
    [
      'specific',
      '1000',
      { mfn: '3/095' },
      { legalQuantity: '500', legalUnit: '095' },
      ['1500.00', '0.00', '325.00', '1825.00'],
    ],
    // 10000 × 5% + 300 kg × 2 = 500 + 600 = 1100.00; VAT 11100 × 13% = 1443.00
    [
      'compound',
      '10000',
      { mfn: '5+2/035' },
      { legalQuantity: '300', legalUnit: '035' },
      ['1100.00', '0.00', '1443.00', '2543.00'],
    ],
    // A specific rate per tonne on a legal quantity in kg: 2500 kg / 1000 × 40 = 100.00; VAT 1100 × 13% = 143.00
    [
      'specific, kg to tonne',
      '1000',
      { mfn: '40/070' },
      { legalQuantity: '2500', legalUnit: '035' },
      ['100.00', '0.00', '143.00', '243.00'],
    ],
    // MFN 10%, ChAFTA 0% for the AUS origin: 0 duty; VAT 7100 × 9% = 639.00
    [
      'conventional by origin',
      '7100',
      { mfn: '10', conventional: ['0'], vat: '9' },
      {},
      ['0.00', '0.00', '639.00', '639.00'],
    ],
    // A conventional rate above MFN (6% > 5%) does not apply: 10000 × 5% = 500.00; VAT 10500 × 13% = 1365.00
    [
      'conventional higher than MFN',
      '10000',
      { mfn: '5', conventional: ['6'] },
      {},
      ['500.00', '0.00', '1365.00', '1865.00'],
    ],
    // Two agreements cover the origin: the lower (2.4%) wins: 10000 × 2.4% = 240.00; VAT 10240 × 9% = 921.60
    [
      'lowest of two agreements',
      '10000',
      { mfn: '12', conventional: ['4.8', '2.4'], vat: '9' },
      {},
      ['240.00', '0.00', '921.60', '1161.60'],
    ],
    // Provisional 5% replaces MFN 15%: 500.00; VAT 10500 × 13% = 1365.00
    ['provisional', '10000', { mfn: '15', provisional: '5' }, {}, ['500.00', '0.00', '1365.00', '1865.00']],
    // Provisional 5% vs conventional 0%: the lower (conventional) applies; VAT 10000 × 13% = 1300.00
    [
      'conventional below provisional',
      '10000',
      { mfn: '15', provisional: '5', conventional: ['0'] },
      {},
      ['0.00', '0.00', '1300.00', '1300.00'],
    ],
    // Wine: 10000 × 14% = 1400; CT (10000 + 1400) / (1 − 10%) = 12666.6667 × 10% = 1266.67;
    // VAT (10000 + 1400 + 1266.67) × 13% = 1646.6671 → 1646.67; total 4313.34
    [
      'consumption tax ad valorem',
      '10000',
      { mfn: '14', consumption: '10' },
      {},
      ['1400.00', '1266.67', '1646.67', '4313.34'],
    ],
    // Beer: 250 CNY/t, 9880 l / 988 l per t = 10 t → 2500.00; MFN 0%; VAT (20000 + 0 + 2500) × 13% = 2925.00
    [
      'consumption tax specific (beer, litres to tonnes)',
      '20000',
      { mfn: '0', consumption: '250/070' },
      { hsCode: '2203000000', legalQuantity: '9880', legalUnit: '095' },
      ['0.00', '2500.00', '2925.00', '5425.00'],
    ],
    // Whisky: duty 10000 × 5% = 500; CT (10000 + 500 + 700 l × 1) / (1 − 20%) = 14000 × 20% + 700 = 3500.00;
    // VAT (10000 + 500 + 3500) × 13% = 1820.00
    [
      'consumption tax compound',
      '10000',
      { mfn: '5', consumption: '20+1/095' },
      { legalQuantity: '700', legalUnit: '095' },
      ['500.00', '3500.00', '1820.00', '5820.00'],
    ],
    // VAT alone: 1000 × 13% = 130.00
    ['VAT only', '1000', { mfn: '0' }, {}, ['0.00', '0.00', '130.00', '130.00']],
    // Half-fen rounds up: 1234.50 × 5% = 61.725 → 61.73; VAT (1234.50 + 61.73) × 13% = 168.5099 → 168.51
    ['rounding half-up to the fen', '1234.5', { mfn: '5' }, {}, ['61.73', '0.00', '168.51', '230.24']],
    // Half levy: duty 710 → 355.00; VAT 1015.30 → 507.65
    [
      'half levy (duty mode 2)',
      '7100',
      { mfn: '10' },
      { dutyMode: '2' },
      ['355.00', '0.00', '507.65', '862.65'],
    ],
    // Half of an odd fen: wine as above, halved: 700.00, 633.335 → 633.34, 823.335 → 823.34
    [
      'half levy rounds each half',
      '10000',
      { mfn: '14', consumption: '10' },
      { dutyMode: '2' },
      ['700.00', '633.34', '823.34', '2156.68'],
    ],
    [
      'exempt (duty mode 3)',
      '7100',
      { mfn: '10', consumption: '10' },
      { dutyMode: '3' },
      ['0.00', '0.00', '0.00', '0.00'],
    ],
  ])('%s', (_case, total, r, item, expected) => {
    expect(amounts(assess(total, r, item))).toEqual(expected);
  });

  it('converts a foreign currency at the month rate', () => {
    // 1,234,567 JPY × 0.047943 = 59188.845681 → 59188.85; × 8% = 4735.108 → 4735.11;
    // VAT (59188.85 + 4735.11) × 9% = 5753.1564 → 5753.16
    expect(amounts(assess('1234567', { mfn: '8', vat: '9' }, { currency: 'JPY' }))).toEqual([
      '4735.11',
      '0.00',
      '5753.16',
      '10488.27',
    ]);
  });

  it('takes the general rate, never a provisional one, for origins without MFN treatment or unknown', () => {
    // 10000 × 30% = 3000.00; VAT 13000 × 13% = 1690.00
    const without = assess(
      '10000',
      { mfn: '15', provisional: '5', general: '30' },
      {},
      { originsWithoutMfn: ['AUS'], waiverBelow: '0' },
    );
    expect(amounts(without)).toEqual(['3000.00', '0.00', '1690.00', '4690.00']);
    expect(without.lines[0]?.customsDuty).toMatchObject({ rateKind: 'general', reason: 'general_no_mfn' });
    const unknown = assess('10000', { mfn: '15', general: '30' }, {}, undefined, null);
    expect(unknown.lines[0]?.customsDuty).toMatchObject({
      rateKind: 'general',
      reason: 'general_unknown_origin',
    });
  });

  it('explains each line: the rates weighed, the choice and its formula', () => {
    const line = assess('10000', { mfn: '14', conventional: ['0'], consumption: '10' }).lines[0];
    expect(line?.customsDuty).toMatchObject({
      rateKind: 'conventional',
      agreement: 'FTA1',
      reason: 'conventional_lower',
      candidates: [
        { kind: 'mfn', agreement: null, amount: '1400' },
        { kind: 'conventional', agreement: 'FTA1', amount: '0' },
      ],
      formula: '10000 × 0% = 0 → 0.00',
    });
    // (10000 + 0) / 0.9 = 11111.111111 × 10% = 1111.11; VAT (10000 + 0 + 1111.11) × 13% = 1444.4443 → 1444.44
    expect(line?.consumptionTax?.formula).toBe(
      '(10000.00 + 0.00) / (1 − 10%) = 11111.111111; 11111.111111 × 10% = 1111.111111 → 1111.11',
    );
    expect(line?.vat?.formula).toBe('(10000.00 + 0.00 + 1111.11) × 13% = 1444.4443 → 1444.44');
    expect(line?.relief).toEqual({
      factor: '1',
      explanation: { code: 'relief.levy', params: {}, text: '照章征税: levied per the rules' },
      note: '照章征税: levied per the rules',
    });
  });

  it('waives a tax kind whose declaration total is under 50 CNY, each kind on its own', () => {
    // 1000 × 4% = 40.00 (< 50: not levied); VAT 1040 × 13% = 135.20 (levied)
    const result = assess('1000', { mfn: '4' }, {}, {});
    expect(amounts(result)).toEqual(['0.00', '0.00', '135.20', '135.20']);
    expect(result.waived).toEqual(['customsDuty']);
    expect(result.lines[0]?.customsDuty?.payable).toBe('40.00');
  });

  it('rounds per item and tax kind, and sums the rounded items', () => {
    // Two items of 100.10 at 5%: 5.005 → 5.01 each, 10.02 in total (rounding the sum would give 10.01).
    const content = {
      head: { ieFlag: 'I', transactionTerms: '1' },
      items: [0, 1].map(() => ({ hsCode: '2204210000', total: '100.1', currency: 'CNY' })),
    };
    const out = assessDuty(content, [rates({ mfn: '5', vat: '0' }), rates({ mfn: '5', vat: '0' })], FX, ON, {
      waiverBelow: '0',
    });
    expect(out.result?.customsDuty).toBe('10.02');
  });

  it('exempts by levy nature when duty mode 5 follows it', () => {
    const content = {
      head: { ieFlag: 'I', transactionTerms: '1', levyNature: '801' },
      items: [{ hsCode: '2204210000', total: '7100', currency: 'CNY', dutyMode: '5' }],
    };
    expect(assessDuty(content, [rates({ mfn: '10' })], FX, ON).result?.total).toBe('0.00');
  });

  it('names every item whose rate or quantity is missing', () => {
    const content = {
      head: { ieFlag: 'I', transactionTerms: '1' },
      items: [
        { hsCode: '2204210000', total: '1', currency: 'CNY' },
        { hsCode: '2204210000', total: '1', currency: 'CNY', legalUnit: '011', legalQuantity: '3' },
      ],
    };
    const out = assessDuty(content, [rates({ vat: '' }), rates({ mfn: '3/095' })], FX, ON);
    expect(out.issues.map((i) => [i.path, i.rule, i.params])).toEqual([
      ['items[0].hsCode', 'rate_missing', { item: 1, hsCode: '2204210000', onDate: ON, kind: 'vat' }],
      ['items[0].hsCode', 'rate_missing', { item: 1, hsCode: '2204210000', onDate: ON, kind: 'mfn' }],
      [
        'items[1].legalQuantity',
        'quantity_missing',
        { item: 2, hsCode: '22042100', onDate: ON, unit: '095' },
      ],
    ]);
  });

  it('levies no import taxes on an export', () => {
    const content = {
      head: { ieFlag: 'E', transactionTerms: '3' },
      items: [{ hsCode: '2204210000', total: '9' }],
    };
    expect(assessDuty(content, [], FX, ON).result).toMatchObject({
      total: '0.00',
      lines: [{ customsDuty: null }],
    });
  });
});
