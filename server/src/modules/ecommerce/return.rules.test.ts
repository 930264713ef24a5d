import { describe, expect, it } from 'vitest';
import { type ReturnShare, shareOfReturn } from './return.rules.ts';
import { computeRetailTax } from './tax.rules.ts';

// A list of three lines whose freight does not share out evenly: 3 × 33.33, 1 × 50.00 (cosmetics,
// 15% consumption tax) and 7 × 1.00, with 9.99 of freight.
const listed: { gnum: string; gcode: string; qty: string; unit?: string }[] = [
  { gnum: '1', gcode: '3304990099', qty: '3', unit: '011' },
  { gnum: '2', gcode: '3304990099', qty: '1' },
  { gnum: '3', gcode: '6109100021', qty: '7' },
];
const tax = computeRetailTax(
  [
    { gnum: '1', gcode: '3304990099', totalPrice: '99.99', vatRate: '0.13', consumptionTaxRate: '0.15' },
    { gnum: '2', gcode: '3304990099', totalPrice: '50.00', vatRate: '0.13', consumptionTaxRate: '0.15' },
    { gnum: '3', gcode: '6109100021', totalPrice: '7.00', vatRate: '0.13', consumptionTaxRate: '0' },
  ],
  '9.99',
  '0',
);
const share = (before: Record<string, string>, asked: Record<string, string>[]) => {
  const result = shareOfReturn(listed, tax, before, asked);
  if ('refusal' in result) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result;
};
const fen = (amount: string) => Math.round(Number(amount) * 100);

describe('returns of all or part of a list', () => {
  it('returns everything left when the return names no lines', () => {
    const whole = share({}, []);
    expect(whole.whole).toBe(true);
    expect(whole.lines).toEqual([
      { gnum: '1', qty: '3' },
      { gnum: '2', qty: '1' },
      { gnum: '3', qty: '7' },
    ]);
    expect(whole.givenBackFen).toBe(tax.taxPriceFen);
    expect(whole.kept).toMatchObject({ taxPrice: '0.00', valueAddedTax: '0.00', lines: [] });
  });

  it('gives back a line’s value and taxes by quantity, and keeps the rest on a revised bill', () => {
    const one = share({}, [{ gnum: '1', gcode: '3304990099', qty: '1' }]);
    expect(one.whole).toBe(false);
    expect(one.lines).toEqual([{ gnum: '1', qty: '1' }]);
    const line1 = tax.lines[0]!;
    const keptLine1 = one.kept.lines[0]!;
    // Two of three kept, rounded to the fen.
    expect(keptLine1.taxPrice).toBe((Math.round((fen(line1.taxPrice) * 2) / 3) / 100).toFixed(2));
    expect(one.kept.lines.slice(1)).toEqual(tax.lines.slice(1));
    expect(one.givenBackFen).toBe(fen(line1.taxPrice) - fen(keptLine1.taxPrice));
    expect(fen(one.kept.taxPrice) + one.givenBackFen).toBe(tax.taxPriceFen);
    expect(one.returnedAfter).toEqual({ '1': '1' });
  });

  it('adds up to the whole list, value and taxes, over returns one item at a time', () => {
    let before: Record<string, string> = {};
    let given = 0;
    let last: ReturnShare | undefined;
    const steps = [
      ['1', '1'],
      ['3', '2'],
      ['1', '1'],
      ['3', '5'],
      ['2', '1'],
      ['1', '1'],
    ] as const;
    for (const [gnum, qty] of steps) {
      last = share(before, [{ gnum, gcode: listed.find((l) => l.gnum === gnum)!.gcode, qty }]);
      given += last.givenBackFen;
      before = last.returnedAfter;
    }
    expect(last!.whole).toBe(true);
    expect(given).toBe(tax.taxPriceFen);
    expect(before).toEqual({ '1': '3', '2': '1', '3': '7' });
  });

  it('never gives back more quota than the list took, however its freight was shared', () => {
    // Nine lines of 10.00 and one of a fen with 0.05 of freight: before shares were taken by largest
    // remainder, returning the nine gave back 90.09 of a list valued 90.06.
    const gnums = Array.from({ length: 10 }, (_, i) => String(i + 1));
    const many = gnums.map((gnum) => ({ gnum, gcode: '6109100021', qty: '1' }));
    const manyTax = computeRetailTax(
      gnums.map((gnum) => ({
        gnum,
        gcode: '6109100021',
        totalPrice: gnum === '10' ? '0.01' : '10.00',
        vatRate: '0.13',
        consumptionTaxRate: '0',
      })),
      '0.05',
      '0',
    );
    const nine = shareOfReturn(
      many,
      manyTax,
      {},
      gnums.slice(0, 9).map((gnum) => ({ gnum, gcode: '6109100021', qty: '1' })),
    );
    if ('refusal' in nine) throw new Error('refused');
    expect(nine.givenBackFen).toBe(9005);
    expect(nine.kept.taxPrice).toBe('0.01');
    expect(nine.givenBackFen + nine.kept.taxPriceFen).toBe(manyTax.taxPriceFen);
  });

  it('refuses a line not on the list, named twice, of another code or unit, of nothing, or more than is left', () => {
    const refusal = (before: Record<string, string>, asked: Record<string, string>[]) => {
      const result = shareOfReturn(listed, tax, before, asked);
      return 'refusal' in result ? result.refusal : undefined;
    };
    expect(refusal({}, [{ gnum: '4', gcode: '3304990099', qty: '1' }])).toEqual({
      path: 'InvtRefundList[1]/gnum',
      rule: 'not_on_list',
      params: { gnum: '4' },
    });
    expect(
      refusal({}, [
        { gnum: '2', gcode: '3304990099', qty: '1' },
        { gnum: '2', gcode: '3304990099', qty: '1' },
      ]),
    ).toMatchObject({ path: 'InvtRefundList[2]/gnum', rule: 'line_repeated' });
    expect(refusal({}, [{ gnum: '3', gcode: '3304990099', qty: '1' }])).toMatchObject({
      path: 'InvtRefundList[1]/gcode',
      rule: 'not_on_list',
      params: { gnum: '3', gcode: '6109100021' },
    });
    // 2 of 3 pieces (011 件) back, said in kilograms (035): not the line's quantity.
    expect(refusal({}, [{ gnum: '1', gcode: '3304990099', qty: '2', unit: '035' }])).toEqual({
      path: 'InvtRefundList[1]/unit',
      rule: 'mismatch',
      params: { document: 'CEB621', field: 'unit' },
    });
    expect(refusal({}, [{ gnum: '1', gcode: '3304990099', qty: '2', unit: '011' }])).toBeUndefined();
    expect(refusal({}, [{ gnum: '3', gcode: '6109100021', qty: '0' }])).toMatchObject({
      path: 'InvtRefundList[1]/qty',
      rule: 'nothing_returned',
    });
    expect(refusal({ '1': '2' }, [{ gnum: '1', gcode: '3304990099', qty: '2' }])).toEqual({
      path: 'InvtRefundList[1]/qty',
      rule: 'over_return',
      params: { gnum: '1', listed: '3', returned: '2', left: '1' },
    });
    // Everything already back: nothing is left to return.
    expect(refusal({ '1': '3', '2': '1', '3': '7' }, [])).toMatchObject({ rule: 'nothing_returned' });
  });
});
