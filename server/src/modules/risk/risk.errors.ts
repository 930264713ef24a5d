import type { Catalogue } from '../../platform/i18n/index.ts';

/** Messages of the risk module (RISK.*) and the issue rules of rule-pack validation. */
export const riskCatalogue: Catalogue = {
  'RISK.INVALID_SUBJECT': {
    'zh-CN': '风险判别对象有 {count} 处错误',
    en: 'The subject to assess has {count} problem(s)',
  },
  'RISK.INVALID_PACK': {
    'zh-CN': '规则包有 {count} 处错误，未保存任何内容',
    en: 'The rule pack has {count} problem(s); nothing was stored',
  },
  'RISK.PACK_NOT_FOUND': { 'zh-CN': '规则包 {code} 不存在', en: 'Rule pack {code} not found' },
  'RISK.PACK_EXISTS': { 'zh-CN': '规则包 {code} 已存在', en: 'Rule pack {code} already exists' },
  'RISK.VERSION_NOT_FOUND': {
    'zh-CN': '规则包 {code} 没有版本 {version}',
    en: 'Rule pack {code} has no version {version}',
  },
  'RISK.NOT_DRAFT': {
    'zh-CN': '规则包 {code} 版本 {version} 已启用，不能再次启用',
    en: 'Rule pack {code} version {version} is already active',
  },
  'RISK.EFFECTIVE_IN_PAST': {
    'zh-CN': '生效时间 {effectiveFrom} 早于当前时间，不能改写已生效的历史',
    en: 'The effective time {effectiveFrom} is in the past; history in force cannot be rewritten',
  },
  'RISK.NONE_IN_FORCE': {
    'zh-CN': '{at} 时规则包 {code} 没有生效版本',
    en: 'No version of rule pack {code} was in force at {at}',
  },
  'RISK.INVALID_WINDOW': {
    'zh-CN': '起始时间 {from} 必须早于截止时间 {to}',
    en: 'The start {from} must be before the end {to}',
  },
  'RISK.DECISION_NOT_FOUND': { 'zh-CN': '风险判别结果不存在', en: 'Risk decision not found' },
  'RULE.risk_duplicate_id': { 'zh-CN': '规则编号 {id} 重复', en: 'rule id {id} is used twice' },
  'RULE.risk_condition_shape': {
    'zh-CN': '条件须且只能包含 all、any、not、field、items 之一',
    en: 'a condition must have exactly one of all, any, not, field, items',
  },
  'RULE.risk_empty_group': { 'zh-CN': '条件组不能为空', en: 'a condition group must not be empty' },
  'RULE.risk_too_deep': {
    'zh-CN': '条件嵌套不能超过 {maximum} 层',
    en: 'conditions must not nest deeper than {maximum}',
  },
  'RULE.risk_nested_items': {
    'zh-CN': '商品条件内不能再嵌套商品条件',
    en: 'an items condition cannot contain another items condition',
  },
  'RULE.risk_unknown_subject_field': {
    'zh-CN': '未知字段 {field}，可用字段：{allowed}',
    en: 'unknown field {field}; fields: {allowed}',
  },
  'RULE.risk_operator': {
    'zh-CN': '字段 {field} 不支持运算符 {op}，可用：{allowed}',
    en: 'operator {op} does not apply to {field}; operators: {allowed}',
  },
  'RULE.risk_value': { 'zh-CN': '取值应为 {expected}', en: 'must be a {expected}' },
};
