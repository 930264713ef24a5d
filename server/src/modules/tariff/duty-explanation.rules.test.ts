import { describe, expect, it } from 'vitest';
import { assess, FX, ON, type RateTexts, rates } from './duty.fixtures.ts';
import { assessDuty, type DutyOptions, reliefFor } from './duty.rules.ts';
import { EXPLANATION_CODES, type Explanation, explain, explanationParams } from './duty-explanation.rules.ts';

// The explanation in codes and parameters, for the console to render in zh-CN or English; `text` and
// the old string fields carry the same sentence in English.
const explained = (e: Explanation | null | undefined) => e && [e.code, e.params];

describe('the explanation, coded', () => {
  it.each<[string, RateTexts, string | null, DutyOptions, [string, Record<string, string>]]>([
    ['mfn', { mfn: '10' }, 'AUS', {}, ['rate.mfn', {}]],
    ['provisional', { mfn: '15', provisional: '5' }, 'AUS', {}, ['rate.provisional', {}]],
    [
      'conventional lower',
      { mfn: '10', conventional: ['0'] },
      'AUS',
      {},
      ['rate.conventional_lower', { agreement: 'FTA1', origin: 'AUS' }],
    ],
    [
      'general, no MFN treatment',
      { mfn: '10', general: '30' },
      'AUS',
      { originsWithoutMfn: ['AUS'] },
      ['rate.general_no_mfn', { origin: 'AUS' }],
    ],
    ['general, origin unknown', { mfn: '10' }, null, {}, ['rate.general_unknown_origin', {}]],
  ])('says why the duty rate applies: %s', (_case, r, origin, options, expected) => {
    const duty = assess('10000', r, {}, { waiverBelow: '0', ...options }, origin).lines[0]?.customsDuty;
    expect(explained(duty?.explanation)).toEqual(expected);
    expect(duty?.note).toBe(duty?.explanation.text);
  });

  it('codes the consumption tax and VAT notes', () => {
    const line = assess('10000', { mfn: '14', consumption: '10' }).lines[0];
    expect(explained(line?.consumptionTax?.explanation)).toEqual(['rate.consumption', {}]);
    expect(line?.consumptionTax?.note).toBe('consumption tax on the composed price');
    expect(explained(line?.vat?.explanation)).toEqual(['rate.vat', {}]);
    expect(line?.vat?.quantity).toBeNull();
  });

  it('says where a specific rate took its quantity, out of the formula', () => {
    const wine = assess('1000', { mfn: '3/095' }, { legalQuantity: '500', legalUnit: '095' }).lines[0];
    expect(wine?.customsDuty?.formula).toBe('500 × 3 CNY/095 = 1500 → 1500.00');
    expect(explained(wine?.customsDuty?.quantity)).toEqual([
      'quantity.legal',
      { quantity: '500', unit: '095' },
    ]);
    expect(wine?.customsDuty?.quantity?.text).toBe('legal quantity 500 (unit 095)');
    expect(wine?.customsDuty?.quantity).not.toBeNull();
    const second = assess('1000', { mfn: '3/095' }, { secondQuantity: '2', secondUnit: '095' }).lines[0];
    expect(explained(second?.customsDuty?.quantity)).toEqual([
      'quantity.second',
      { quantity: '2', unit: '095' },
    ]);
    // Beer in litres against a per-tonne consumption tax: 9880 / 988 = 10 tonnes.
    const beer = assess(
      '20000',
      { mfn: '0', consumption: '250/070' },
      { hsCode: '2203000000', legalQuantity: '9880', legalUnit: '095' },
    ).lines[0];
    expect(explained(beer?.consumptionTax?.quantity)).toEqual([
      'quantity.converted',
      { legalQuantity: '9880', legalUnit: '095', divisor: '988', quantity: '10', unit: '070' },
    ]);
    expect(beer?.customsDuty?.quantity).toBeNull();
  });

  it.each<[string, string | undefined, string, [string, Record<string, string>]]>([
    ['1', undefined, '1', ['relief.levy', {}]],
    ['2', undefined, '0.5', ['relief.half', {}]],
    ['3', undefined, '0', ['relief.exempt', {}]],
    ['4', undefined, '1', ['relief.special_case', {}]],
    ['6', undefined, '1', ['relief.deposit', {}]],
    ['7', undefined, '1', ['relief.guarantee', {}]],
    ['8', undefined, '0.5', ['relief.half_supplementary', {}]],
    ['9', undefined, '0', ['relief.refund', {}]],
    ['5', '801', '0', ['relief.levy_nature_exempt', { levyNature: '801', programme: '救灾捐赠' }]],
    ['5', '101', '1', ['relief.levy_nature_levied', { levyNature: '101' }]],
    ['5', undefined, '1', ['relief.levy_nature_levied', { levyNature: '-' }]],
    ['0', undefined, '1', ['relief.unknown_mode', { dutyMode: '0' }]],
  ])('duty mode %s with levy nature %s: factor %s', (dutyMode, levyNature, factor, expected) => {
    const relief = reliefFor(dutyMode, levyNature);
    expect(relief.factor).toBe(factor);
    expect(explained(relief.explanation)).toEqual(expected);
    expect(relief.note).toBe(relief.explanation.text);
  });

  it('codes every valuation step, with the same sentences in English', () => {
    const content = {
      head: {
        ieFlag: 'I',
        transactionTerms: '3',
        freightMark: '1',
        freightRate: '5',
        otherMark: '3',
        otherRate: '-100',
        otherCurrency: 'USD',
      },
      items: [{ hsCode: '2204210000', total: '10000', currency: 'USD' }],
    };
    const valuation = assessDuty(content, [rates({ mfn: '0' })], FX, ON).result?.lines[0]?.valuation;
    // 71000 + freight 5% 3550 + statutory insurance 0.3% × 74550 = 223.65 − other 100 USD 710 = 74063.65
    expect(valuation?.explanation.map(explained)).toEqual([
      [
        'valuation.goods',
        { amount: '10000', currency: 'USD', exchangeRate: '7.1', cny: '71000', terms: 'FOB' },
      ],
      ['valuation.freight_rate', { base: '71000', percent: '5', amount: '3550' }],
      ['valuation.insurance_statutory', { base: '74550', percent: '0.3', amount: '223.65' }],
      ['valuation.other_share', { total: '-710', share: '1', amount: '-710' }],
      ['valuation.dutiable_value', { raw: '74063.65', value: '74063.65' }],
    ]);
    expect(valuation?.steps).toEqual(valuation?.explanation.map((e) => e.text));
    expect(valuation?.steps[2]).toBe('insurance unknown: 74550 × 0.3% = 223.65');
  });

  it('codes the declaration-wide notes: a waived tax kind, SAMPLE rates, an export', () => {
    const waived = assess('1000', { mfn: '4' }, {}, {});
    expect(waived.noteExplanations.map(explained)).toEqual([
      ['note.waived', { kind: 'customsDuty', total: '40.00', floor: '50' }],
    ]);
    expect(waived.notes).toEqual(['customsDuty 40.00 CNY is under 50 CNY for the declaration: not levied']);
    const content = {
      head: { ieFlag: 'I', transactionTerms: '1' },
      items: [{ hsCode: '2204210000', total: '1000', currency: 'CNY' }],
    };
    const sample = assessDuty(content, [{ ...rates({ mfn: '10' }), sample: true }], FX, ON).result;
    expect(sample?.noteExplanations.map((n) => n.code)).toEqual(['note.sample']);
    const exported = assessDuty({ ...content, head: { ieFlag: 'E' } }, [], FX, ON).result;
    expect(exported?.noteExplanations.map((n) => n.code)).toEqual(['note.export']);
    expect(exported?.lines[0]?.relief.explanation.code).toBe('relief.levy');
  });
});

describe('explain', () => {
  it('fills the English sentence and keeps the parameters', () => {
    expect(explain('rate.general_no_mfn', { origin: 'PRK' })).toEqual({
      code: 'rate.general_no_mfn',
      params: { origin: 'PRK' },
      text: 'origin PRK has no MFN treatment: the general rate applies, no provisional rate',
    });
  });

  it('refuses a sentence with a parameter missing', () => {
    expect(() => explain('note.waived', { kind: 'vat' })).toThrow(/needs the parameter total/);
  });

  it('lists every code with its parameters', () => {
    expect(EXPLANATION_CODES).toContain('valuation.insurance_statutory');
    expect(explanationParams('valuation.insurance_statutory')).toEqual(['base', 'percent', 'amount']);
    expect(explanationParams('rate.mfn')).toEqual([]);
  });
});
