import type { ApplicableRates } from './applicable-rates.rules.ts';
import { assessDuty, type DutyOptions, type DutyResult } from './duty.rules.ts';
import type { DutyItem } from './duty-value.rules.ts';
import type { TariffRate } from './tariff-rate.rules.ts';

// Rates and a one-item assessment for the duty tests (duty.rules.test.ts, duty-explanation.rules.test.ts).

export const ON = '2026-05-01';
export const FX = { USD: '7.1', JPY: '0.047943' };
// A rate: '10' is 10 % ad valorem; '3/095' is 3 CNY per litre; '5+2/035' is 5 % plus 2 CNY per kg.
export function rate(kind: TariffRate['kind'], text: string, agreement: string | null = null): TariffRate {
  const [percent, specific] = text.includes('/')
    ? text.includes('+')
      ? text.split('+')
      : [null, text]
    : [text, null];
  const [amount, unit] = specific ? specific.split('/') : [null, null];
  const form = percent !== null && specific ? 'compound' : specific ? 'specific' : 'ad_valorem';
  return {
    hsCode: '22042100',
    kind,
    agreement,
    originCountry: agreement ? 'AUS' : null,
    form,
    adValoremPercent: percent ?? null,
    specificAmount: amount ?? null,
    specificUnit: unit ?? null,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    source: 'test',
  };
}
export type RateTexts = Partial<Record<'mfn' | 'general' | 'provisional' | 'vat' | 'consumption', string>> & {
  conventional?: string[];
};
export const rates = (r: RateTexts, origin: string | null = 'AUS'): ApplicableRates => ({
  hsCode: '2204210000',
  originCountry: origin,
  onDate: ON,
  mfn: r.mfn ? rate('mfn', r.mfn) : null,
  general: rate('general', r.general ?? '90'),
  provisional: r.provisional ? rate('provisional', r.provisional) : null,
  conventional: (r.conventional ?? []).map((c, i) => rate('conventional', c, `FTA${i + 1}`)),
  vat: r.vat === '' ? null : rate('vat', r.vat ?? '13'),
  consumption: r.consumption ? rate('consumption', r.consumption) : null,
  sample: false,
});
// One CIF item of `total` in `currency`; `item` adds quantities, origin and duty mode.
export function assess(
  total: string,
  r: RateTexts,
  item: DutyItem = {},
  options: DutyOptions = { waiverBelow: '0' },
  origin: string | null = 'AUS',
): DutyResult {
  const content = {
    head: { ieFlag: 'I', transactionTerms: '1', levyNature: '101' },
    items: [{ hsCode: '2204210000', total, currency: 'CNY', ...item }],
  };
  const out = assessDuty(content, [rates(r, origin)], FX, ON, options);
  if (!out.result) throw new Error(JSON.stringify(out.issues));
  return out.result;
}
export const amounts = (d: DutyResult) => [d.customsDuty, d.consumptionTax, d.vat, d.total];
