import type { Issue } from '../../platform/errors/index.ts';
import { CHANNELS, type RiskRule } from './risk.types.ts';
import {
  DECIMAL_TEXT,
  type FieldKind,
  ITEM_FIELDS,
  LIST_OPERATORS,
  OPERATORS,
  STRING_OR_LIST_OPERATORS,
  SUBJECT_FIELDS,
} from './rule-fields.rules.ts';

export const MAX_RULES = 500;
export const MAX_DEPTH = 8;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RULE_KEYS = new Set(['id', 'description', 'when', 'channel', 'reason', 'enabled']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a pack's rules and returns every issue at once, each with its path (`rules[2].when.any[0].op`)
 * and rule code, so an analyst fixes a whole draft in one pass. An empty list means the rules are sound.
 */
export function validateRules(rules: unknown, root = 'rules'): Issue[] {
  if (!Array.isArray(rules)) return [{ path: root, rule: 'type', params: { expected: 'array' } }];
  if (rules.length > MAX_RULES) return [{ path: root, rule: 'too_long', params: { maximum: MAX_RULES } }];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const path = `${root}[${index}]`;
    issues.push(...checkRule(rule, path));
    if (isObject(rule) && typeof rule.id === 'string') {
      if (seen.has(rule.id))
        issues.push({ path: `${path}.id`, rule: 'risk_duplicate_id', params: { id: rule.id } });
      seen.add(rule.id);
    }
  });
  return issues;
}

/** Narrows rules already checked by `validateRules`. */
export function asRules(rules: unknown): RiskRule[] {
  return rules as RiskRule[];
}

function checkRule(rule: unknown, path: string): Issue[] {
  if (!isObject(rule)) return [{ path, rule: 'type', params: { expected: 'object' } }];
  const issues: Issue[] = Object.keys(rule)
    .filter((key) => !RULE_KEYS.has(key))
    .map((key) => ({ path: `${path}.${key}`, rule: 'unknown_field' }));
  if (rule.id === undefined) issues.push({ path: `${path}.id`, rule: 'required' });
  else if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id))
    issues.push({ path: `${path}.id`, rule: 'format', params: { format: RULE_ID.source } });
  if (
    rule.description !== undefined &&
    (typeof rule.description !== 'string' || rule.description.length > 500)
  )
    issues.push({ path: `${path}.description`, rule: 'too_long', params: { maximum: 500 } });
  if (rule.enabled !== undefined && typeof rule.enabled !== 'boolean')
    issues.push({ path: `${path}.enabled`, rule: 'type', params: { expected: 'boolean' } });
  if (rule.channel === undefined) issues.push({ path: `${path}.channel`, rule: 'required' });
  else if (!CHANNELS.includes(rule.channel as never))
    issues.push({ path: `${path}.channel`, rule: 'enum', params: { values: CHANNELS.join(', ') } });
  issues.push(...checkReason(rule.reason, `${path}.reason`));
  if (rule.when === undefined) issues.push({ path: `${path}.when`, rule: 'required' });
  else issues.push(...checkCondition(rule.when, `${path}.when`, false, 1));
  return issues;
}

function checkReason(reason: unknown, path: string): Issue[] {
  if (reason === undefined) return [{ path, rule: 'required' }];
  if (!isObject(reason)) return [{ path, rule: 'type', params: { expected: 'object' } }];
  const issues: Issue[] = [];
  for (const locale of ['zh-CN', 'en']) {
    const value = reason[locale];
    if (typeof value !== 'string' || value.trim() === '')
      issues.push({ path: `${path}.${locale}`, rule: 'required' });
    else if (value.length > 200)
      issues.push({ path: `${path}.${locale}`, rule: 'too_long', params: { maximum: 200 } });
  }
  for (const key of Object.keys(reason))
    if (key !== 'zh-CN' && key !== 'en') issues.push({ path: `${path}.${key}`, rule: 'unknown_field' });
  return issues;
}

const SHAPES = ['all', 'any', 'not', 'field', 'items'] as const;

