import { Dec, toMoney } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { ApplicableRates } from './applicable-rates.rules.ts';
import { type Explanation, type ExplanationCode, explain } from './duty-explanation.rules.ts';
import { chooseDutyRate, levy, type Missing, type RateChoice } from './duty-rate.rules.ts';
import {
  type DeclarationCharges,
  type DutyContent,
  type ItemValuation,
  type RatesByCurrency,
  valueItems,
} from './duty-value.rules.ts';
import type { TariffRate } from './tariff-rate.rules.ts';

// Rounding (《海关进出口货物征税管理办法》: duties and import-stage taxes are assessed in CNY and
// rounded half-up to the fen): every tax kind of every item is rounded to the fen, the rounded duty
// enters the consumption-tax base and the rounded duty and consumption tax the VAT base, as the
// tax payment notice (税款缴款书) shows them item by item; the declaration's totals are sums of
// the rounded items, never re-rounded.

export interface DutyOptions {
  /** ISO alpha-3 origins without MFN treatment: their goods take the general rate. */
  originsWithoutMfn?: readonly string[];
  /**
   * A declaration's (一票货物) total of one tax kind under this many CNY is not levied
   * (《进出口关税条例》第四十五条: 关税税额在人民币50元以下的一票货物免征; import VAT and
   * consumption tax likewise). '0' turns the waiver off. Default '50'.
   */
  waiverBelow?: string;
}

/** One tax of one item: the rate used, why, the formula with its numbers, and the amounts. */
export interface TaxLine {
  rateKind: string;
  agreement: string | null;
  form: string;
  adValoremPercent: string | null;
  specificAmount: string | null;
  specificUnit: string | null;
  reason: string;
  /** Why this rate, coded (`rate.<reason>`). */
  explanation: Explanation;
  /** The same in English (`explanation.text`), kept for existing consumers. */
  note: string;
  candidates?: RateChoice['candidates'];
  /** The computation with its numbers (units by their codes). */
  formula: string;
  /** Where a specific rate's quantity came from; null for ad valorem. */
  quantity: Explanation | null;
  /** CNY to the fen before relief by duty mode. */
  assessed: string;
  /** CNY to the fen after relief. */
  payable: string;
}

export interface DutyLine {
  itemNo: number;
  hsCode: string;
  originCountry: string | null;
  dutyMode: string;
  relief: Relief;
  valuation: ItemValuation | null;
  customsDuty: TaxLine | null;
  consumptionTax: TaxLine | null;
  vat: TaxLine | null;
}

export interface DutyResult {
  onDate: string;
  /** CNY decimal strings to the fen. */
  total: string;
  customsDuty: string;
  vat: string;
  consumptionTax: string;
  charges: DeclarationCharges | null;
  /** Tax kinds whose declaration total fell under the waiver and is not levied. */
  waived: ('customsDuty' | 'consumptionTax' | 'vat')[];
  /** True when any rate comes from the illustrative SAMPLE schedule. */
  sample: boolean;
  /** Declaration-wide remarks, coded: export, a tax kind waived, SAMPLE rates. */
  noteExplanations: Explanation[];
  /** The same in English, kept for existing consumers. */
  notes: string[];
  lines: DutyLine[];
}

/** Which share of the assessed taxes is payable under the item's duty mode, and why. */
export interface Relief {
  factor: string;
  explanation: Explanation;
  /** `explanation.text`, kept for existing consumers. */
  note: string;
}

// 征免方式 → share of the assessed taxes that is payable. 5 follows the levy nature's programme;
// only the programmes that exempt in full are known here.
const RELIEF: Record<string, [string, ExplanationCode]> = {
  '1': ['1', 'relief.levy'],
  '2': ['0.5', 'relief.half'],
  '3': ['0', 'relief.exempt'],
  '4': ['1', 'relief.special_case'],
  '6': ['1', 'relief.deposit'],
  '7': ['1', 'relief.guarantee'],
  '8': ['0.5', 'relief.half_supplementary'],
  '9': ['0', 'relief.refund'],
};
const EXEMPT_LEVY_NATURES: Record<string, string> = {
  '201': '无偿援助',
  '801': '救灾捐赠',
  '802': '扶贫慈善',
};

