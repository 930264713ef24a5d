import type { Catalogue } from '../../platform/i18n/index.ts';

export const clearanceCatalogue: Catalogue = {
  'CLEARANCE.INVALID': { 'zh-CN': '报关单有 {count} 处错误', en: 'The declaration has {count} problem(s)' },
  'CLEARANCE.NOT_FOUND': { 'zh-CN': '报关单不存在', en: 'Declaration not found' },
  'CLEARANCE.ILLEGAL_STEP': {
    'zh-CN': '报关单当前状态为“{status}”，不能执行“{action}”（{reason}）',
    en: 'The declaration is {status}; {action} is not allowed ({reason})',
  },
  'CLEARANCE.CONFLICT': {
    'zh-CN': '报关单已被他人修改，请刷新后重试',
    en: 'The declaration was changed by someone else; reload and retry',
  },
  'CLEARANCE.NOT_OWN_ENTERPRISE': {
    'zh-CN': '申报单位 {agentCode} 不是当前企业 {enterpriseCode}',
    en: 'The declaring enterprise {agentCode} is not your enterprise {enterpriseCode}',
  },
  'CLEARANCE.NO_EXCHANGE_RATE': {
    'zh-CN': '没有 {currency} 在 {month} 的海关汇率，无法估价',
    en: 'No customs exchange rate for {currency} in {month}; the goods cannot be valued',
  },
  'CLEARANCE.REQUEST_NOT_FOUND': {
    'zh-CN': '修撤申请不存在',
    en: 'Amendment or withdrawal request not found',
  },
  'CLEARANCE.REQUEST_DECIDED': { 'zh-CN': '该申请已处理', en: 'The request was already decided' },
  'CLEARANCE.REQUEST_PENDING': {
    'zh-CN': '已有待处理的修撤申请',
    en: 'An amendment or withdrawal request is already pending',
  },
  'CLEARANCE.ATTACHMENT_NOT_FOUND': { 'zh-CN': '随附单据不存在', en: 'Attachment not found' },
  'CLEARANCE.ATTACHMENT_TYPE': {
    'zh-CN': '随附单据只接受 PDF、JPEG、PNG，收到的是 {mediaType}',
    en: 'Attachments must be PDF, JPEG or PNG; got {mediaType}',
  },
  'CLEARANCE.ATTACHMENT_SIZE': {
    'zh-CN': '随附单据不能超过 {maximum} 字节',
    en: 'Attachments may be at most {maximum} bytes',
  },
  'RULE.not_own_enterprise': {
    'zh-CN': '申报单位应为本企业 {enterpriseCode}',
    en: 'the declaring unit must be your enterprise {enterpriseCode}',
  },
  'RULE.decimal': {
    'zh-CN': '应为数字，整数最多 {whole} 位、小数最多 {scale} 位',
    en: 'must be a number with at most {whole} digits and {scale} decimals',
  },
  'RULE.integer': {
    'zh-CN': '应为不超过 {digits} 位的整数',
    en: 'must be a whole number of at most {digits} digits',
  },
  'RULE.date_yyyymmdd': { 'zh-CN': '应为有效日期 YYYYMMDD', en: 'must be a real date written YYYYMMDD' },
  'RULE.too_many_items': { 'zh-CN': '商品项不能超过 {maximum} 项', en: 'at most {maximum} items' },
  'RULE.no_items': { 'zh-CN': '申报时至少要有一项商品', en: 'a declaration needs at least one item' },
  'RULE.net_over_gross': { 'zh-CN': '净重不能大于毛重', en: 'net weight cannot exceed gross weight' },
  'RULE.freight_required_for_fob': {
    'zh-CN': 'FOB 成交的进口须申报运费',
    en: 'an import valued FOB must declare its freight',
  },
  'RULE.required_with': { 'zh-CN': '填写了 {field} 时必填', en: 'is required when {field} is given' },
  'RULE.item_sequence': { 'zh-CN': '商品序号应为 {expected}', en: 'item number should be {expected}' },
  'RULE.total_mismatch': {
    'zh-CN': '总价应等于单价 × 数量（{expected}）',
    en: 'total must equal unit price × quantity ({expected})',
  },
  'RULE.duty_mode_not_for_levy_nature': {
    'zh-CN': '征免方式与征免性质 {levyNature} 不符',
    en: 'duty mode does not fit levy nature {levyNature}',
  },
  'RULE.levy_nature_not_for_trade_mode': {
    'zh-CN': '征免性质与监管方式 {tradeMode} 不符',
    en: 'levy nature does not fit trade mode {tradeMode}',
  },
  'RULE.import_destination_china': {
    'zh-CN': '进口货物的最终目的国应为中国',
    en: 'imported goods must be destined for China',
  },
  'RULE.export_destination_abroad': {
    'zh-CN': '出口货物的最终目的国不能是中国',
    en: 'exported goods cannot be destined for China',
  },
  'RULE.hs_code_format': { 'zh-CN': '商品编号应为 10 位数字', en: 'commodity code must be 10 digits' },
  'RULE.unknown_tariff_line': {
    'zh-CN': '税则号列 {code} 在 {onDate} 不存在',
    en: 'tariff line {code} does not exist on {onDate}',
  },
  'RULE.legal_unit': { 'zh-CN': '法定第一计量单位应为 {unit}', en: 'legal unit must be {unit}' },
  'RULE.second_unit': {
    'zh-CN': '该商品须申报第二法定数量（单位 {unit}）',
    en: 'this commodity needs a second legal quantity (unit {unit})',
  },
  'RULE.licence_required': {
    'zh-CN': '第 {item} 项商品须提交监管证件 {code}',
    en: 'item {item} needs licence or certificate {code}',
  },
  'RULE.unknown_item': { 'zh-CN': '商品项号 {item} 不存在', en: 'item {item} does not exist' },
};
