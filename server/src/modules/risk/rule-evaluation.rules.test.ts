import { describe, expect, it } from 'vitest';
import { judge, rejudge } from './decision.rules.ts';
import { DEFAULT_PACK_V1 } from './default-pack.ts';
import { buildItem, buildSubject } from './risk.fixtures.ts';
import type { Condition, RiskRule, RiskSubject } from './risk.types.ts';
import { compilePack, evaluatePack } from './rule-evaluation.rules.ts';
import { validateRules } from './rule-validation.rules.ts';

const SEED = { id: 'seed-test', secret: 'test-secret' };
const rule = (when: Condition, channel: RiskRule['channel'] = 'yellow'): RiskRule => ({
  id: 'r1',
  when,
  channel,
  reason: { 'zh-CN': '测试', en: 'test' },
});
const fires = (when: Condition, subject: RiskSubject) => {
  expect(validateRules([rule(when)])).toEqual([]);
  return evaluatePack(compilePack('p', 1, [rule(when)]), subject).length === 1;
};

describe('conditions', () => {
  const subject = buildSubject({
    totalValueCny: '750000.50',
    items: [
      buildItem({
        hsCode: '8471300000',
        originCountry: 'SGP',
        valueCny: '600000.00',
        name: 'Laptop computers',
      }),
      buildItem({ hsCode: '6109100010', valueCny: '150000.50' }),
    ],
  });
  it.each<[string, Condition, boolean]>([
    ['string eq', { field: 'tradeMode', op: 'eq', value: '0110' }, true],
    ['string ne', { field: 'tradeMode', op: 'ne', value: '0110' }, false],
    ['enum in', { field: 'creditLevel', op: 'in', value: ['general', 'discredited'] }, true],
    ['enum not_in', { field: 'creditLevel', op: 'not_in', value: ['general'] }, false],
    ['decimal gt, exact', { field: 'totalValueCny', op: 'gt', value: '750000.49' }, true],
    ['decimal gt, equal is not greater', { field: 'totalValueCny', op: 'gt', value: '750000.5' }, false],
    ['decimal gte', { field: 'totalValueCny', op: 'gte', value: '750000.50' }, true],
    ['decimal eq ignores trailing zeros', { field: 'totalValueCny', op: 'eq', value: '750000.5' }, true],
    ['decimal lt', { field: 'totalValueCny', op: 'lt', value: '1000' }, false],
    ['item count', { field: 'itemCount', op: 'gte', value: '2' }, true],
    ['any item in chapter 84', { items: 'any', where: { field: 'hsCode', op: 'prefix', value: '84' } }, true],
    [
      'all items in chapter 84',
      { items: 'all', where: { field: 'hsCode', op: 'prefix', value: '84' } },
      false,
    ],
    [
      'any heading in a list',
      { items: 'any', where: { field: 'hsCode', op: 'prefix', value: ['0106', '6109'] } },
      true,
    ],
    [
      'name contains, any case',
      { items: 'any', where: { field: 'name', op: 'contains', value: 'LAPTOP' } },
      true,
    ],
    [
      'one item meets every part',
      {
        items: 'any',
        where: {
          all: [
            { field: 'originCountry', op: 'eq', value: 'SGP' },
            { field: 'valueCny', op: 'gt', value: '500000' },
          ],
        },
      },
      true,
    ],
    [
      'no item meets every part',
      {
        items: 'any',
        where: {
          all: [
            { field: 'originCountry', op: 'eq', value: 'USA' },
            { field: 'valueCny', op: 'gt', value: '500000' },
          ],
        },
      },
      false,
    ],
    [
      'any of',
      {
        any: [
          { field: 'ieFlag', op: 'eq', value: 'E' },
          { field: 'district', op: 'prefix', value: '22' },
        ],
      },
      true,
    ],
    ['not', { not: { field: 'ieFlag', op: 'eq', value: 'I' } }, false],
    ['history', { field: 'history.priorDeclarations', op: 'gte', value: '40' }, true],
  ])('%s: %s', (_name, when, expected) => {
    expect(fires(when, subject)).toBe(expected);
  });

  it('a test on missing history never holds, not even a negative one', () => {
    const noHistory = buildSubject({ history: undefined });
    expect(fires({ field: 'history.priorFindings', op: 'eq', value: '0' }, noHistory)).toBe(false);
    expect(fires({ field: 'history.priorFindings', op: 'ne', value: '5' }, noHistory)).toBe(false);
  });

  it('an items test over no items never fires, for all as for any', () => {
    const empty = buildSubject({ items: [] });
    expect(fires({ items: 'all', where: { field: 'hsCode', op: 'prefix', value: '84' } }, empty)).toBe(false);
    expect(fires({ items: 'any', where: { field: 'hsCode', op: 'prefix', value: '84' } }, empty)).toBe(false);
  });

  it('leaves disabled rules out', () => {
    const pack = compilePack('p', 1, [
      { ...rule({ field: 'ieFlag', op: 'eq', value: 'I' }), enabled: false },
    ]);
    expect(evaluatePack(pack, buildSubject())).toEqual([]);
  });
});