export function reliefFor(dutyMode: string, levyNature: string | undefined): Relief {
  const relief = (factor: string, explanation: Explanation): Relief => ({
    factor,
    explanation,
    note: explanation.text,
  });
  if (dutyMode === '5') {
    const programme = EXEMPT_LEVY_NATURES[levyNature ?? ''];
    return programme
      ? relief('0', explain('relief.levy_nature_exempt', { levyNature: levyNature ?? '', programme }))
      : relief('1', explain('relief.levy_nature_levied', { levyNature: levyNature ?? '-' }));
  }
  const known = RELIEF[dutyMode];
  return known
    ? relief(known[0], explain(known[1]))
    : relief('1', explain('relief.unknown_mode', { dutyMode }));
}

const rateFacts = (rate: TariffRate) => ({
  rateKind: rate.kind,
  agreement: rate.agreement,
  form: rate.form,
  adValoremPercent: rate.adValoremPercent,
  specificAmount: rate.specificAmount,
  specificUnit: rate.specificUnit,
});
const isMissing = (r: object): r is Missing => 'kind' in r || 'unit' in r;

/**
 * Assesses customs duty, consumption tax and import VAT of an import declaration, item by item,
 * explaining each. `rates[i]` are the rates in force for item i on `onDate`; `exchangeRates` hold
 * every currency of currenciesNeeded(). Returns the issues instead when a rate or a quantity in a
 * specific rate's unit is missing. Pure: the service fetches rates and turns issues into errors.
 */
