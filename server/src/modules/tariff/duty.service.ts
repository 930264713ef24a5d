import { AppError, type Issue, invalid, isAppError } from '../../platform/errors/index.ts';
import { assertDate } from '../../reference/index.ts';
import type { ApplicableRates } from './applicable-rates.rules.ts';
import { assessDuty, type DutyOptions, type DutyResult } from './duty.rules.ts';
import { checkValuationInput, currenciesNeeded, type DutyContent } from './duty-value.rules.ts';
import type { TariffService } from './tariff.service.ts';

/** What clearance's DutyPort receives: total, customsDuty, vat, consumptionTax (CNY to the fen) and explained lines. */
export type DutyAssessment = DutyResult;

const HS_CODE = /^\d{8}(\d{2})?$/;
const KIND_ZH: Record<string, string> = {
  mfn: '最惠国',
  general: '普通',
  provisional: '暂定',
  conventional: '协定',
  vat: '增值税',
  consumption: '消费税',
};

/** Duty calculation (税费计算): the pure rules fed with the schedule and the month's exchange rates. */
export class DutyService {
  constructor(
    private readonly tariff: TariffService,
    private readonly options: DutyOptions = {},
  ) {}

  /**
   * Assesses a declaration's duty and taxes on `onDate` (the day customs accepts the declaration,
   * whose rates and month's exchange rate apply). Throws 400 TARIFF.INVALID_REQUEST for unusable
   * content and 422 TARIFF.DUTY_*_MISSING naming the item and what is missing. Reads only.
   */
  async assess(content: DutyContent, onDate: string): Promise<DutyAssessment> {
    assertDate(onDate);
    const issues = checkContent(content);
    if (issues.length > 0) throw invalid('TARIFF.INVALID_REQUEST', issues);
    if (content.head.ieFlag === 'E') return this.result(content, [], {}, onDate);

    const needed = currenciesNeeded(content);
    const exchangeRates: Record<string, string> = {};
    const missingFx: Issue[] = [];
    for (const { path, currency } of needed) {
      const found = await this.tariff.findExchangeRate(currency, onDate);
      if (found) exchangeRates[currency.toUpperCase()] = found.rate;
      else
        missingFx.push({
          path,
          rule: 'exchange_rate_missing',
          params: { field: path, currency, month: onDate.slice(0, 7) },
        });
    }
    if (missingFx.length > 0) {
      const params = { ...missingFx[0]?.params, count: missingFx.length };
      throw new AppError('TARIFF.DUTY_EXCHANGE_RATE_MISSING', 422, params, missingFx);
    }
    const rates = await Promise.all(
      content.items.map((item, i) => this.ratesFor(item.hsCode ?? '', item.originCountry, onDate, i)),
    );
    return this.result(content, rates, exchangeRates, onDate);
  }

  private result(
    content: DutyContent,
    rates: ApplicableRates[],
    exchangeRates: Record<string, string>,
    onDate: string,
  ): DutyAssessment {
    const out = assessDuty(content, rates, exchangeRates, onDate, this.options);
    if (out.result) return out.result;
    const first = out.issues[0]?.params ?? {};
    const quantity = out.issues[0]?.rule === 'quantity_missing';
    const kind = String(first.kind ?? '');
    throw new AppError(
      quantity ? 'TARIFF.DUTY_QUANTITY_MISSING' : 'TARIFF.DUTY_RATE_MISSING',
      422,
      { ...first, kindZh: KIND_ZH[kind] ?? kind, count: out.issues.length },
      out.issues,
    );
  }

  private async ratesFor(
    hsCode: string,
    origin: string | undefined,
    onDate: string,
    index: number,
  ): Promise<ApplicableRates> {
    try {
      return await this.tariff.findApplicableRates(hsCode, origin || null, onDate);
    } catch (error) {
      // The lookup names its own query parameter; say which item's origin it was.
      if (isAppError(error) && error.code === 'TARIFF.INVALID_REQUEST' && error.details) {
        const details = error.details.map((d) => ({ ...d, path: `items[${index}].originCountry` }));
        throw invalid('TARIFF.INVALID_REQUEST', details);
      }
      throw error;
    }
  }
}

function checkContent(content: DutyContent): Issue[] {
  const issues: Issue[] = [];
  if (content.items.length === 0) issues.push({ path: 'items', rule: 'required' });
  content.items.forEach((item, i) => {
    if (!item.hsCode || !HS_CODE.test(item.hsCode))
      issues.push({ path: `items[${i}].hsCode`, rule: 'format', params: { format: HS_CODE.source } });
  });
  if (content.head.ieFlag === 'E') return issues;
  if (content.head.ieFlag !== 'I')
    issues.push({ path: 'head.ieFlag', rule: 'enum', params: { values: ['I', 'E'] } });
  return [...issues, ...checkValuationInput(content)];
}
