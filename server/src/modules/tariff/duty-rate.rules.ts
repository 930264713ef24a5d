import { Dec } from '../../platform/db/index.ts';
import type { ApplicableRates } from './applicable-rates.rules.ts';
import { type Explanation, explain } from './duty-explanation.rules.ts';
import type { DutyItem } from './duty-value.rules.ts';
import type { TariffRate } from './tariff-rate.rules.ts';

/** Why a rate applies: a code for programs, the coded sentence (`rate.<reason>`) for people. */
export interface RateChoice {
  rate: TariffRate;
  /** Unrounded CNY amount under this rate. */
  amount: Dec;
  reason: 'general_no_mfn' | 'general_unknown_origin' | 'mfn' | 'provisional' | 'conventional_lower';
  explanation: Explanation;
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
export function quantityIn(unit: string, item: DutyItem): { quantity: Dec; how: Explanation } | undefined {
  const pairs = [
    [item.legalUnit, item.legalQuantity, 'quantity.legal'],
    [item.secondUnit, item.secondQuantity, 'quantity.second'],
    [item.unit, item.quantity, 'quantity.declared'],
  ] as const;
  for (const [u, q, code] of pairs)
    if (u === unit && q) return { quantity: new Dec(q), how: explain(code, { quantity: q, unit }) };
  const divisor = item.legalUnit && PER[unit]?.[item.legalUnit]?.(item.hsCode ?? '');
  if (!divisor || !item.legalQuantity) return undefined;
  const quantity = new Dec(item.legalQuantity).div(divisor);
  return {
    quantity,
    how: explain('quantity.converted', {
      legalQuantity: item.legalQuantity,
      legalUnit: item.legalUnit ?? '',
      divisor,
      quantity: quantity.toDecimalPlaces(6).toFixed(),
      unit,
    }),
  };
}

/**
 * The amount a rate levies on a base: ad valorem base × %, specific qty × amount, compound both; the
 * formula is numbers only, and `quantity` says where a specific rate's quantity came from.
 */
export function levy(
  rate: TariffRate,
  base: Dec,
  item: DutyItem,
): { amount: Dec; formula: string; quantity: Explanation | null } | Missing {
  let quantity: Explanation | null = null;
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
    parts.push(`${q.quantity.toDecimalPlaces(6).toFixed()} × ${rate.specificAmount} CNY/${unit}`);
    quantity = q.how;
  }
  return { amount, formula: parts.join(' + '), quantity };
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
      explanation: unknown
        ? explain('rate.general_unknown_origin')
        : explain('rate.general_no_mfn', { origin: rates.originCountry ?? '' }),
      candidates,
    };
  }
  if (!rates.mfn) return { kind: 'mfn' };
  const mfn = weigh(rates.mfn);
  if (isMissing(mfn)) return mfn;
  let best: RateChoice = {
    rate: rates.mfn,
    amount: mfn.amount,
    reason: 'mfn',
    explanation: explain('rate.mfn'),
    candidates,
  };
  if (rates.provisional) {
    const p = weigh(rates.provisional);
    if (isMissing(p)) return p;
    best = {
      ...best,
      rate: rates.provisional,
      amount: p.amount,
      reason: 'provisional',
      explanation: explain('rate.provisional'),
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
        explanation: explain('rate.conventional_lower', {
          agreement: rate.agreement ?? '',
          origin: rate.originCountry ?? rates.originCountry ?? '',
        }),
      };
    }
  }
  return best;
}
