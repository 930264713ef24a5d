import { Dec, toMoney } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import { type Explanation, explain } from './duty-explanation.rules.ts';

// The declaration content the duty calculation reads. Structurally the clearance module's
// DeclarationContent (every value a string as declared), so clearance passes its own content.
export interface DutyHead {
  /** I import, E export. */
  ieFlag?: string;
  /** 成交方式: 1 CIF, 2 C&F (CFR), 3 FOB, 4 C&I. */
  transactionTerms?: string;
  /** 运费/保费/杂费标记: 1 rate (percent), 2 per tonne of gross weight (freight only), 3 total amount. */
  freightMark?: string;
  freightRate?: string;
  freightCurrency?: string;
  insuranceMark?: string;
  insuranceRate?: string;
  insuranceCurrency?: string;
  otherMark?: string;
  otherRate?: string;
  otherCurrency?: string;
  /** Kilograms; the base of a per-tonne freight. */
  grossWeight?: string;
  /** 征免性质 levy nature. */
  levyNature?: string;
}

export interface DutyItem {
  hsCode?: string;
  quantity?: string;
  unit?: string;
  legalQuantity?: string;
  legalUnit?: string;
  secondQuantity?: string;
  secondUnit?: string;
  total?: string;
  /** ISO 4217 alpha. */
  currency?: string;
  /** ISO 3166 alpha-3. */
  originCountry?: string;
  /** 征免方式 duty mode. */
  dutyMode?: string;
}

export interface DutyContent {
  head: DutyHead;
  items: DutyItem[];
}

/** A conversion used: amount in its currency × the month's customs rate = CNY (unrounded). */
export interface Conversion {
  amount: string;
  currency: string;
  exchangeRate: string;
  cny: string;
}

/** How one item's dutiable value (完税价格) was reached. */
export interface ItemValuation {
  goods: Conversion;
  /** CNY shares of the declaration's charges that the terms add (null when not added). */
  freight: string | null;
  insurance: string | null;
  other: string | null;
  /** CNY, rounded to the fen. */
  dutiableValue: string;
  /** How, step by step: coded sentences with their numbers. */
  explanation: Explanation[];
  /** The same steps as English sentences (`explanation[i].text`), kept for existing consumers. */
  steps: string[];
}

export interface DeclarationCharges {
  terms: string;
  freight: { how: string; cny: string } | null;
  insurance: { how: string; cny: string | null } | null;
  other: { how: string; cny: string } | null;
}

/** Customs exchange rates by ISO currency: CNY per one unit. */
export type RatesByCurrency = Readonly<Record<string, string>>;

const TERMS: Record<string, string> = { '1': 'CIF', '2': 'CFR', '3': 'FOB', '4': 'C&I' };
const DECIMAL = /^-?\d{1,15}(\.\d{1,8})?$/;
const pct = (percent: string) => new Dec(percent).div(100);
const show = (v: Dec) => v.toDecimalPlaces(6).toFixed();
// 《海关审定进出口货物完税价格办法》(海关总署令第213号) 第三十五条 (import goods): when the
// insurance cannot be established, it is 3‰ of the goods price plus freight.
export const STATUTORY_INSURANCE_PERCENT = '0.3';

type Charge = 'freight' | 'insurance' | 'other';
const chargeFields = (head: DutyHead, charge: Charge) => ({
  mark: head[`${charge}Mark`],
  rate: head[`${charge}Rate`],
  currency: head[`${charge}Currency`],
});

/** The currencies the valuation needs an exchange rate for, each with the field that names it. */
export function currenciesNeeded(content: DutyContent): { path: string; currency: string }[] {
  const needed = content.items.map((item, i) => ({
    path: `items[${i}].currency`,
    currency: item.currency ?? '',
  }));
  const terms = content.head.transactionTerms ?? '';
  for (const charge of chargesAdded(terms)) {
    const { mark, currency } = chargeFields(content.head, charge);
    if (mark === '2' || mark === '3')
      needed.push({ path: `head.${charge}Currency`, currency: currency ?? '' });
  }
  return needed.filter((n) => n.currency !== '' && n.currency.toUpperCase() !== 'CNY');
}

