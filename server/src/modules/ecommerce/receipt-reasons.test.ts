import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CEB_REASON_RULES, reasonText } from './receipt-reasons.ts';

// The rules this module refuses with, as its sources write them: `rule: 'x'`, and the first argument
// of its `refuse(…)` helpers (also either side of a `? :`).
function emittedRules(): Set<string> {
  const dir = fileURLToPath(new URL('./', import.meta.url));
  const rules = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.includes('test-helpers')) continue;
    const text = readFileSync(`${dir}${name}`, 'utf8');
    for (const [, rule = ''] of text.matchAll(/\brule: '([a-z_]+)'/g)) rules.add(rule);
    for (const [, first = ''] of text.matchAll(/\brefuse\(([^,)]*)/g))
      for (const [, rule = ''] of first.matchAll(/'([a-z_]+)'/g)) rules.add(rule);
  }
  return rules;
}

describe('CEB receipt reasons', () => {
  it('has a Chinese text for every rule the module refuses with', () => {
    const rules = emittedRules();
    // The scan finds what it should: a literal, a refuse() call, a ternary inside one.
    for (const rule of ['over_return', 'list_not_found', 'not_cancellable', 'not_returnable'])
      expect(rules).toContain(rule);
    expect([...rules].filter((rule) => !CEB_REASON_RULES.includes(rule))).toEqual([]);
  });

  it('names the line and what is left in a return refused for asking too much', () => {
    expect(
      reasonText({
        path: 'InvtRefundList[1]/qty',
        rule: 'over_return',
        params: { gnum: '1', listed: '3', returned: '2', left: '1' },
      }),
    ).toBe('InvtRefundList[1]/qty 退货数量超出清单剩余数量（序号 1：申报 3，已退 2，可退 1）（over_return）');
  });
});
