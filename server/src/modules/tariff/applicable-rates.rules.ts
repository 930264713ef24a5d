import type { RateKind, TariffRate } from './tariff-rate.rules.ts';

/** Every rate in force for one commodity, origin and day — what the duty calculation starts from. */
export interface ApplicableRates {
  hsCode: string;
  originCountry: string | null;
  onDate: string;
  mfn: TariffRate | null;
  general: TariffRate | null;
  provisional: TariffRate | null;
  /** One per trade agreement covering the origin country. */
  conventional: TariffRate[];
  vat: TariffRate | null;
  consumption: TariffRate | null;
  /** True when any rate comes from the shipped illustrative schedule, not an official one. */
  sample: boolean;
}

const inForce = (rate: TariffRate, onDate: string) =>
  rate.effectiveFrom <= onDate && (rate.effectiveTo === null || onDate <= rate.effectiveTo);

/** A 10-digit rate beats its 8-digit line; then the rate that started latest supersedes older ones. */
const better = (a: TariffRate, b: TariffRate) =>
  a.hsCode.length !== b.hsCode.length ? a.hsCode.length > b.hsCode.length : a.effectiveFrom > b.effectiveFrom;

function pick(rates: readonly TariffRate[]): TariffRate | null {
  let best: TariffRate | null = null;
  for (const rate of rates) if (!best || better(rate, best)) best = rate;
  return best;
}

/**
 * Picks, from the rates stored for a code's 8- and 10-digit keys, the one of each kind in force on
 * `onDate`; conventional rates only for the origin country, one per agreement. Choosing between
 * MFN, provisional and conventional is the duty calculation's rule (关税条例), not made here.
 */
export function selectApplicableRates(
  rates: readonly TariffRate[],
  hsCode: string,
  originCountry: string | null,
  onDate: string,
): ApplicableRates {
  const line = hsCode.slice(0, 8);
  const current = rates.filter((r) => (r.hsCode === hsCode || r.hsCode === line) && inForce(r, onDate));
  const ofKind = (kind: RateKind) => current.filter((r) => r.kind === kind);
  const agreements = new Map<string, TariffRate[]>();
  for (const rate of ofKind('conventional')) {
    if (originCountry === null || rate.originCountry !== originCountry) continue;
    const key = rate.agreement ?? '';
    agreements.set(key, [...(agreements.get(key) ?? []), rate]);
  }
  const result: ApplicableRates = {
    hsCode,
    originCountry,
    onDate,
    mfn: pick(ofKind('mfn')),
    general: pick(ofKind('general')),
    provisional: pick(ofKind('provisional')),
    conventional: [...agreements.values()]
      .map((list) => pick(list)!)
      .sort((a, b) => ((a.agreement ?? '') < (b.agreement ?? '') ? -1 : 1)),
    vat: pick(ofKind('vat')),
    consumption: pick(ofKind('consumption')),
    sample: false,
  };
  const chosen = [
    result.mfn,
    result.general,
    result.provisional,
    result.vat,
    result.consumption,
    ...result.conventional,
  ];
  result.sample = chosen.some((r) => r?.source === SAMPLE_SOURCE);
  return result;
}

/** The `source` of every rate of the shipped illustrative schedule. */
export const SAMPLE_SOURCE = 'SAMPLE';