function checkCondition(node: unknown, path: string, inItems: boolean, depth: number): Issue[] {
  if (depth > MAX_DEPTH) return [{ path, rule: 'risk_too_deep', params: { maximum: MAX_DEPTH } }];
  if (!isObject(node)) return [{ path, rule: 'type', params: { expected: 'object' } }];
  const shapes = SHAPES.filter((key) => key in node);
  if (shapes.length !== 1) return [{ path, rule: 'risk_condition_shape' }];
  const shape = shapes[0]!;
  const allowed: Record<(typeof SHAPES)[number], string[]> = {
    all: ['all'],
    any: ['any'],
    not: ['not'],
    field: ['field', 'op', 'value'],
    items: ['items', 'where'],
  };
  const issues: Issue[] = Object.keys(node)
    .filter((key) => !allowed[shape].includes(key))
    .map((key) => ({ path: `${path}.${key}`, rule: 'unknown_field' }));
  if (shape === 'all' || shape === 'any') {
    const list = node[shape];
    if (!Array.isArray(list))
      return [...issues, { path: `${path}.${shape}`, rule: 'type', params: { expected: 'array' } }];
    if (list.length === 0) issues.push({ path: `${path}.${shape}`, rule: 'risk_empty_group' });
    for (const [i, child] of list.entries())
      issues.push(...checkCondition(child, `${path}.${shape}[${i}]`, inItems, depth + 1));
  } else if (shape === 'not') {
    issues.push(...checkCondition(node.not, `${path}.not`, inItems, depth + 1));
  } else if (shape === 'items') {
    if (inItems) issues.push({ path: `${path}.items`, rule: 'risk_nested_items' });
    else if (node.items !== 'any' && node.items !== 'all')
      issues.push({ path: `${path}.items`, rule: 'enum', params: { values: 'any, all' } });
    if (node.where === undefined) issues.push({ path: `${path}.where`, rule: 'required' });
    else issues.push(...checkCondition(node.where, `${path}.where`, true, depth + 1));
  } else {
    issues.push(...checkFieldTest(node, path, inItems));
  }
  return issues;
}

function checkFieldTest(node: Json, path: string, inItems: boolean): Issue[] {
  const fields = inItems ? ITEM_FIELDS : SUBJECT_FIELDS;
  const definition = typeof node.field === 'string' ? fields[node.field] : undefined;
  if (!definition) {
    return [
      {
        path: `${path}.field`,
        rule: 'risk_unknown_subject_field',
        params: { field: String(node.field), allowed: Object.keys(fields).join(', ') },
      },
    ];
  }
  const operators = OPERATORS[definition.kind.type];
  const op = node.op;
  if (typeof op !== 'string' || !operators.includes(op)) {
    return [
      {
        path: `${path}.op`,
        rule: 'risk_operator',
        params: { op: String(op), field: node.field, allowed: operators.join(', ') },
      },
    ];
  }
  return checkValue(node.value, `${path}.value`, op, definition.kind);
}

function checkValue(value: unknown, path: string, op: string, kind: FieldKind): Issue[] {
  const list = LIST_OPERATORS.has(op) || (STRING_OR_LIST_OPERATORS.has(op) && Array.isArray(value));
  const values: unknown[] = list ? (Array.isArray(value) ? value : [null]) : [value];
  if (value === undefined) return [{ path, rule: 'required' }];
  if (list && (!Array.isArray(value) || value.length === 0))
    return [{ path, rule: 'risk_value', params: { expected: 'non-empty list of strings' } }];
  const issues: Issue[] = [];
  values.forEach((item, i) => {
    const at = list ? `${path}[${i}]` : path;
    if (typeof item !== 'string' || item === '') {
      issues.push({
        path: at,
        rule: 'risk_value',
        params: { expected: kind.type === 'decimal' ? 'decimal string' : 'string' },
      });
    } else if (kind.type === 'decimal' && !DECIMAL_TEXT.test(item)) {
      issues.push({ path: at, rule: 'risk_value', params: { expected: 'decimal string' } });
    } else if (kind.type === 'enum' && !kind.values.includes(item)) {
      issues.push({ path: at, rule: 'enum', params: { values: kind.values.join(', ') } });
    }
  });
  return issues;
}
