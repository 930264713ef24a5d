import { Dec, toMoney } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import type { ApplicableRates } from './applicable-rates.rules.ts';
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
  note: string;
  candidates?: RateChoice['candidates'];
  formula: string;
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
  relief: { factor: string; note: string };
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
  notes: string[];
  lines: DutyLine[];
}

// 征免方式 → share of the assessed taxes that is payable. 5 follows the levy nature's programme;
// only the programmes that exempt in full are known here.
const RELIEF: Record<string, [string, string]> = {
  '1': ['1', '照章征税: levied per the rules'],
  '2': ['0.5', '折半征税: half of each tax is levied'],
  '3': ['0', '全免: exempt'],
  '4': [
    '1',
    '特案: levied per the rules here; the approved special-case reduction is the officer’s to apply',
  ],
  '6': ['1', '保证金: assessed in full, secured by a deposit'],
  '7': ['1', '保函: assessed in full, secured by a guarantee'],
  '8': ['0.5', '折半补税: half of each tax is levied as supplementary tax'],
  '9': ['0', '全额退税: refunded in full'],
};
const EXEMPT_LEVY_NATURES: Record<string, string> = {
  '201': '无偿援助',
  '801': '救灾捐赠',
  '802': '扶贫慈善',
};

export function reliefFor(
  dutyMode: string,
  levyNature: string | undefined,
): { factor: string; note: string } {
  if (dutyMode === '5') {
    const programme = EXEMPT_LEVY_NATURES[levyNature ?? ''];
    return programme
      ? { factor: '0', note: `随征免性质: levy nature ${levyNature} ${programme} is exempt` }
      : {
          factor: '1',
          note: `随征免性质: levy nature ${levyNature ?? '-'} has no known exemption; levied per the rules`,
        };
  }
  const [factor, note] = RELIEF[dutyMode] ?? ['1', `duty mode ${dutyMode}: levied per the rules`];
  return { factor, note };
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
  const notes: string[] = [];
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
    notes.push(
      'export: import VAT and consumption tax do not apply; the schedule holds no export duty rates',
    );
    const zero = '0.00';
    const base = { onDate, total: zero, customsDuty: zero, vat: zero, consumptionTax: zero };
    return { result: { ...base, charges: null, waived: [], sample: false, notes, lines }, issues: [] };
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
    const dutyFormula = levy(choice.rate, value, item) as { formula: string };
    const customsDuty: TaxLine = {
      ...rateFacts(choice.rate),
      reason: choice.reason,
      note: choice.note,
      candidates: choice.candidates,
      formula: `${dutyFormula.formula} = ${choice.amount.toDecimalPlaces(6).toFixed()} → ${duty}`,
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
      consumptionTax = {
        ...rateFacts(ct),
        reason: 'consumption',
        note: 'consumption tax on the composed price',
        formula: `${formula} = ${amount.toDecimalPlaces(6).toFixed()} → ${assessed}`,
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
      vat = {
        ...rateFacts(itemRates.vat),
        reason: 'vat',
        note: 'import VAT on dutiable value + duty + consumption tax',
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
  notes: string[],
): DutyResult {
  const floor = new Dec(options.waiverBelow ?? '50');
  const waived: DutyResult['waived'] = [];
  const sum = (kind: 'customsDuty' | 'consumptionTax' | 'vat') => {
    const total = lines.reduce((s, l) => s.plus(l[kind]?.payable ?? 0), new Dec(0));
    if (total.gt(0) && total.lt(floor)) {
      waived.push(kind);
      notes.push(
        `${kind} ${total.toFixed(2)} CNY is under ${floor.toFixed()} CNY for the declaration: not levied`,
      );
      return '0.00';
    }
    return total.toFixed(2);
  };
  const customsDuty = sum('customsDuty');
  const consumptionTax = sum('consumptionTax');
  const vat = sum('vat');
  const total = new Dec(customsDuty).plus(consumptionTax).plus(vat).toFixed(2);
  const sample = rates.some((r) => r.sample);
  if (sample) notes.push('SAMPLE rates: illustrative, not the official schedule');
  return { onDate, total, customsDuty, vat, consumptionTax, charges, waived, sample, notes, lines };
}
