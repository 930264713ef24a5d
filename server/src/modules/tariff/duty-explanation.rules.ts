// A duty explanation is a list of coded sentences: programs and the console read the code and its
// parameters (the console renders them from its zh-CN and English catalogues, `duty.<code>`), and
// API consumers that only want text read `text`, the English sentence these templates fill in.
const TEMPLATES = {
  'valuation.goods': 'goods {amount} {currency} × {exchangeRate} = {cny} CNY ({terms})',
  'valuation.freight_share': 'freight {total} × share {share} = {amount}',
  'valuation.freight_rate': 'freight {base} × {percent}% = {amount}',
  'valuation.insurance_share': 'insurance {total} × share {share} = {amount}',
  'valuation.insurance_rate': 'insurance {base} × {percent}% = {amount}',
  'valuation.insurance_statutory': 'insurance unknown: {base} × {percent}% = {amount}',
  'valuation.other_share': 'other {total} × share {share} = {amount}',
  'valuation.other_rate': 'other {base} × {percent}% = {amount}',
  'valuation.dutiable_value': 'dutiable value {raw} → {value} CNY (to the fen)',
  'rate.general_unknown_origin': 'origin unknown: the general rate applies (关税法第十四条)',
  'rate.general_no_mfn':
    'origin {origin} has no MFN treatment: the general rate applies, no provisional rate',
  'rate.mfn': 'MFN rate',
  'rate.provisional': 'a provisional rate replaces the MFN rate',
  'rate.conventional_lower':
    'conventional rate of {agreement} for origin {origin} levies less: the lower applies',
  'rate.consumption': 'consumption tax on the composed price',
  'rate.vat': 'import VAT on dutiable value + duty + consumption tax',
  'quantity.legal': 'legal quantity {quantity} (unit {unit})',
  'quantity.second': 'second legal quantity {quantity} (unit {unit})',
  'quantity.declared': 'declared quantity {quantity} (unit {unit})',
  'quantity.converted':
    'legal quantity {legalQuantity} (unit {legalUnit}) / {divisor} = {quantity} (unit {unit})',
  'relief.levy': '照章征税: levied per the rules',
  'relief.half': '折半征税: half of each tax is levied',
  'relief.exempt': '全免: exempt',
  'relief.special_case':
    '特案: levied per the rules here; the approved special-case reduction is the officer’s to apply',
  'relief.deposit': '保证金: assessed in full, secured by a deposit',
  'relief.guarantee': '保函: assessed in full, secured by a guarantee',
  'relief.half_supplementary': '折半补税: half of each tax is levied as supplementary tax',
  'relief.refund': '全额退税: refunded in full',
  'relief.levy_nature_exempt': '随征免性质: levy nature {levyNature} {programme} is exempt',
  'relief.levy_nature_levied':
    '随征免性质: levy nature {levyNature} has no known exemption; levied per the rules',
  'relief.unknown_mode': 'duty mode {dutyMode}: levied per the rules',
  'note.export':
    'export: import VAT and consumption tax do not apply; the schedule holds no export duty rates',
  'note.waived': '{kind} {total} CNY is under {floor} CNY for the declaration: not levied',
  'note.sample': 'SAMPLE rates: illustrative, not the official schedule',
} as const;

export type ExplanationCode = keyof typeof TEMPLATES;

/** One sentence of an explanation: a code with its parameters, and the same sentence in English. */
export interface Explanation {
  code: ExplanationCode;
  params: Record<string, string>;
  text: string;
}

/** Every code an explanation may carry. */
export const EXPLANATION_CODES = Object.keys(TEMPLATES) as ExplanationCode[];

/** The parameters a code's sentence is filled with, for checking that renderers know each of them. */
export function explanationParams(code: ExplanationCode): string[] {
  return [...TEMPLATES[code].matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

/** The coded sentence with its English text; every placeholder of the template must be given. */
export function explain(code: ExplanationCode, params: Record<string, string> = {}): Explanation {
  const text = TEMPLATES[code].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`explanation ${code} needs the parameter ${name}`);
    return value;
  });
  return { code, params, text };
}
