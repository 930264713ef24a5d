import { describe, expect, it } from 'vitest';
import { parseCodeSetFile } from './code-set-import.rules.ts';
import { CODE_SETS, findCodeSet } from './code-sets.ts';
import { readSeedCodeSets } from './seed-data.ts';

const tradeMode = findCodeSet('tradeMode')!;
const currency = findCodeSet('currency')!;

describe('parseCodeSetFile', () => {
  it('accepts every shipped code set under the rules an import must pass', () => {
    const seed = readSeedCodeSets();
    for (const set of CODE_SETS) {
      const rows = seed.get(set.name) ?? [];
      expect(rows.length, set.name).toBeGreaterThan(0);
      const json = JSON.stringify(
        rows.map((r) => ({ code: r.code, name_zh: r.nameZh, name_en: r.nameEn, ...r.attributes })),
      );
      expect(parseCodeSetFile(set, json, 'json').issues, set.name).toEqual([]);
    }
  });

  it('reads a CSV with official column spellings (name, iso)', () => {
    const parsed = parseCodeSetFile(currency, 'code,name,iso\n502,美元,USD\n142,人民币,CNY\n', 'csv');
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows[0]).toEqual({ code: '502', nameZh: '美元', nameEn: null, attributes: { iso: 'USD' } });
  });

  it('reads a JSON list in the shape of cn-customs-codelists.json', () => {
    const parsed = parseCodeSetFile(
      tradeMode,
      JSON.stringify({ items: [{ code: '0110', name: '一般贸易' }] }),
      'json',
    );
    expect(parsed).toEqual({
      rows: [{ code: '0110', nameZh: '一般贸易', nameEn: null, attributes: {} }],
      issues: [],
    });
  });

  it('names every bad row and column at once', () => {
    const csv = [
      'code,name,iso,colour',
      '502,美元,USD,x',
      '50,短,USD,x', // code too short
      '502,again,USD,x', // duplicate
      '303,,GBP,x', // no name
      '300,欧元,eur,x', // iso not upper-case alpha-3
      '301,无,,x', // iso required for currencies
      '302,丹麦克朗,DKK', // missing a column
    ].join('\n');
    expect(parseCodeSetFile(currency, csv, 'csv').issues).toEqual([
      { path: 'header.colour', rule: 'unknown_field' },
      { path: 'row 3.code', rule: 'format', params: { format: '^\\d{3}$' } },
      { path: 'row 4.code', rule: 'duplicate', params: { firstRow: 2, code: '502' } },
      { path: 'row 5.name_zh', rule: 'required' },
      { path: 'row 6.iso', rule: 'format', params: { format: '^[A-Z]{3}$' } },
      { path: 'row 7.iso', rule: 'required' },
      { path: 'row 8', rule: 'column_count', params: { expected: 4, actual: 3 } },
    ]);
  });

  it.each([
    ['an empty CSV', 'code,name\n', 'csv', [{ path: 'file', rule: 'empty' }]],
    ['a CSV without a code column', 'id,name\n1,x\n', 'csv', [{ path: 'header.code', rule: 'required' }]],
    ['an unterminated quote', 'code,name\n0110,"x\n', 'csv', [{ path: 'row 2', rule: 'unterminated_quote' }]],
    [
      'a JSON object without items',
      '{"rows": []}',
      'json',
      [{ path: 'file', rule: 'type', params: { expected: 'array or { items: [...] }' } }],
    ],
    [
      'a JSON code as a number',
      '[{"code": 110, "name": "x"}]',
      'json',
      [
        { path: 'row 1.code', rule: 'type', params: { expected: 'string' } },
        { path: 'row 1.code', rule: 'required' },
      ],
    ],
  ] as const)('refuses %s', (_label, content, format, issues) => {
    expect(parseCodeSetFile(tradeMode, content, format).issues).toEqual(issues);
  });

  it('refuses malformed JSON with the parser reason', () => {
    const [issue] = parseCodeSetFile(tradeMode, '[{"code": ', 'json').issues;
    expect(issue).toMatchObject({ path: 'file', rule: 'invalid_json' });
  });
});