describe('the default pack', () => {
  const pack = compilePack('default', 1, DEFAULT_PACK_V1);
  it('is valid', () => expect(validateRules(DEFAULT_PACK_V1)).toEqual([]));

  it.each<[string, Partial<RiskSubject>, 'green' | 'yellow' | 'red', string[]]>([
    ['plain import by a general-credit enterprise', {}, 'green', []],
    ['discredited enterprise', { creditLevel: 'discredited' }, 'red', ['credit.discredited']],
    ['ivory', { items: [buildItem({ hsCode: '0507100000' })] }, 'red', ['goods.endangered-species']],
    ['arms', { items: [buildItem({ hsCode: '9303201000' })] }, 'red', ['goods.arms']],
    [
      'plastic waste imported',
      { items: [buildItem({ hsCode: '3915100000' })] },
      'red',
      ['goods.solid-waste-import'],
    ],
    ['plastic waste exported', { ieFlag: 'E', items: [buildItem({ hsCode: '3915100000' })] }, 'green', []],
    [
      'high-value laptops from Singapore',
      { items: [buildItem({ hsCode: '8471300000', originCountry: 'SGP', valueCny: '600000' })] },
      'yellow',
      ['goods.high-value-electronics'],
    ],
    [
      'the same laptops under the threshold',
      { items: [buildItem({ hsCode: '8471300000', originCountry: 'SGP', valueCny: '500000' })] },
      'green',
      [],
    ],
    [
      'repeated findings',
      { history: { priorDeclarations: 10, priorFindings: 3 } },
      'yellow',
      ['history.repeated-findings'],
    ],
    [
      'first declaration over a million',
      { totalValueCny: '1000000.01', history: { priorDeclarations: 0, priorFindings: 0 } },
      'yellow',
      ['history.first-large-declaration'],
    ],
    [
      'discredited and repeated findings: the most severe wins',
      { creditLevel: 'discredited', history: { priorDeclarations: 10, priorFindings: 4 } },
      'red',
      ['credit.discredited', 'history.repeated-findings'],
    ],
    [
      'medicines in an e-commerce list',
      { kind: 'ecommerce_list', items: [buildItem({ hsCode: '3004909099' })] },
      'yellow',
      ['ecommerce.medicines'],
    ],
  ])('%s → %s', (_name, overrides, channel, ruleIds) => {
    const result = judge(buildSubject(overrides), [pack], SEED);
    expect(result.channel).toBe(channel);
    expect(result.firedRules.map((r) => r.ruleId)).toEqual(ruleIds);
    expect(result.sampling.sampled).toBe(false);
  });

  it('sends a sampled subject to red with no rule fired, and says so', () => {
    const result = judge(buildSubject({ targetInspectionRate: '1' }), [pack], SEED);
    expect(result).toMatchObject({ channel: 'red', firedRules: [], sampling: { sampled: true, rate: '1' } });
  });
});

describe('rejudging a past decision against a draft', () => {
  const v1 = compilePack('default', 1, DEFAULT_PACK_V1);
  const draft = compilePack('default', 2, [rule({ field: 'tradeCountry', op: 'eq', value: 'USA' }, 'red')]);
  const other = compilePack('extra', 3, [rule({ field: 'ieFlag', op: 'eq', value: 'I' }, 'yellow')]);

  it('replaces only the draft pack and keeps the other packs and sampling as recorded', () => {
    const subject = buildSubject({ creditLevel: 'discredited', tradeCountry: 'JPN' });
    const past = judge(subject, [v1, other], SEED);
    expect(past.channel).toBe('red');
    const now = rejudge({ firedRules: past.firedRules, sampled: false, subject }, draft);
    expect(now.channel).toBe('yellow');
    expect(now.firedRules.map((r) => `${r.pack}:${r.ruleId}`)).toEqual(['extra:r1']);
    expect(rejudge({ firedRules: [], sampled: true, subject }, draft).channel).toBe('red');
  });
});
