import { Dec } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';
import { csvObjects, parseCsv, type ReferenceSnapshot } from '../../reference/index.ts';

/**
 * A customs exchange rate (海关计征汇率): CNY per one unit of the currency, for a calendar month.
 * Customs applies, for a whole month, the PBOC central parity published on the third Wednesday
 * of the month before (《进出口货物征税管理办法》), so a rate is keyed by month, not by day.
 */
export interface ExchangeRate {
  /** ISO 4217 alpha code. */
  currency: string;
  /** YYYY-MM */
  month: string;
  /** Decimal string, CNY per one unit. */
  rate: string;
  source: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const RATE = /^\d{1,8}(\.\d{1,8})?$/;
const COLUMNS = ['currency', 'month', 'rate'];

/**
 * Parses a monthly rates CSV (currency, month, rate), every problem at once by line and column.
 * Currencies may be ISO (USD) or customs numeric (502); they are stored as ISO.
 */
export function parseExchangeRatesFile(
  content: string,
  reference: ReferenceSnapshot,
  source: string,
): { rates: ExchangeRate[]; issues: Issue[] } {
  const table = parseCsv(content);
  if (table.unterminatedQuoteLine !== undefined) {
    return {
      rates: [],
      issues: [{ path: `row ${table.unterminatedQuoteLine}`, rule: 'unterminated_quote' }],
    };
  }
  const issues: Issue[] = [];
  for (const column of table.header)
    if (!COLUMNS.includes(column)) issues.push({ path: `header.${column}`, rule: 'unknown_field' });
  for (const column of COLUMNS)
    if (!table.header.includes(column)) issues.push({ path: `header.${column}`, rule: 'required' });
  if (issues.length > 0) return { rates: [], issues };
  if (table.records.length === 0) return { rates: [], issues: [{ path: 'file', rule: 'empty' }] };

  const rates: ExchangeRate[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { line, row } of csvObjects(table)) {
    const problem = (column: string, rule: string, params?: Record<string, unknown>) =>
      issues.push({ path: `row ${line}.${column}`, rule, ...(params ? { params } : {}) });
    const month = (row.month ?? '').trim();
    const rate = (row.rate ?? '').trim();
    const code = (row.currency ?? '').trim().toUpperCase();
    if (month === '') problem('month', 'required');
    else if (!MONTH.test(month)) problem('month', 'format', { format: 'YYYY-MM' });
    let currency = '';
    if (code === '') problem('currency', 'required');
    else if (MONTH.test(month)) {
      const onDate = `${month}-01`;
      currency =
        (/^\d{3}$/.test(code)
          ? reference.currencyToIso(code, onDate)
          : reference.currencyFromIso(code, onDate) && code) || '';
      if (!currency) problem('currency', 'unknown_code', { codeSet: 'currency', code, onDate });
    }
    if (rate === '') problem('rate', 'required');
    else if (!RATE.test(rate) || new Dec(rate).isZero())
      problem('rate', 'format', { format: 'positive decimal, up to 8 decimals' });
    const key = `${currency}|${month}`;
    const first = firstRowOf.get(key);
    if (currency && first !== undefined) problem('currency', 'duplicate', { firstRow: first });
    else firstRowOf.set(key, line);
    rates.push({ currency, month, rate, source });
  }
  return { rates, issues };
}

/** The month after `month` (YYYY-MM). */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The month `count` months after the month of `day` (UTC), as YYYY-MM. */
export function monthsAfter(day: Date, count: number): string {
  let month = day.toISOString().slice(0, 7);
  for (let i = 0; i < count; i++) month = nextMonth(month);
  return month;
}

/**
 * The SAMPLE rates file with its last month's rates carried on, unchanged, to every later month
 * through `through` (YYYY-MM), so a demo keeps valuing declarations after the shipped file ends.
 * Only the sample is carried: a real month with no rate loaded is still refused.
 */
export function carrySampleRates(content: string, through: string): string {
  const lines = content.trimEnd().split(/\r?\n/);
  const rows = lines.slice(1).map((line) => line.split(','));
  const last =
    rows
      .map((row) => row[1] ?? '')
      .sort()
      .at(-1) ?? '';
  if (!MONTH.test(last) || !MONTH.test(through)) return content;
  const lastRows = rows.filter((row) => row[1] === last);
  const carried: string[] = [];
  for (let month = nextMonth(last); month <= through; month = nextMonth(month))
    for (const [currency, , rate] of lastRows) carried.push(`${currency},${month},${rate}`);
  return [...lines, ...carried, ''].join('\n');
}
