import { Dec } from '../../platform/db/index.ts';
import type { ApplicableRates } from './applicable-rates.rules.ts';
import type { DutyItem } from './duty-value.rules.ts';
import type { TariffRate } from './tariff-rate.rules.ts';

/** Why a rate applies: a code for programs, a sentence for people. */
export interface RateChoice {
  rate: TariffRate;
  /** Unrounded CNY amount under this rate. */
  amount: Dec;
  reason: 'general_no_mfn' | 'general_unknown_origin' | 'mfn' | 'provisional' | 'conventional_lower';
  note: string;
  /** Every rate that was weighed, with its amount, for the explanation. */
  candidates: { kind: string; agreement: string | null; amount: string }[];
}

export type Missing = { kind: string } | { unit: string; hsCode: string };

// Fixed conversions to a specific rate's unit from the declared legal unit (unit codes: 035 kg,
// 036 g, 070 tonne, 095 litre, 096 ml). Beer: 1 tonne = 988 litres (财税〔2001〕84号), the
// conversion customs uses for the per-tonne consumption tax on beer declared in litres.
const PER: Record<string, Record<string, (hsCode: string) => string | undefined>> = {
  '070': {
    '035': () => '1000',
    '036': () => '1000000',
    '095': (hs) => (hs.startsWith('2203') ? '988' : undefined),
  },
  '035': { '036': () => '1000', '070': () => '0.001' },
  '095': { '096': () => '1000' },
};

/**
 * The quantity in a specific rate's unit: the legal quantity (法定数量) when the units agree, else
 * the second legal or declared quantity in that unit, else a fixed conversion; undefined when
 * none applies (the caller reports the unit as missing).
 */
export function quantityIn(unit: string, item: DutyItem): { quantity: Dec; how: string } | undefined {
  const pairs: [string | undefined, string | undefined, string][] = [
    [item.legalUnit, item.legalQuantity, 'legal quantity'],
    [item.secondUnit, item.secondQuantity, 'second legal quantity'],
    [item.unit, item.quantity, 'declared quantity'],
  ];
  for (const [u, q, what] of pairs)
    if (u === unit && q) return { quantity: new Dec(q), how: `${what} ${q} (unit ${unit})` };
  const divisor = item.legalUnit && PER[unit]?.[item.legalUnit]?.(item.hsCode ?? '');
  if (!divisor || !item.legalQuantity) return undefined;
  const quantity = new Dec(item.legalQuantity).div(divisor);
  return {
    quantity,
    how: `legal quantity ${item.legalQuantity} (unit ${item.legalUnit}) / ${divisor} = ${quantity.toDecimalPlaces(6).toFixed()} (unit ${unit})`,
  };
}

/** The amount a rate levies on a base: ad valorem base × %, specific qty × amount, compound both. */
export function levy(
  rate: TariffRate,
  base: Dec,
  item: DutyItem,
): { amount: Dec; formula: string } | Missing {
  let amount = new Dec(0);
  const parts: string[] = [];
  if (rate.form !== 'specific') {
    amount = amount.plus(base.times(rate.adValoremPercent ?? '0').div(100));
    parts.push(`${base.toDecimalPlaces(6).toFixed()} × ${rate.adValoremPercent}%`);
  }
  if (rate.form !== 'ad_valorem') {
    const unit = rate.specificUnit ?? '';
    const q = quantityIn(unit, item);
    if (!q) return { unit, hsCode: rate.hsCode };
    amount = amount.plus(q.quantity.times(rate.specificAmount ?? '0'));
    parts.push(`${q.quantity.toDecimalPlaces(6).toFixed()} × ${rate.specificAmount} CNY/${unit} [${q.how}]`);
  }
  return { amount, formula: parts.join(' + ') };
}

const isMissing = (r: { amount: Dec } | Missing): r is Missing => !('amount' in r);

/**
 * The customs duty rate that applies (关税法 2024, 第十二至十四条, and the annual 关税调整方案):
 * - an origin without MFN treatment, or an unknown origin, takes the general rate (普通税率), never
 *   a provisional one;
 * - otherwise a provisional rate (暂定税率) replaces the MFN rate; a conventional rate (协定税率) of
 *   an agreement covering the origin applies when it levies less, "从低适用" (rates are compared by
 *   the amount they levy, so ad valorem, specific and compound forms compare fairly);
 * - a tie keeps the MFN or provisional rate. The declaration carries no claimed agreement, so every
 *   agreement covering the origin is weighed (the certificate of origin is the officer's check).
 */
export function chooseDutyRate(
  rates: ApplicableRates,
  value: Dec,
  item: DutyItem,
  mfnTreatment: boolean,
): RateChoice | Missing {
  const candidates: RateChoice['candidates'] = [];
  const weigh = (rate: TariffRate) => {
    const result = levy(rate, value, item);
    if (!isMissing(result))
      candidates.push({
        kind: rate.kind,
        agreement: rate.agreement,
        amount: result.amount.toDecimalPlaces(6).toFixed(),
      });
    return result;
  };
  if (!mfnTreatment || !rates.originCountry) {
    if (!rates.general) return { kind: 'general' };
    const r = weigh(rates.general);
    if (isMissing(r)) return r;
    const unknown = !rates.originCountry;
    return {
      rate: rates.general,
      amount: r.amount,
      reason: unknown ? 'general_unknown_origin' : 'general_no_mfn',
      note: unknown
        ? 'origin unknown: the general rate applies (关税法第十四条)'
        : `origin ${rates.originCountry} has no MFN treatment: the general rate applies, no provisional rate`,
      candidates,
    };
  }
  if (!rates.mfn) return { kind: 'mfn' };
  const mfn = weigh(rates.mfn);
  if (isMissing(mfn)) return mfn;
  let best: RateChoice = { rate: rates.mfn, amount: mfn.amount, reason: 'mfn', note: 'MFN rate', candidates };
  if (rates.provisional) {
    const p = weigh(rates.provisional);
    if (isMissing(p)) return p;
    best = {
      ...best,
      rate: rates.provisional,
      amount: p.amount,
      reason: 'provisional',
      note: 'a provisional rate replaces the MFN rate',
    };
  }
  for (const rate of rates.conventional) {
    const c = weigh(rate);
    if (isMissing(c)) return c;
    if (c.amount.lt(best.amount)) {
      best = {
        ...best,
        rate,
        amount: c.amount,
        reason: 'conventional_lower',
        note: `conventional rate of ${rate.agreement} for origin ${rate.originCountry} levies less: the lower applies`,
      };
    }
  }
  return best;
}