export function assessDuty(
  content: DutyContent,
  rates: readonly ApplicableRates[],
  exchangeRates: RatesByCurrency,
  onDate: string,
  options: DutyOptions = {},
): { result: DutyResult; issues: [] } | { result?: undefined; issues: Issue[] } {
  const head = content.head;
  const notes: Explanation[] = [];
  if (head.ieFlag === 'E') {
    const lines = content.items.map((item, i) => ({
      itemNo: i + 1,
      hsCode: item.hsCode ?? '',
      originCountry: item.originCountry ?? null,
      dutyMode: item.dutyMode ?? '1',
      relief: reliefFor(item.dutyMode ?? '1', head.levyNature),
      valuation: null,
      customsDuty: null,
      consumptionTax: null,
      vat: null,
    }));
    notes.push(explain('note.export'));
    const zero = '0.00';
    const base = { onDate, total: zero, customsDuty: zero, vat: zero, consumptionTax: zero };
    const remarks = { noteExplanations: notes, notes: notes.map((n) => n.text) };
    return { result: { ...base, charges: null, waived: [], sample: false, ...remarks, lines }, issues: [] };
  }
  const { charges, items: valuations } = valueItems(content, exchangeRates);
  const withoutMfn = new Set(options.originsWithoutMfn ?? []);
  const issues: Issue[] = [];
  const lines: DutyLine[] = [];
  for (const [i, item] of content.items.entries()) {
    const valuation = valuations[i]!;
    const itemRates = rates[i]!;
    const missing = (m: Missing) =>
      issues.push({
        path: `items[${i}].${'unit' in m ? 'legalQuantity' : 'hsCode'}`,
        rule: 'unit' in m ? 'quantity_missing' : 'rate_missing',
        params: { item: i + 1, hsCode: item.hsCode, onDate, ...m },
      });
    const value = new Dec(valuation.dutiableValue);
    const choice = chooseDutyRate(itemRates, value, item, !withoutMfn.has(itemRates.originCountry ?? ''));
    if (!itemRates.vat) missing({ kind: 'vat' });
    if (isMissing(choice)) {
      missing(choice);
      continue;
    }
    const relief = reliefFor(item.dutyMode || '1', head.levyNature);
    const payable = (assessed: string) => toMoney(new Dec(assessed).times(relief.factor));
    const duty = toMoney(choice.amount);
    const dutyFormula = levy(choice.rate, value, item) as { formula: string; quantity: Explanation | null };
    const customsDuty: TaxLine = {
      ...rateFacts(choice.rate),
      reason: choice.reason,
      explanation: choice.explanation,
      note: choice.explanation.text,
      candidates: choice.candidates,
      formula: `${dutyFormula.formula} = ${choice.amount.toDecimalPlaces(6).toFixed()} → ${duty}`,
      quantity: dutyFormula.quantity,
      assessed: duty,
      payable: payable(duty),
    };

    // Consumption tax on the composed price (组成计税价格, 《消费税暂行条例》第九条):
    // ad valorem (value + duty) / (1 − r) × r; specific qty × amount;
    // compound (value + duty + qty × amount) / (1 − r) × r + qty × amount.
    let consumptionTax: TaxLine | null = null;
    const ct = itemRates.consumption;
    if (ct) {
      const specific = ct.form === 'ad_valorem' ? null : levy({ ...ct, form: 'specific' }, value, item);
      if (specific && isMissing(specific)) {
        missing(specific);
        continue;
      }
      const specificAmount = specific ? specific.amount : new Dec(0);
      let amount = specificAmount;
      let formula = specific ? specific.formula : '';
      if (ct.form !== 'specific') {
        const r = new Dec(ct.adValoremPercent ?? '0').div(100);
        const composed = value.plus(duty).plus(specificAmount).div(new Dec(1).minus(r));
        const shown = composed.toDecimalPlaces(6).toFixed();
        const sum = `${valuation.dutiableValue} + ${duty}${specific ? ` + ${specificAmount.toFixed()}` : ''}`;
        amount = composed.times(r).plus(specificAmount);
        formula = `(${sum}) / (1 − ${ct.adValoremPercent}%) = ${shown}; ${shown} × ${ct.adValoremPercent}%${specific ? ` + ${formula}` : ''}`;
      }
      const assessed = toMoney(amount);
      const explanation = explain('rate.consumption');
      consumptionTax = {
        ...rateFacts(ct),
        reason: 'consumption',
        explanation,
        note: explanation.text,
        formula: `${formula} = ${amount.toDecimalPlaces(6).toFixed()} → ${assessed}`,
        quantity: specific ? specific.quantity : null,
        assessed,
        payable: payable(assessed),
      };
    }
    let vat: TaxLine | null = null;
    if (itemRates.vat) {
      // 增值税 on value + duty + consumption tax (《增值税暂行条例》第十四条).
      const base = value.plus(duty).plus(consumptionTax?.assessed ?? 0);
      const amount = base.times(itemRates.vat.adValoremPercent ?? '0').div(100);
      const assessed = toMoney(amount);
      const explanation = explain('rate.vat');
      vat = {
        ...rateFacts(itemRates.vat),
        reason: 'vat',
        explanation,
        note: explanation.text,
        quantity: null,
        formula: `(${valuation.dutiableValue} + ${duty}${consumptionTax ? ` + ${consumptionTax.assessed}` : ''}) × ${itemRates.vat.adValoremPercent}% = ${amount.toDecimalPlaces(6).toFixed()} → ${assessed}`,
        assessed,
        payable: payable(assessed),
      };
    }
    lines.push({
      itemNo: i + 1,
      hsCode: item.hsCode ?? '',
      originCountry: itemRates.originCountry,
      dutyMode: item.dutyMode || '1',
      relief,
      valuation,
      customsDuty,
      consumptionTax,
      vat,
    });
  }
  if (issues.length > 0) return { issues };
  return { result: totals(lines, onDate, charges, rates, options, notes), issues: [] };
}

function totals(
  lines: DutyLine[],
  onDate: string,
  charges: DeclarationCharges,
  rates: readonly ApplicableRates[],
  options: DutyOptions,
  notes: Explanation[],
): DutyResult {
  const floor = new Dec(options.waiverBelow ?? '50');
  const waived: DutyResult['waived'] = [];
  const sum = (kind: 'customsDuty' | 'consumptionTax' | 'vat') => {
    const total = lines.reduce((s, l) => s.plus(l[kind]?.payable ?? 0), new Dec(0));
    if (total.gt(0) && total.lt(floor)) {
      waived.push(kind);
      notes.push(explain('note.waived', { kind, total: total.toFixed(2), floor: floor.toFixed() }));
      return '0.00';
    }
    return total.toFixed(2);
  };
  const customsDuty = sum('customsDuty');
  const consumptionTax = sum('consumptionTax');
  const vat = sum('vat');
  const total = new Dec(customsDuty).plus(consumptionTax).plus(vat).toFixed(2);
  const sample = rates.some((r) => r.sample);
  if (sample) notes.push(explain('note.sample'));
  const remarks = { noteExplanations: notes, notes: notes.map((n) => n.text) };
  return { onDate, total, customsDuty, vat, consumptionTax, charges, waived, sample, ...remarks, lines };
}