/** The charges a transaction term leaves out of the price, so valuation adds them; other charges always count. */
function chargesAdded(terms: string): Charge[] {
  const byTerms: Record<string, Charge[]> = {
    '1': [],
    '2': ['insurance'],
    '3': ['freight', 'insurance'],
    '4': ['freight'],
  };
  return [...(byTerms[terms] ?? []), 'other'];
}

/** Every problem of the valuation inputs at once (import, terms 1–4, charges with their marks). */
export function checkValuationInput(content: DutyContent): Issue[] {
  const issues: Issue[] = [];
  const head = content.head;
  const terms = head.transactionTerms ?? '';
  if (!TERMS[terms])
    issues.push({ path: 'head.transactionTerms', rule: 'enum', params: { values: Object.keys(TERMS) } });
  for (const charge of ['freight', 'insurance', 'other'] as const) {
    const { mark, rate, currency } = chargeFields(head, charge);
    const needed = charge === 'freight' && (terms === '3' || terms === '4');
    if (!mark) {
      if (needed)
        issues.push({ path: 'head.freightMark', rule: 'freight_required', params: { terms: TERMS[terms] } });
      continue;
    }
    const marks = charge === 'freight' ? ['1', '2', '3'] : ['1', '3'];
    if (!marks.includes(mark))
      issues.push({ path: `head.${charge}Mark`, rule: 'enum', params: { values: marks } });
    // 杂费 may be negative (a deduction from the price); freight and insurance may not.
    if (!rate || !DECIMAL.test(rate) || (charge !== 'other' && rate.startsWith('-')))
      issues.push({ path: `head.${charge}Rate`, rule: 'format', params: { format: 'decimal' } });
    if (mark !== '1' && !currency) issues.push({ path: `head.${charge}Currency`, rule: 'required' });
  }
  if (head.freightMark === '2' && !(head.grossWeight && DECIMAL.test(head.grossWeight)))
    issues.push({ path: 'head.grossWeight', rule: 'required' });
  content.items.forEach((item, i) => {
    if (!item.total || !DECIMAL.test(item.total) || new Dec(item.total).lte(0))
      issues.push({ path: `items[${i}].total`, rule: 'positive_amount' });
    if (!item.currency) issues.push({ path: `items[${i}].currency`, rule: 'required' });
  });
  return issues;
}

const convert = (amount: string, currency: string, rates: RatesByCurrency): Conversion => {
  const code = currency.toUpperCase();
  const exchangeRate = code === 'CNY' ? '1' : rates[code];
  if (!exchangeRate)
    throw new Error(`no exchange rate for ${code}: the caller checks currenciesNeeded first`);
  return { amount, currency: code, exchangeRate, cny: new Dec(amount).times(exchangeRate).toFixed() };
};

/**
 * Dutiable values (完税价格) of every item in CNY: the goods at the month's customs rate, plus the
 * freight, insurance and other charges the terms leave out, apportioned over items by CNY value.
 * Shares stay unrounded; each item's dutiable value is then rounded half-up to the fen, the unit
 * customs assesses in (《海关进出口货物征税管理办法》: amounts in CNY, rounded to the fen), so the
 * items' values may differ from the declaration's total by a fen. Inputs pass checkValuationInput.
 */
