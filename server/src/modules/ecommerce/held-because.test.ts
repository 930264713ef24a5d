import { describe, expect, it } from 'vitest';
import { heldBecause } from './list-decision.ts';

describe('why risk held a list', () => {
  const rule = {
    reason: { 'zh-CN': '跨境电商零售进口药品，核对正面清单', en: 'Medicines: check the positive list' },
  };
  const draw = (sampled: boolean) => ({ sampled, rate: '0.035' });

  it('names the rules that fired, and the random draw with its rate when it picked the list', () => {
    expect(JSON.parse(heldBecause({ firedRules: [rule], sampling: draw(false) })!)).toEqual([rule.reason]);
    expect(JSON.parse(heldBecause({ firedRules: [rule], sampling: draw(true) })!)).toEqual([
      rule.reason,
      { 'zh-CN': '随机抽中查验（抽查率 3.5%）', en: 'Picked at random for inspection (rate 3.5%)' },
    ]);
    expect(JSON.parse(heldBecause({ firedRules: [], sampling: draw(true) })!)).toHaveLength(1);
  });

  it('says nothing for a list nothing held', () => {
    expect(heldBecause({ firedRules: [], sampling: draw(false) })).toBeNull();
  });
});
