import type { Issue } from '../../platform/errors/index.ts';

// What each refusal rule means, in the Chinese that platforms read in a CEB receipt's returnInfo.
// A placeholder whose parameter is absent drops out with the text around it in brackets.
const REASON_TEXT: Record<string, string> = {
  // Field specs and XML shape (platform/exchange).
  required: '必填',
  unknown_field: '不允许的字段',
  repeated: '不允许重复出现',
  order: '顺序错误[，应在 {after} 之前]',
  type: '应为文本，不应含子元素',
  length: '长度应为 {length}',
  too_long: '长度不能超过 {maximum}',
  format: '格式不符',
  decimal: '应为数字（最多 5 位小数）',
  one_of: '取值应为 {allowed} 之一',
  // The gateway's business rules.
  signature_required: '未加签[（appStatus 为 {appStatus} 的单证须加签）]',
  signature_invalid: '签名无效[：{reason}]',
  app_type_unsupported: '报送类型[ {appType} ]不支持[，应为 {allowed}]',
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
};

const PARTY_TYPE: Record<string, string> = {
  ecommerce_platform: '电商平台',
  ecommerce_merchant: '电商企业',
  payment_company: '支付企业',
  logistics_company: '物流企业',
  customs_broker: '报关企业',
};

function paramText(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (name === 'type' && typeof value === 'string') return PARTY_TYPE[value] ?? value;
  return Array.isArray(value) ? value.join('、') : String(value);
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
    return { filled, complete };
  };
  // Optional parts first ([...]), each kept only when all its parameters are there.
  const text = template
    .replace(/\[([^\]]*)\]/g, (_, part: string) => {
      const { filled, complete } = fill(part);
      return complete ? filled : '';
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => paramText(name, params[name]) ?? whole);
  return `${issue.path} ${text}（${issue.rule}）`;
}
