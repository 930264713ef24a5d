import type { Issue } from '../../platform/errors/index.ts';

/** Enterprise types an enterprise may hold (several at once). */
export const ENTERPRISE_TYPES = [
  'consignee_consignor', // 进出口货物收发货人
  'customs_broker', // 报关企业
  'ecommerce_platform', // 电商平台
  'ecommerce_merchant', // 电商企业
  'payment_company', // 支付企业
  'logistics_company', // 物流企业
  'bonded_zone_operator', // 特殊监管区域/保税场所经营企业
  'processing_trade', // 加工贸易企业
  // Not a bonded operator: runs a 海关监管作业场所 (express, mail or e-commerce site) where 直购进口
  // parcels enter under supervision; sends the CEB711 入库明细单.
  'supervised_site_operator', // 海关监管作业场所经营人
] as const;
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number];

// GB 32100-2015 统一社会信用代码: 31 characters (no I, O, Z, S, V), weights 3^(i) mod 31.
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** 海关注册编码: 4-digit region, 2 characters of zone and enterprise kind, 4-digit serial. */
export const CUSTOMS_CODE = /^\d{4}[0-9A-Z]{2}\d{4}$/;

/** The check character (18th) of a unified social credit code, from its first 17 characters. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** undefined when the code is a well-formed USCC with the right check character, else the issue. */
export function checkUscc(code: string, path = 'uscc'): Issue | undefined {
  if (!USCC_SHAPE.test(code)) return { path, rule: 'format', params: { format: 'GB 32100-2015 (18)' } };
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (expected !== code[17])
    return { path, rule: 'credit_check_digit', params: { expected, actual: code[17] } };
  return undefined;
}

export interface EnterpriseFields {
  code: string;
  uscc: string;
  nameZh: string;
  nameEn: string | null;
  address: string;
  district: string;
  types: EnterpriseType[];
}

/**
 * Every issue of a registration or change at once, except the district (checked against the
 * reference data by the caller, which knows the date).
 */
export function checkEnterprise(input: EnterpriseFields): Issue[] {
  const issues: Issue[] = [];
  if (!CUSTOMS_CODE.test(input.code))
    issues.push({ path: 'code', rule: 'format', params: { format: CUSTOMS_CODE.source } });
  const uscc = checkUscc(input.uscc);
  if (uscc) issues.push(uscc);
  if (input.nameZh.trim() === '') issues.push({ path: 'nameZh', rule: 'required' });
  if (input.address.trim() === '') issues.push({ path: 'address', rule: 'required' });
  if (input.types.length === 0) issues.push({ path: 'types', rule: 'required' });
  if (new Set(input.types).size !== input.types.length)
    issues.push({ path: 'types', rule: 'credit_duplicate_type' });
  return issues;
}

/** The fields that differ between two versions of an enterprise, for the change history. */
export function diffEnterprise(
  before: EnterpriseFields,
  after: EnterpriseFields,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['uscc', 'nameZh', 'nameEn', 'address', 'district', 'types'] as const) {
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
