import type { Generated } from 'kysely';
import { type Executor, toDecimalString } from '../../platform/db/index.ts';
import type { ExchangeRate } from './exchange-rate.rules.ts';
import { type RateForm, type RateKind, rateKey, type TariffRate } from './tariff-rate.rules.ts';

interface RateRow {
  id: Generated<number>;
  hs_code: string;
  kind: string;
  agreement: string;
  origin_country: string;
  form: string;
  ad_valorem_percent: string | null;
  specific_amount: string | null;
  specific_unit: string | null;
  effective_from: string;
  effective_to: string | null;
  source: string;
  imported_at: string;
}

interface ExchangeRateRow {
  currency: string;
  month: string;
  rate: string;
  source: string;
  imported_at: string;
}

type TariffTables = { tariff_rate: RateRow; tariff_exchange_rate: ExchangeRateRow };
const tables = (db: Executor) => db.withTables<TariffTables>();
const CHUNK = 500;
// PostgreSQL NUMERIC reads back with the scale it was given; both engines answer the same string.
const decimal = (value: string | null) => (value === null ? null : toDecimalString(value));

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The rates stored for a commodity code's 8- and 10-digit keys, all dates. */
export async function listRatesForCode(db: Executor, hsCode: string): Promise<TariffRate[]> {
  const keys = [...new Set([hsCode, hsCode.slice(0, 8)])];
  const rows = await tables(db).selectFrom('tariff_rate').selectAll().where('hs_code', 'in', keys).execute();
  return rows.map((row) => ({
    hsCode: row.hs_code,
    kind: row.kind as RateKind,
    agreement: row.agreement || null,
    originCountry: row.origin_country || null,
    form: row.form as RateForm,
    adValoremPercent: decimal(row.ad_valorem_percent),
    specificAmount: decimal(row.specific_amount),
    specificUnit: row.specific_unit,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
  }));
}

/** The key (rateKey) of a stored rate row: commodity, kind, agreement, origin and start. */
function storedRateKey(row: {
  hs_code: string;
  kind: string;
  agreement: string;
  origin_country: string;
  effective_from: string;
}): string {
  return rateKey({
    hsCode: row.hs_code,
    kind: row.kind as RateKind,
    agreement: row.agreement || null,
    originCountry: row.origin_country || null,
    effectiveFrom: row.effective_from,
  });
}

/** Stores rates, replacing any stored with the same key; returns how many were replaced. */
export async function replaceRates(tx: Executor, rates: readonly TariffRate[]): Promise<number> {
  const wanted = new Set(rates.map(rateKey));
  let replaced = 0;
  for (const codes of chunks([...new Set(rates.map((r) => r.hsCode))])) {
    const existing = await tables(tx)
      .selectFrom('tariff_rate')
      .select(['id', 'hs_code', 'kind', 'agreement', 'origin_country', 'effective_from'])
      .where('hs_code', 'in', codes)
      .execute();
    const stale = existing.filter((row) => wanted.has(storedRateKey(row))).map((row) => Number(row.id));
    for (const ids of chunks(stale))
      await tables(tx).deleteFrom('tariff_rate').where('id', 'in', ids).execute();
    replaced += stale.length;
  }
  const importedAt = new Date().toISOString();
  for (const chunk of chunks(rates)) {
    await tables(tx)
      .insertInto('tariff_rate')
      .values(
        chunk.map((r) => ({
          hs_code: r.hsCode,
          kind: r.kind,
          agreement: r.agreement ?? '',
          origin_country: r.originCountry ?? '',
          form: r.form,
          ad_valorem_percent: r.adValoremPercent,
          specific_amount: r.specificAmount,
          specific_unit: r.specificUnit,
          effective_from: r.effectiveFrom,
          effective_to: r.effectiveTo,
          source: r.source,
          imported_at: importedAt,
        })),
      )
      .execute();
  }
  return replaced;
}

export async function countRates(db: Executor): Promise<number> {
  const row = await tables(db)
    .selectFrom('tariff_rate')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findExchangeRateRow(
  db: Executor,
  currency: string,
  month: string,
): Promise<ExchangeRate | undefined> {
  const row = await tables(db)
    .selectFrom('tariff_exchange_rate')
    .selectAll()
    .where('currency', '=', currency)
    .where('month', '=', month)
    .executeTakeFirst();
  return (
    row && { currency: row.currency, month: row.month, rate: toDecimalString(row.rate), source: row.source }
  );
}

/** Stores monthly rates, replacing a currency's month if it was loaded before (a corrected rate). */
export async function replaceExchangeRates(tx: Executor, rates: readonly ExchangeRate[]): Promise<number> {
  let replaced = 0;
  const importedAt = new Date().toISOString();
  for (const rate of rates) {
    const deleted = await tables(tx)
      .deleteFrom('tariff_exchange_rate')
      .where('currency', '=', rate.currency)
      .where('month', '=', rate.month)
      .executeTakeFirst();
    replaced += Number(deleted.numDeletedRows);
  }
  for (const chunk of chunks(rates)) {
    await tables(tx)
      .insertInto('tariff_exchange_rate')
      .values(chunk.map((r) => ({ ...r, imported_at: importedAt })))
      .execute();
  }
  return replaced;
}

export async function countExchangeRates(db: Executor): Promise<number> {
  const row = await tables(db)
    .selectFrom('tariff_exchange_rate')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Keys (rateKey) of the stored rates for these commodities that came from another source than `source`. */
export async function rateKeysNotFrom(tx: Executor, hsCodes: readonly string[], source: string) {
  const keys = new Set<string>();
  for (const codes of chunks([...new Set(hsCodes)])) {
    const rows = await tables(tx)
      .selectFrom('tariff_rate')
      .select(['hs_code', 'kind', 'agreement', 'origin_country', 'effective_from'])
      .where('hs_code', 'in', codes)
      .where('source', '<>', source)
      .execute();
    for (const row of rows) keys.add(storedRateKey(row));
  }
  return keys;
}

/** `currency|month` of the stored exchange rates that came from another source than `source`. */
export async function exchangeRateKeysNotFrom(tx: Executor, source: string): Promise<Set<string>> {
  const rows = await tables(tx)
    .selectFrom('tariff_exchange_rate')
    .select(['currency', 'month'])
    .where('source', '<>', source)
    .execute();
  return new Set(rows.map((row) => `${row.currency}|${row.month}`));
}
