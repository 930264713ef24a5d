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
  'RULE.not_allowed': { 'zh-CN': '对 {for} 不应填写', en: 'must be empty for {for}' },
  'RULE.before_start': {
    'zh-CN': '不能早于生效日期 {effectiveFrom}',
    en: 'must not be before effective_from {effectiveFrom}',
  },
};
