import type { Issue } from '../../platform/errors/index.ts';

// What each refusal rule means, in the Chinese of a CEB receipt's returnInfo. This is part of the
// CEB format, like the status texts beside it, not a message in the caller's language (those are
// the RULE.* catalogue entries, and the console names the e-commerce rules itself).
// `{name}` is a parameter; a part in [brackets] is left out when any parameter in it is absent.
const REASON_TEXT: Record<string, string> = {
  // Field specs and XML shape (platform/exchange).
  required: '必填',
  unknown_field: '不允许的字段',
  repeated: '不允许重复出现[（{logisticsNo}）]',
  order: '顺序错误[，应在 {after} 之前]',
  type: '应为文本，不应含子元素',
  length: '长度不符[，应为 {length}]',
  too_long: '过长[，不能超过 {maximum}]',
  format: '格式不符',
  decimal: '应为数字（最多 5 位小数）',
  money: '应为金额（最多 2 位小数）',
  one_of: '取值不在允许范围内[，应为 {allowed} 之一]',
  exclusive: '[{fields} ]只能提供其中之一',
  // The gateway's business rules.
  signature_required: '未加签[（appStatus 为 {appStatus} 的单证须加签）]',
  signature_invalid: '签名无效[：{reason}]',
  app_type_unsupported: '报送类型[ {appType} ]不支持[，应为 {allowed}]',
  unknown_code: '代码[ {code} ]不在代码表[ {codeSet} ]中',
  not_in_force: '代码[ {code} ]在[ {onDate} ]不在有效期内',
  draft_not_declared: '暂存（appStatus 1）不作申报处理，请以 appStatus 2 申报',
  not_party: '传输企业不是单证当事方[（应为 {fields} 之一）]',
  party_unregistered: '企业[ {code} ]未在海关登记[为{type}]',
  not_on_positive_list: '商品编码[ {gcode} ]不在跨境电子商务零售进口商品清单内',
  transaction_limit: '单次交易[完税价格 {taxPrice} 元]超出限值[ {limit} 元]',
  annual_limit: '订购人超出个人年度交易限值[ {limit} 元]',
  mismatch: '三单信息不符[：与 {document} 的 {field} 不一致]',
  documents_missing: '单证未在规定时间内到齐[，缺少 {missing}]',
  number_reused: '编号已被使用',
  waybill_not_found: '运单[ {logisticsNo} ]不存在',
  parcel_already_entered: '运单[ {logisticsNo} ]已入库',
  min: '不能为负数',
  sequence: '序号应从 1 连续[，此处应为 {expected}]',
  total: '金额不符[，应为 {of} 之和或之积 {expected}]',
  // Cancellations (CEB623) and returns (CEB625).
  list_not_found: '清单不存在或与所填订单不符',
  not_cancellable: '清单当前状态[ {status} ]不能撤销',
  under_inspection: '海关已决定查验，查验办结前不能撤销',
  not_returnable: '清单当前状态[ {status} ]不能退货',
  return_window_passed: '已超过放行后[ {days} 天的]退货期限',
  changed_concurrently: '清单正被同时处理，请查询后重新申报',
  over_return: '退货数量超出清单剩余数量[（序号 {gnum}：申报 {listed}，已退 {returned}，可退 {left}）]',
  not_on_list: '退货商品不在清单内[（序号 {gnum}）][，清单该项商品编码为 {gcode}]',
  line_repeated: '同一商品序号重复退货[（序号 {gnum}）]',
  nothing_returned: '退货数量应大于 0[（序号 {gnum}）]',
  // Changes (appType 2) and waybill statuses (CEB513).
  document_not_found: '要变更的单证不存在',
  already_decided: '单证已被审结的清单使用，不能变更',
  status_already_reported: '运单已报送过[ {logisticsStatus} ]状态',
  refused_on_review: '人工审核不通过[：{note}]',
  refused_on_inspection: '查验不通过[：{note}]',
};

// Why a signature failed (ceb-signature.ts), by name; the code stays in the text after it.
const SIGNATURE_FAILURE: Record<string, string> = {
  malformed: '签名结构不符',
  unsupported_algorithm: '签名算法不支持',
  digest_mismatch: '报文摘要不符（报文被改动）',
  certificate_missing: '缺少签名证书',
  certificate_invalid: '签名证书无法解析',
  certificate_expired: '签名证书不在有效期内',
  certificate_untrusted: '签名证书非受信任机构签发',
  certificate_revoked: '签名证书已吊销',
  signature_mismatch: '签名值与证书不符',
};

// Party types by name; any other is left unsaid.
const PARTY_TYPE: Record<string, string> = {
  ecommerce_platform: '电商平台',
  ecommerce_merchant: '电商企业',
  payment_company: '支付企业',
  logistics_company: '物流企业',
  supervised_site_operator: '监管场所经营人',
  customs_broker: '报关企业',
};

function paramText(name: string, value: unknown): string | undefined {
  if (name === 'type') return PARTY_TYPE[String(value)];
  if (name === 'reason' && SIGNATURE_FAILURE[String(value)])
    return `${SIGNATURE_FAILURE[String(value)]} ${value}`;
  if (Array.isArray(value)) return value.length > 0 ? value.join('、') : undefined;
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** One reason in Chinese: the field, what is wrong, then the rule's code in brackets. */
export function reasonText(issue: Issue): string {
  const template = REASON_TEXT[issue.rule];
  if (!template) return `${issue.path} ${issue.rule}`;
  const params = issue.params ?? {};
  const fill = (text: string) => {
    let complete = true;
    const filled = text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = paramText(name, params[name]);
      if (value === undefined) complete = false;
      return value ?? '';
    });
    return complete ? filled : '';
  };
  // One pass over the template: a value put in is never read again as a placeholder.
  const text = template.replace(/\[([^\]]*)\]|\{\w+\}/g, (whole, part: string | undefined) =>
    fill(part ?? whole),
  );
  return `${issue.path} ${text}（${issue.rule}）`;
}

/** Every refusal rule a CEB receipt names (the console names each too: console-i18n.test.ts). */
export const CEB_REASON_RULES: readonly string[] = Object.keys(REASON_TEXT);
