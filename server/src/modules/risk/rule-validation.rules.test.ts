import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, validateRules } from './rule-validation.rules.ts';

const reason = { 'zh-CN': '原因', en: 'reason' };
const good = { id: 'r1', when: { field: 'ieFlag', op: 'eq', value: 'I' }, channel: 'red', reason };
const deep = (depth: number): unknown =>
  depth === 0 ? { field: 'ieFlag', op: 'eq', value: 'I' } : { not: deep(depth - 1) };
const issues = (rules: unknown) => validateRules(rules).map((i) => `${i.path} ${i.rule}`);

describe('rule validation refuses every bad rule with its path', () => {
  it('accepts a sound rule', () => expect(validateRules([good])).toEqual([]));

  it.each<[string, unknown, string[]]>([
    ['not a list', { rules: [] }, ['rules type']],
    ['not an object', ['x'], ['rules[0] type']],
    [
      'missing parts',
      [{}],
      [
        'rules[0].id required',
        'rules[0].channel required',
        'rules[0].reason required',
        'rules[0].when required',
      ],
    ],
    ['bad id', [{ ...good, id: 'has space' }], ['rules[0].id format']],
    ['unknown key', [{ ...good, weight: 3 }], ['rules[0].weight unknown_field']],
    ['bad channel', [{ ...good, channel: 'blue' }], ['rules[0].channel enum']],
    ['reason without English', [{ ...good, reason: { 'zh-CN': '原因' } }], ['rules[0].reason.en required']],
    ['duplicate ids', [good, { ...good }], ['rules[1].id risk_duplicate_id']],
    [
      'unknown subject field',
      [{ ...good, when: { field: 'colour', op: 'eq', value: 'x' } }],
      ['rules[0].when.field risk_unknown_subject_field'],
    ],
    [
      'item field outside items',
      [{ ...good, when: { field: 'hsCode', op: 'prefix', value: '01' } }],
      ['rules[0].when.field risk_unknown_subject_field'],
    ],
    [
      'operator for the wrong kind',
      [{ ...good, when: { field: 'totalValueCny', op: 'prefix', value: '1' } }],
      ['rules[0].when.op risk_operator'],
    ],
    [
      'not a decimal',
      [{ ...good, when: { field: 'totalValueCny', op: 'gt', value: '1e6' } }],
      ['rules[0].when.value risk_value'],
    ],
    [
      'number instead of decimal string',
      [{ ...good, when: { field: 'totalValueCny', op: 'gt', value: 5 } }],
      ['rules[0].when.value risk_value'],
    ],
    [
      'unknown credit level',
      [{ ...good, when: { field: 'creditLevel', op: 'in', value: ['general', 'AAA'] } }],
      ['rules[0].when.value[1] enum'],
    ],
    [
      'empty list for in',
      [{ ...good, when: { field: 'tradeMode', op: 'in', value: [] } }],
      ['rules[0].when.value risk_value'],
    ],
    ['two shapes at once', [{ ...good, when: { all: [], any: [] } }], ['rules[0].when risk_condition_shape']],
    ['empty group', [{ ...good, when: { any: [] } }], ['rules[0].when.any risk_empty_group']],
    [
      'a bad leaf deep inside',
      [
        {
          ...good,
          when: {
            all: [good.when, { items: 'any', where: { any: [{ field: 'hsCode', op: 'gt', value: '1' }] } }],
          },
        },
      ],
      ['rules[0].when.all[1].where.any[0].op risk_operator'],
    ],
    [
      'items inside items',
      [
        {
          ...good,
          when: { items: 'any', where: { items: 'all', where: { field: 'hsCode', op: 'eq', value: '1' } } },
        },
      ],
      ['rules[0].when.where.items risk_nested_items'],
    ],
    [
      'items with a bad quantifier',
      [{ ...good, when: { items: 'some', where: { field: 'hsCode', op: 'eq', value: '1' } } }],
      ['rules[0].when.items enum'],
    ],
    [
      'too deep',
      [{ ...good, when: deep(MAX_DEPTH) }],
      [`rules[0].when${'.not'.repeat(MAX_DEPTH - 1)}.not risk_too_deep`],
    ],
  ])('%s', (_name, rules, expected) => {
    expect(issues(rules)).toEqual(expected);
  });

  it('reports the problems of every rule at once', () => {
    const found = issues([
      good,
      { ...good, id: 'r2', channel: 'pink' },
      { ...good, id: 'r3', when: { not: {} } },
    ]);
    expect(found).toEqual(['rules[1].channel enum', 'rules[2].when.not risk_condition_shape']);
  });
});
