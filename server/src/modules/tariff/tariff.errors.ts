import type { Catalogue } from '../../platform/i18n/index.ts';

/** Messages of the tariff module (TARIFF.*) and the issue rules only its imports use. */
export const tariffCatalogue: Catalogue = {
  'TARIFF.INVALID_FILE': {
    'zh-CN': '文件 {file} 有 {count} 处错误，未导入任何数据',
    en: 'The file {file} has {count} problem(s); nothing was imported',
  },
  'TARIFF.INVALID_REQUEST': { 'zh-CN': '请求有 {count} 处错误', en: 'The request has {count} problem(s)' },
  'TARIFF.UNKNOWN_LINE': {
    'zh-CN': '{onDate} 没有有效的税则号列 {hsCode}',
    en: 'No tariff line {hsCode} is in force on {onDate}',
  },
  'TARIFF.NO_EXCHANGE_RATE': {
    'zh-CN': '未载入 {currency} 在 {month} 的海关计征汇率',
    en: 'No customs exchange rate for {currency} in {month} has been loaded',
  },
  'TARIFF.DUTY_RATE_MISSING': {
    'zh-CN': '第 {item} 项商品 {hsCode} 在 {onDate} 没有有效的{kindZh}税率，无法计税（共 {count} 处缺失）',
    en: 'Item {item} ({hsCode}) has no {kind} rate in force on {onDate}; duty cannot be assessed ({count} missing)',
  },
  'TARIFF.DUTY_QUANTITY_MISSING': {
    'zh-CN': '第 {item} 项商品 {hsCode} 按计量单位 {unit} 从量计征，但未申报该单位的数量（共 {count} 处）',
    en: 'Item {item} ({hsCode}) is taxed per unit {unit}, but no quantity in that unit is declared ({count} problem(s))',
  },
  'TARIFF.DUTY_EXCHANGE_RATE_MISSING': {
    'zh-CN': '{field} 的币制 {currency} 没有 {month} 的海关计征汇率，无法计税（共 {count} 处缺失）',
    en: 'No customs exchange rate for {currency} in {month}, the currency of {field}; duty cannot be assessed ({count} missing)',
  },
  'RULE.positive_amount': { 'zh-CN': '应为大于零的金额', en: 'must be an amount above zero' },
  'RULE.freight_required': {
    'zh-CN': '成交方式 {terms} 须申报运费',
    en: 'freight is required for {terms} terms',
  },
  'RULE.rate_missing': {
    'zh-CN': '{onDate} 没有有效的 {kind} 税率',
    en: 'no {kind} rate in force on {onDate}',
  },
  'RULE.quantity_missing': {
    'zh-CN': '缺少计量单位 {unit} 的数量',
    en: 'no quantity in unit {unit}',
  },
  'RULE.exchange_rate_missing': {
    'zh-CN': '没有 {currency} 在 {month} 的海关计征汇率',
    en: 'no customs exchange rate for {currency} in {month}',
  },
  'RULE.not_allowed': { 'zh-CN': '对 {for} 不应填写', en: 'must be empty for {for}' },
  'RULE.before_start': {
    'zh-CN': '不能早于生效日期 {effectiveFrom}',
    en: 'must not be before effective_from {effectiveFrom}',
  },
};
