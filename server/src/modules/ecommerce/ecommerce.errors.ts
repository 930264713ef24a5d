import type { Catalogue } from '../../platform/i18n/index.ts';

export const ecommerceCatalogue: Catalogue = {
  'ECOMMERCE.INVALID': {
    'zh-CN': '跨境电商报文有 {count} 处错误',
    en: 'The CEB message has {count} problem(s)',
  },
  'ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED': {
    'zh-CN': '不支持的报文类型 {messageType}',
    en: 'Unsupported message type {messageType}',
  },
  'ECOMMERCE.LIST_NOT_FOUND': {
    'zh-CN': '清单 {number} 不存在',
    en: 'Inventory list {number} not found',
  },
  'ECOMMERCE.TAX_SUMMARY_NOT_FOUND': {
    'zh-CN': '担保企业 {assureCode} 在关区 {customsCode} 没有 {period} 的汇总征税记录',
    en: 'No tax summary of guarantor {assureCode} at customs {customsCode} for {period}',
  },
  'ECOMMERCE.LIST_NOT_HELD': {
    'zh-CN': '清单 {number} 不在待审核或待查验状态（当前 {status}）',
    en: 'Inventory list {number} is not held for review or inspection (it is {status})',
  },
  'ECOMMERCE.NOT_OWN_ENTERPRISE': {
    'zh-CN': '传输企业 {copCode} 不是当前企业 {enterpriseCode}',
    en: 'The transmitting enterprise {copCode} is not your enterprise {enterpriseCode}',
  },
};
