import type { Issue } from '../../platform/errors/index.ts';
import { parseCsv, type ReferenceSnapshot } from '../../reference/index.ts';

// 税率种类: 最惠国, 普通, 暂定, 协定, 增值税, 消费税
export const RATE_KINDS = ['mfn', 'general', 'provisional', 'conventional', 'vat', 'consumption'] as const;
export type RateKind = (typeof RATE_KINDS)[number];
// 从价 (percent of the value), 从量 (amount per unit), 复合 (both added)
export const RATE_FORMS = ['ad_valorem', 'specific', 'compound'] as const;
export type RateForm = (typeof RATE_FORMS)[number];

/** One rate of one tariff line, in force from `effectiveFrom` to `effectiveTo` (inclusive; null = open). */
export interface TariffRate {
  /** 8-digit tariff line or 10-digit commodity code (a 10-digit rate overrides its 8-digit line). */
  hsCode: string;
  kind: RateKind;
  /** Trade agreement of a conventional rate (RCEP, ChAFTA …); null otherwise. */
  agreement: string | null;
  /** ISO alpha-3 origin country of a conventional rate; null otherwise. */
  originCountry: string | null;
  form: RateForm;
  /** Decimal string, percent: '13' is 13 %. */
  adValoremPercent: string | null;
  /** Decimal string, CNY per `specificUnit`. */
  specificAmount: string | null;
  /** Unit of measure code (reference code set `unit`, e.g. 035 kg, 095 litre). */
  specificUnit: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Where the rate came from: `SAMPLE` for the shipped illustrative schedule, else the imported file. */
  source: string;
}

export const TARIFF_COLUMNS = [
  'hs_code',
  'kind',
  'agreement',
  'origin',
  'form',
  'ad_valorem_percent',
  'specific_amount',
  'specific_unit',
  'effective_from',
  'effective_to',
] as const;
const REQUIRED_COLUMNS = ['hs_code', 'kind', 'form', 'effective_from'];

const HS_CODE = /^\d{8}(\d{2})?$/;
const PERCENT = /^\d{1,4}(\.\d{1,6})?$/;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;
const AGREEMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** Same key, same rate: a later import of the same key replaces it. */
export const rateKey = (
  r: Pick<TariffRate, 'hsCode' | 'kind' | 'agreement' | 'originCountry' | 'effectiveFrom'>,
) => [r.hsCode, r.kind, r.agreement ?? '', r.originCountry ?? '', r.effectiveFrom].join('|');

export function isDate(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value)
  );
}

/**
 * Parses and checks a tariff schedule CSV (columns TARIFF_COLUMNS), every problem at once, each
 * naming its file line and column. Codes are checked against the reference data in force on the
 * rate's start date. Pure: the caller stores the rates only when there is no issue.
 */