export function valueItems(
  content: DutyContent,
  rates: RatesByCurrency,
): { charges: DeclarationCharges; items: ItemValuation[] } {
  const head = content.head;
  const terms = head.transactionTerms ?? '';
  const goods = content.items.map((item) => convert(item.total ?? '0', item.currency ?? 'CNY', rates));
  const goodsTotal = goods.reduce((sum, g) => sum.plus(g.cny), new Dec(0));
  const added = chargesAdded(terms);
  const charges: DeclarationCharges = {
    terms: TERMS[terms] ?? terms,
    freight: null,
    insurance: null,
    other: null,
  };

  // A declaration-level amount in CNY, or null for a rate (applied per item below).
  const amountOf = (charge: Charge): { how: string; cny: Dec | null } | null => {
    const { mark, rate, currency } = chargeFields(head, charge);
    if (!added.includes(charge) || !mark || !rate) return null;
    if (mark === '1')
      return { how: `${rate}% of the ${charge === 'insurance' ? 'goods plus freight' : 'goods'}`, cny: null };
    const perTonne = mark === '2';
    const amount = perTonne ? new Dec(rate).times(head.grossWeight ?? '0').div(1000) : new Dec(rate);
    const c = convert(amount.toFixed(), currency ?? 'CNY', rates);
    const how = perTonne
      ? `${rate} ${c.currency}/t × ${head.grossWeight} kg / 1000 = ${show(amount)} ${c.currency} × ${c.exchangeRate} = ${show(new Dec(c.cny))} CNY`
      : `${rate} ${c.currency} × ${c.exchangeRate} = ${show(new Dec(c.cny))} CNY`;
    return { how, cny: new Dec(c.cny) };
  };
  const freight = amountOf('freight');
  const insurance = amountOf('insurance');
  const other = amountOf('other');
  const statutory = added.includes('insurance') && !insurance;
  if (freight)
    charges.freight = {
      how: freight.how,
      cny: show(freight.cny ?? goodsTotal.times(pct(head.freightRate ?? '0'))),
    };
  if (other)
    charges.other = { how: other.how, cny: show(other.cny ?? goodsTotal.times(pct(head.otherRate ?? '0'))) };
  if (insurance) charges.insurance = { how: insurance.how, cny: insurance.cny ? show(insurance.cny) : null };
  if (statutory)
    charges.insurance = {
      how: `unknown: statutory ${STATUTORY_INSURANCE_PERCENT}% of goods plus freight`,
      cny: null,
    };

  const items = goods.map((g): ItemValuation => {
    const share = goodsTotal.isZero() ? new Dec(0) : new Dec(g.cny).div(goodsTotal);
    const explanation = [
      explain('valuation.goods', {
        amount: g.amount,
        currency: g.currency,
        exchangeRate: g.exchangeRate,
        cny: show(new Dec(g.cny)),
        terms: TERMS[terms] ?? terms,
      }),
    ];
    const part = (charge: Charge, c: { cny: Dec | null } | null, base: Dec): Dec | null => {
      if (!c) return null;
      const percent = head[`${charge}Rate`] ?? '0';
      const value = c.cny ? c.cny.times(share) : base.times(pct(percent));
      explanation.push(
        c.cny
          ? explain(`valuation.${charge}_share`, {
              total: show(c.cny),
              share: show(share),
              amount: show(value),
            })
          : explain(`valuation.${charge}_rate`, { base: show(base), percent, amount: show(value) }),
      );
      return value;
    };
    const f = part('freight', freight, new Dec(g.cny));
    const withFreight = new Dec(g.cny).plus(f ?? 0);
    let ins = part('insurance', insurance, withFreight);
    if (statutory) {
      ins = withFreight.times(pct(STATUTORY_INSURANCE_PERCENT));
      explanation.push(
        explain('valuation.insurance_statutory', {
          base: show(withFreight),
          percent: STATUTORY_INSURANCE_PERCENT,
          amount: show(ins),
        }),
      );
    }
    const o = part('other', other, new Dec(g.cny));
    const raw = withFreight.plus(ins ?? 0).plus(o ?? 0);
    const dutiableValue = toMoney(raw);
    explanation.push(explain('valuation.dutiable_value', { raw: show(raw), value: dutiableValue }));
    return {
      goods: g,
      freight: f && show(f),
      insurance: ins && show(ins),
      other: o && show(o),
      dutiableValue,
      explanation,
      steps: explanation.map((e) => e.text),
    };
  });
  return { charges, items };
}
