import { Dec } from '../../platform/db/index.ts';
import type { Condition, FieldTest, FiredRule, RiskItem, RiskRule, RiskSubject } from './risk.types.ts';
import { ITEM_FIELDS, SUBJECT_FIELDS } from './rule-fields.rules.ts';

type Test<T> = (target: T) => boolean;

/** A pack version turned into closures once, so the e-commerce hot path never re-reads the JSON. */
export interface CompiledPack {
  pack: string;
  version: number;
  rules: { rule: RiskRule; test: Test<RiskSubject> }[];
}

/** Compiles validated rules (see `validateRules`); disabled rules are left out. */
export function compilePack(pack: string, version: number, rules: readonly RiskRule[]): CompiledPack {
  return {
    pack,
    version,
    rules: rules
      .filter((rule) => rule.enabled !== false)
      .map((rule) => ({ rule, test: compileSubject(rule.when) })),
  };
}

/** The rules of a pack that fire for a subject, in pack order. */
export function evaluatePack(compiled: CompiledPack, subject: RiskSubject): FiredRule[] {
  const fired: FiredRule[] = [];
  for (const { rule, test } of compiled.rules) {
    if (!test(subject)) continue;
    fired.push({
      pack: compiled.pack,
      version: compiled.version,
      ruleId: rule.id,
      channel: rule.channel,
      reason: rule.reason,
    });
  }
  return fired;
}

function compileSubject(node: Condition): Test<RiskSubject> {
  if ('items' in node) {
    const where = compileItem(node.where);
    // An empty list of items satisfies no `any` and — deliberately — no `all` either, so a rule
    // never fires on a subject that has no goods to judge.
    return node.items === 'any'
      ? (s) => s.items.some(where)
      : (s) => s.items.length > 0 && s.items.every(where);
  }
  return compileNode(node, compileSubject, (test) => compileField(test, SUBJECT_FIELDS));
}

function compileItem(node: Condition): Test<RiskItem> {
  return compileNode(node, compileItem, (test) => compileField(test, ITEM_FIELDS));
}

function compileNode<T>(
  node: Condition,
  recurse: (child: Condition) => Test<T>,
  leaf: (test: FieldTest) => Test<T>,
): Test<T> {
  if ('all' in node) {
    const tests = node.all.map(recurse);
    return (t) => tests.every((test) => test(t));
  }
  if ('any' in node) {
    const tests = node.any.map(recurse);
    return (t) => tests.some((test) => test(t));
  }
  if ('not' in node) {
    const test = recurse(node.not);
    return (t) => !test(t);
  }
  return leaf(node as FieldTest);
}

function compileField<T>(
  node: FieldTest,
  fields: Record<string, { get(target: T): string | undefined }>,
): Test<T> {
  const get = fields[node.field]!.get;
  const compare = compileComparison(node.op, node.value);
  // A missing value (no history given) satisfies no test, `ne` and `not_in` included.
  return (target) => {
    const actual = get(target);
    return actual !== undefined && compare(actual);
  };
}

function compileComparison(op: string, value: string | string[]): (actual: string) => boolean {
  const list = Array.isArray(value) ? value : [value];
  switch (op) {
    case 'eq':
    case 'ne': {
      const expected = value as string;
      const numeric = isNumeric(expected);
      const equal = numeric
        ? (a: string) => isNumeric(a) && new Dec(a).eq(expected)
        : (a: string) => a === expected;
      return op === 'eq' ? equal : (a) => !equal(a);
    }
    case 'in':
      return (a) => list.includes(a);
    case 'not_in':
      return (a) => !list.includes(a);
    case 'prefix':
      return (a) => list.some((p) => a.startsWith(p));
    case 'contains': {
      const needles = list.map((n) => n.toLowerCase());
      return (a) => {
        const hay = a.toLowerCase();
        return needles.some((n) => hay.includes(n));
      };
    }
    default: {
      const bound = new Dec(value as string);
      const holds: Record<string, (c: number) => boolean> = {
        gt: (c) => c > 0,
        gte: (c) => c >= 0,
        lt: (c) => c < 0,
        lte: (c) => c <= 0,
      };
      const check = holds[op]!;
      return (a) => isNumeric(a) && check(new Dec(a).cmp(bound));
    }
  }
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
function isNumeric(text: string): boolean {
  return NUMERIC.test(text);
}