export function parseTariffFile(
  content: string,
  reference: ReferenceSnapshot,
  source: string,
): { rates: TariffRate[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const table = parseCsv(content);
  if (table.unterminatedQuoteLine !== undefined) {
    return {
      rates: [],
      issues: [{ path: `row ${table.unterminatedQuoteLine}`, rule: 'unterminated_quote' }],
    };
  }
  for (const column of table.header) {
    if (!(TARIFF_COLUMNS as readonly string[]).includes(column))
      issues.push({ path: `header.${column}`, rule: 'unknown_field' });
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!table.header.includes(column)) issues.push({ path: `header.${column}`, rule: 'required' });
  }
  if (issues.length > 0) return { rates: [], issues };
  if (table.records.length === 0) return { rates: [], issues: [{ path: 'file', rule: 'empty' }] };

  const rates: TariffRate[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { line, values } of table.records) {
    const get = (column: string) => (values[table.header.indexOf(column)] ?? '').trim();
    const problem = (column: string, rule: string, params?: Record<string, unknown>) =>
      issues.push({ path: `row ${line}.${column}`, rule, ...(params ? { params } : {}) });
    if (values.length !== table.header.length) {
      issues.push({
        path: `row ${line}`,
        rule: 'column_count',
        params: { expected: table.header.length, actual: values.length },
      });
    }
    const from = get('effective_from');
    const to = get('effective_to');
    const dateOk = isDate(from);
    if (from === '') problem('effective_from', 'required');
    else if (!dateOk) problem('effective_from', 'date');
    if (to !== '' && !isDate(to)) problem('effective_to', 'date');
    else if (to !== '' && dateOk && to < from)
      problem('effective_to', 'before_start', { effectiveFrom: from });

    const hsCode = get('hs_code');
    if (hsCode === '') problem('hs_code', 'required');
    else if (!HS_CODE.test(hsCode)) problem('hs_code', 'format', { format: HS_CODE.source });
    else if (dateOk) {
      const reason = reference.check('hs8', hsCode.slice(0, 8), from);
      if (reason) problem('hs_code', reason.rule, reason.params);
    }

    const kindText = get('kind');
    const kind = kindText as RateKind;
    if (!RATE_KINDS.includes(kind))
      problem('kind', kindText === '' ? 'required' : 'enum', { values: RATE_KINDS });
    const agreement = get('agreement');
    const origin = get('origin');
    let originCountry: string | null = null;
    if (kind === 'conventional') {
      if (agreement === '') problem('agreement', 'required');
      else if (!AGREEMENT.test(agreement)) problem('agreement', 'format', { format: AGREEMENT.source });
      if (origin === '') problem('origin', 'required');
      else if (dateOk) {
        // Either generation of country code: ISO alpha-3 (DecMessage) or customs numeric (CEB).
        const iso = /^\d{3}$/.test(origin)
          ? reference.countryToIso(origin, from)
          : reference.countryFromIso(origin, from) && origin.toUpperCase();
        if (!iso) problem('origin', 'unknown_code', { codeSet: 'country', code: origin, onDate: from });
        originCountry = iso || null;
      }
    } else {
      if (agreement !== '') problem('agreement', 'not_allowed', { for: kind });
      if (origin !== '') problem('origin', 'not_allowed', { for: kind });
    }

    const formText = get('form');
    const form = formText as RateForm;
    const percent = get('ad_valorem_percent');
    const amount = get('specific_amount');
    const unit = get('specific_unit');
    if (!RATE_FORMS.includes(form))
      problem('form', formText === '' ? 'required' : 'enum', { values: RATE_FORMS });
    else if (kind === 'vat' && form !== 'ad_valorem') problem('form', 'enum', { values: ['ad_valorem'] });
    const wantsPercent = form === 'ad_valorem' || form === 'compound';
    const wantsAmount = form === 'specific' || form === 'compound';
    // With no valid form there is no telling which of the three parts belong; the form's issue says it.
    if (RATE_FORMS.includes(form)) {
      checkPart(percent, wantsPercent, PERCENT, 'ad_valorem_percent', form, problem);
      checkPart(amount, wantsAmount, AMOUNT, 'specific_amount', form, problem);
      checkPart(unit, wantsAmount, undefined, 'specific_unit', form, problem);
    }
    if (wantsAmount && unit !== '' && dateOk) {
      const reason = reference.check('unit', unit, from);
      if (reason) problem('specific_unit', reason.rule, reason.params);
    }

    const rate: TariffRate = {
      hsCode,
      kind,
      agreement: kind === 'conventional' ? agreement : null,
      originCountry,
      form,
      adValoremPercent: wantsPercent ? percent : null,
      specificAmount: wantsAmount ? amount : null,
      specificUnit: wantsAmount ? unit : null,
      effectiveFrom: from,
      effectiveTo: to === '' ? null : to,
      source,
    };
    const key = rateKey(rate);
    const first = firstRowOf.get(key);
    if (first !== undefined) problem('hs_code', 'duplicate', { firstRow: first });
    else firstRowOf.set(key, line);
    rates.push(rate);
  }
  return { rates, issues };
}

function checkPart(
  value: string,
  wanted: boolean,
  pattern: RegExp | undefined,
  column: string,
  form: string,
  problem: (column: string, rule: string, params?: Record<string, unknown>) => void,
): void {
  if (!wanted) {
    if (value !== '') problem(column, 'not_allowed', { for: form });
    return;
  }
  if (value === '') problem(column, 'required');
  else if (pattern && !pattern.test(value)) problem(column, 'format', { format: pattern.source });
}
