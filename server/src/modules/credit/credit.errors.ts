import type { Catalogue } from '../../platform/i18n/index.ts';

/** Messages of the credit module (CREDIT.*) and the issue rules its checks use (RULE.credit_*). */
export const creditCatalogue: Catalogue = {
  'CREDIT.INVALID_ENTERPRISE': {
    'zh-CN': '企业登记信息有 {count} 处错误，未作任何更改',
    en: 'The enterprise has {count} problem(s); nothing was changed',
  },
  'CREDIT.DUPLICATE_ENTERPRISE': {
    'zh-CN': '企业已登记（{count} 处重复），未作任何更改',
    en: 'The enterprise is already registered ({count} duplicate field(s)); nothing was changed',
  },
  'CREDIT.UNKNOWN_ENTERPRISE': { 'zh-CN': '企业 {code} 不存在', en: 'No enterprise {code}' },
  'CREDIT.INVALID_FACTS': {
    'zh-CN': '信用信息有 {count} 处错误，未记录任何信息',
    en: 'The credit facts have {count} problem(s); none was recorded',
  },
  'CREDIT.INVALID_ANNUAL_REPORT': {
    'zh-CN': '年报有 {count} 处错误，未作任何更改',
    en: 'The annual report has {count} problem(s); nothing was changed',
  },
  'CREDIT.ANNUAL_REPORT_EXISTS': {
    'zh-CN': '企业 {code} 已提交 {year} 年度报告',
    en: 'Enterprise {code} has already filed its report for {year}',
  },
  'CREDIT.UNKNOWN_ANNUAL_REPORT': { 'zh-CN': '年报 {id} 不存在', en: 'No annual report {id}' },
  'CREDIT.ANNUAL_REPORT_DECIDED': {
    'zh-CN': '年报 {id} 已处理（{status}）',
    en: 'Annual report {id} has already been decided ({status})',
  },
  'CREDIT.INVALID_DATES': {
    'zh-CN': '有效期截止日 {validTo} 早于起始日 {validFrom}',
    en: 'The validity ends ({validTo}) before it starts ({validFrom})',
  },
  'CREDIT.NOT_CERTIFIED': {
    'zh-CN': '企业 {code} 没有有效的认证',
    en: 'Enterprise {code} holds no certification',
  },
  'CREDIT.NOT_DISCREDITED': {
    'zh-CN': '企业 {code} 不是失信企业',
    en: 'Enterprise {code} is not discredited',
  },
  'CREDIT.REPAIR_TOO_EARLY': {
    'zh-CN': '企业 {code} 自 {repairableOn} 起方可申请信用修复',
    en: 'Enterprise {code} may apply for credit repair from {repairableOn}',
  },
  'CREDIT.APPEAL_PENDING': {
    'zh-CN': '企业 {code} 已有待处理的申请 {id}',
    en: 'Enterprise {code} already has a pending application {id}',
  },
  'CREDIT.UNKNOWN_APPEAL': { 'zh-CN': '申请 {id} 不存在', en: 'No application {id}' },
  'CREDIT.APPEAL_DECIDED': {
    'zh-CN': '申请 {id} 已处理（{status}）',
    en: 'Application {id} has already been decided ({status})',
  },
  'CREDIT.UNKNOWN_FOREIGN_AEO': {
    'zh-CN': '{economy} 没有 AEO 编码为 {aeoCode} 的企业',
    en: 'No AEO operator {aeoCode} of {economy}',
  },
  'RULE.credit_check_digit': {
    'zh-CN': '统一社会信用代码校验位错误（GB 32100-2015）：应为 {expected}，实为 {actual}',
    en: 'wrong check character (GB 32100-2015): expected {expected}, got {actual}',
  },
  'RULE.credit_already_registered': { 'zh-CN': '{value} 已登记', en: '{value} is already registered' },
  'RULE.credit_duplicate_type': { 'zh-CN': '企业类型重复', en: 'lists a type twice' },
  'RULE.credit_not_own_enterprise': {
    'zh-CN': '只能为本企业（{own}）提交',
    en: 'must be your own enterprise ({own})',
  },
  'RULE.credit_year_not_closed': {
    'zh-CN': '{year} 年度尚未结束',
    en: 'the year {year} has not ended',
  },
  'RULE.credit_before_registration': {
    'zh-CN': '早于企业登记日期 {registeredOn}',
    en: 'is before the enterprise was registered ({registeredOn})',
  },
  'RULE.credit_not_after': { 'zh-CN': '应为不晚于 {date} 的日期', en: 'must be a date no later than {date}' },
  'RULE.credit_amount_not_allowed': {
    'zh-CN': '{kind} 类信息不应填写金额',
    en: 'must be empty for a {kind} fact',
  },
};
