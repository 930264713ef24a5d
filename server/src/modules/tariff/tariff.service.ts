import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database, Executor } from '../../platform/db/index.ts';
import { AppError, type Issue, invalid, notFound } from '../../platform/errors/index.ts';
import { assertDate, type ReferenceData } from '../../reference/index.ts';
import { type ApplicableRates, SAMPLE_SOURCE, selectApplicableRates } from './applicable-rates.rules.ts';
import {
  carrySampleRates,
  type ExchangeRate,
  monthsAfter,
  parseExchangeRatesFile,
} from './exchange-rate.rules.ts';
import {
  exchangeRateKeysNotFrom,
  findExchangeRateRow,
  listRatesForCode,
  rateKeysNotFrom,
  replaceExchangeRates,
  replaceRates,
} from './tariff.repository.ts';
import { parseTariffFile, rateKey } from './tariff-rate.rules.ts';

export interface ImportFileInput {
  content: string;
  /** Names the file in messages and, unless `source` is given, in each row's source. */
  fileName: string;
  source?: string;
}

/** Runs inside the import's transaction once the rows are stored (the caller's audit record). */
export type WithinImport = (tx: Executor, result: ImportFileResult) => Promise<void>;

export interface ImportFileResult {
  rows: number;
  /** Rows that replaced a stored row with the same key. */
  replaced: number;
}

const HS_CODE = /^\d{8}(\d{2})?$/;
const sampleFile = (name: string) => readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');

/** The tariff schedule and customs exchange rates: lookups for the duty calculation, and imports. */
export class TariffService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
  ) {}

  /** Every rate kind in force for a commodity (8 or 10 digits), an origin country (ISO or numeric) and a day. */
  async findApplicableRates(
    hsCode: string,
    originCountry: string | null,
    onDate: string,
  ): Promise<ApplicableRates> {
    if (!HS_CODE.test(hsCode))
      throw invalid('TARIFF.INVALID_REQUEST', [
        { path: 'hsCode', rule: 'format', params: { format: HS_CODE.source } },
      ]);
    assertDate(onDate);
    const snapshot = await this.reference.current();
    let origin: string | null = null;
    if (originCountry) {
      const code = originCountry.toUpperCase();
      origin =
        (/^\d{3}$/.test(code)
          ? snapshot.countryToIso(code, onDate)
          : snapshot.countryFromIso(code, onDate) && code) || null;
      if (!origin) {
        throw invalid('TARIFF.INVALID_REQUEST', [
          {
            path: 'origin',
            rule: 'unknown_code',
            params: { codeSet: 'country', code: originCountry, onDate },
          },
        ]);
      }
    }
    const rates = await listRatesForCode(this.db.kysely, hsCode);
    return selectApplicableRates(rates, hsCode, origin, onDate);
  }

  /** The customs exchange rate for the month of `onDate`, or undefined when none was loaded. */
  async findExchangeRate(currency: string, onDate: string): Promise<ExchangeRate | undefined> {
    assertDate(onDate);
    const code = currency.toUpperCase();
    const snapshot = await this.reference.current();
    const iso = /^\d{3}$/.test(code) ? snapshot.currencyToIso(code, onDate) : code;
    const month = onDate.slice(0, 7);
    if (iso === 'CNY') return { currency: 'CNY', month, rate: '1', source: 'identity' };
    return iso ? findExchangeRateRow(this.db.kysely, iso, month) : undefined;
  }

  /** The customs exchange rate for the month of `onDate`; 404 TARIFF.NO_EXCHANGE_RATE when none was loaded. */
  async getExchangeRate(currency: string, onDate: string): Promise<ExchangeRate> {
    const rate = await this.findExchangeRate(currency, onDate);
    if (!rate) throw notFound('TARIFF.NO_EXCHANGE_RATE', { currency, month: onDate.slice(0, 7) });
    return rate;
  }

  /** Loads a tariff schedule CSV in one transaction; a bad file is refused whole, with every issue. */
  async importTariff(input: ImportFileInput, withinTransaction?: WithinImport): Promise<ImportFileResult> {
    const snapshot = await this.reference.current();
    const { rates, issues } = parseTariffFile(
      input.content,
      snapshot,
      input.source ?? `import:${basename(input.fileName)}`,
    );
    if (issues.length > 0) throw refused(input.fileName, issues);
    return this.db.transaction(async (tx) => {
      // The SAMPLE never replaces a rate an operator imported.
      const imported =
        input.source === SAMPLE_SOURCE
          ? await rateKeysNotFrom(
              tx,
              rates.map((r) => r.hsCode),
              SAMPLE_SOURCE,
            )
          : new Set<string>();
      const kept = rates.filter((r) => !imported.has(rateKey(r)));
      const result = { rows: kept.length, replaced: await replaceRates(tx, kept) };
      await withinTransaction?.(tx, result);
      return result;
    });
  }

  /** Loads monthly customs exchange rates in one transaction; a bad file is refused whole. */
  async importExchangeRates(
    input: ImportFileInput,
    withinTransaction?: WithinImport,
  ): Promise<ImportFileResult> {
    const snapshot = await this.reference.current();
    const { rates, issues } = parseExchangeRatesFile(
      input.content,
      snapshot,
      input.source ?? `import:${basename(input.fileName)}`,
    );
    if (issues.length > 0) throw refused(input.fileName, issues);
    return this.db.transaction(async (tx) => {
      // The SAMPLE never replaces a rate an operator imported.
      const imported =
        input.source === SAMPLE_SOURCE ? await exchangeRateKeysNotFrom(tx, SAMPLE_SOURCE) : new Set<string>();
      const kept = rates.filter((r) => !imported.has(`${r.currency}|${r.month}`));
      const result = { rows: kept.length, replaced: await replaceExchangeRates(tx, kept) };
      await withinTransaction?.(tx, result);
      return result;
    });
  }

  /**
   * Loads the shipped SAMPLE schedule and rates (demo data, not official), never over a rate an
   * operator imported; running it again the same month changes nothing. The file's last month of
   * rates is carried on through a year after `today`.
   */
  async loadSample(
    today = new Date(),
  ): Promise<{ rates: ImportFileResult; exchangeRates: ImportFileResult }> {
    const rates = await this.importTariff({
      content: sampleFile('sample-tariff.csv'),
      fileName: 'sample-tariff.csv',
      source: SAMPLE_SOURCE,
    });
    const exchangeRates = await this.importExchangeRates({
      content: carrySampleRates(sampleFile('sample-exchange-rates.csv'), monthsAfter(today, 12)),
      fileName: 'sample-exchange-rates.csv',
      source: SAMPLE_SOURCE,
    });
    return { rates, exchangeRates };
  }
}

function refused(fileName: string, issues: Issue[]): AppError {
  return new AppError('TARIFF.INVALID_FILE', 400, { count: issues.length, file: basename(fileName) }, issues);
}
