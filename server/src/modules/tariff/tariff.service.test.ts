import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { AppError } from '../../platform/errors/index.ts';
import type { TariffService } from './tariff.service.ts';

const HEADER =
  'hs_code,kind,agreement,origin,form,ad_valorem_percent,specific_amount,specific_unit,effective_from,effective_to';

describe(`tariff schedule and exchange rates on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let tariff: TariffService;
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(platform.db.kysely))
        .rows[0]?.n,
    );
  const refused = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as AppError,
    );

  beforeAll(async () => {
    platform = await createTestPlatform();
    tariff = platform.tariff.service;
    await tariff.loadSample();
  });
  afterAll(() => platform.close());

  it('loads the SAMPLE schedule idempotently', async () => {
    const before = await count('tariff_rate');
    expect(before).toBeGreaterThanOrEqual(100);
    const again = await tariff.loadSample();
    expect(again.rates.replaced).toBe(again.rates.rows);
    expect(await count('tariff_rate')).toBe(before);
  });

  it('finds every rate kind in force for wine from Australia, labelled as sample', async () => {
    const rates = await tariff.findApplicableRates('22042100', 'AUS', '2026-05-01');
    expect(rates).toMatchObject({
      originCountry: 'AUS',
      mfn: { form: 'ad_valorem', adValoremPercent: '14' },
      general: { adValoremPercent: '180' },
      provisional: null,
      conventional: [{ agreement: 'ChAFTA', originCountry: 'AUS', adValoremPercent: '0' }],
      vat: { adValoremPercent: '13' },
      consumption: { adValoremPercent: '10' },
      sample: true,
    });
    // Customs numeric origin codes work too; another origin gets no conventional rate.
    expect((await tariff.findApplicableRates('22042100', '601', '2026-05-01')).conventional).toHaveLength(1);
    expect((await tariff.findApplicableRates('22042100', 'USA', '2026-05-01')).conventional).toEqual([]);
  });

  it('applies provisional rates only in their year, and specific and compound forms', async () => {
    expect(
      (await tariff.findApplicableRates('19011010', null, '2026-06-30')).provisional?.adValoremPercent,
    ).toBe('5');
    expect((await tariff.findApplicableRates('19011010', null, '2027-01-01')).provisional).toBeNull();
    const beer = await tariff.findApplicableRates('22030000', null, '2026-01-01');
    expect(beer.consumption).toMatchObject({ form: 'specific', specificAmount: '250', specificUnit: '070' });
    const whisky = await tariff.findApplicableRates('22083000', null, '2026-01-01');
    expect(whisky.consumption).toMatchObject({
      form: 'compound',
      adValoremPercent: '20',
      specificAmount: '1',
    });
  });

  it('imports a schedule: a 10-digit rate beats its 8-digit line, a later start supersedes', async () => {
    const csv = [
      HEADER,
      '2204210010,mfn,,,ad_valorem,12.5,,,2026-01-01,',
      '22042100,mfn,,,ad_valorem,11,,,2027-01-01,',
    ].join('\n');
    expect(await tariff.importTariff({ content: csv, fileName: 'real.csv' })).toEqual({
      rows: 2,
      replaced: 0,
    });
    expect((await tariff.findApplicableRates('2204210010', null, '2026-02-01')).mfn).toMatchObject({
      hsCode: '2204210010',
      adValoremPercent: '12.5',
      source: 'import:real.csv',
    });
    expect((await tariff.findApplicableRates('2204210090', null, '2026-02-01')).mfn?.adValoremPercent).toBe(
      '14',
    );
    expect((await tariff.findApplicableRates('22042100', null, '2027-01-01')).mfn?.adValoremPercent).toBe(
      '11',
    );
  });

  it('refuses a bad schedule naming every row and column, and changes nothing', async () => {
    const before = await count('tariff_rate');
    const csv = [
      HEADER,
      '0901110,mfn,,,ad_valorem,8,,,2026-01-01,', // 7 digits
      '99999999,mfn,,,ad_valorem,8,,,2026-01-01,', // no such line
      '09011100,duty,,,ad_valorem,8,,,2026-01-01,', // unknown kind
      '09011100,conventional,,ZZZ,ad_valorem,0,,,2026-01-01,', // no agreement, unknown origin
      '09011100,provisional,RCEP,,ad_valorem,8,,,2026-01-01,', // agreement on a provisional rate
      '09011100,general,,,specific,,7.5,999,2026-02-30,2025-01-01', // bad unit, impossible date
      '09011100,vat,,,compound,13,1,035,2026-01-01,', // VAT is ad valorem only
      '09011100,consumption,,,ad_valorem,abc,,,2026-01-01,2025-12-31', // bad percent, end before start
      '09011100,mfn,,,ad_valorem,8,,,2026-01-01,',
      '09011100,mfn,,,ad_valorem,9,,,2026-01-01,', // duplicate of the row above
    ].join('\n');
    const error = await refused(tariff.importTariff({ content: csv, fileName: 'bad.csv' }));
    expect(error).toMatchObject({ code: 'TARIFF.INVALID_FILE', status: 400, params: { file: 'bad.csv' } });
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'row 2.hs_code format',
      'row 3.hs_code unknown_code',
      'row 4.kind enum',
      'row 5.agreement required',
      'row 5.origin unknown_code',
      'row 6.agreement not_allowed',
      'row 7.effective_from date',
      'row 8.form enum',
      'row 9.effective_to before_start',
      'row 9.ad_valorem_percent format',
      'row 11.hs_code duplicate',
    ]);
    expect(await count('tariff_rate')).toBe(before);
  });

  it('refuses a file with unknown or missing columns', async () => {
    const error = await refused(
      tariff.importTariff({ content: 'hs_code,kind,rate\n09011100,mfn,8\n', fileName: 'x.csv' }),
    );
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'header.rate unknown_field',
      'header.form required',
      'header.effective_from required',
    ]);
  });

  it('answers the customs exchange rate of the month, by ISO or numeric code', async () => {
    expect(await tariff.getExchangeRate('USD', '2026-03-18')).toMatchObject({
      currency: 'USD',
      month: '2026-03',
      source: 'SAMPLE',
    });
    expect((await tariff.getExchangeRate('502', '2026-03-01')).rate).toBe(
      (await tariff.getExchangeRate('USD', '2026-03-31')).rate,
    );
    expect((await tariff.getExchangeRate('CNY', '2030-01-01')).rate).toBe('1');
    expect(await refused(tariff.getExchangeRate('USD', '2099-01-01'))).toMatchObject({
      code: 'TARIFF.NO_EXCHANGE_RATE',
      status: 404,
    });
  });

  it("carries the sample's last month on through a year after today, so the demo keeps declaring", async () => {
    const last = await tariff.getExchangeRate('USD', '2026-12-15');
    await tariff.loadSample(new Date('2028-02-10T08:00:00Z'));
    expect(await tariff.getExchangeRate('USD', '2029-02-28')).toMatchObject({
      month: '2029-02',
      rate: last.rate,
      source: 'SAMPLE',
    });
    expect(await refused(tariff.getExchangeRate('USD', '2029-03-01'))).toMatchObject({
      code: 'TARIFF.NO_EXCHANGE_RATE',
    });
  });

  it('imports rates, replacing a corrected month, and refuses bad rows whole', async () => {
    const result = await tariff.importExchangeRates({
      content: 'currency,month,rate\nUSD,2026-03,7.0001\n300,2031-01,7.9\n',
      fileName: 'rates.csv',
    });
    expect(result).toEqual({ rows: 2, replaced: 1 });
    expect((await tariff.getExchangeRate('USD', '2026-03-05')).rate).toBe('7.0001');
    expect((await tariff.getExchangeRate('EUR', '2031-01-05')).rate).toBe('7.9');
    const before = await count('tariff_exchange_rate');
    const error = await refused(
      tariff.importExchangeRates({
        content: 'currency,month,rate\nXYZ,2026-04,7\nUSD,2026-13,7\nUSD,2026-05,-1\nUSD,2026-05,0\n',
        fileName: 'bad-rates.csv',
      }),
    );
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'row 2.currency unknown_code',
      'row 3.month format',
      'row 4.rate format',
      'row 5.rate format',
      'row 5.currency duplicate',
    ]);
    expect(await count('tariff_exchange_rate')).toBe(before);
  });

  it('never loads the SAMPLE over a rate an operator imported', async () => {
    await tariff.importTariff({
      content: [HEADER, '09011100,mfn,,,ad_valorem,6,,,2024-01-01,'].join('\n'),
      fileName: 'coffee.csv',
    });
    const sampleRows = (await tariff.loadSample()).rates.rows;
    const again = await tariff.loadSample();
    expect(again.rates.rows).toBe(sampleRows);
    expect((await tariff.findApplicableRates('09011100', null, '2026-05-01')).mfn).toMatchObject({
      adValoremPercent: '6',
      source: 'import:coffee.csv',
    });
    // USD for 2026-03 was imported above (7.0001); the sample's own rate for that month stays out.
    expect(await tariff.getExchangeRate('USD', '2026-03-05')).toMatchObject({
      rate: '7.0001',
      source: 'import:rates.csv',
    });
    expect((await tariff.getExchangeRate('USD', '2026-04-05')).source).toBe('SAMPLE');
  });

  it('serves a tariff line to officers, and 404s an unknown line', async () => {
    const response = await platform.app.inject({
      url: '/api/v1/tariff/lines/04022100?on=2026-05-01&origin=NZL',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      line: { code: '04022100' },
      originCountry: 'NZL',
      rates: { mfn: { adValoremPercent: '10' }, conventional: [{ agreement: 'CN-NZ-FTA' }] },
      sample: true,
    });
    const missing = await platform.app.inject({
      url: '/api/v1/tariff/lines/99999999',
      headers: { 'accept-language': 'en' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TARIFF.UNKNOWN_LINE');
    const badOrigin = await platform.app.inject({ url: '/api/v1/tariff/lines/04022100?origin=ZZZ' });
    expect(badOrigin.statusCode).toBe(400);
    expect(badOrigin.json().details[0]).toMatchObject({ path: 'origin', rule: 'unknown_code' });
    const rate = await platform.app.inject({ url: '/api/v1/tariff/exchange-rates/USD?on=2026-01-15' });
    expect(rate.json()).toMatchObject({ currency: 'USD', month: '2026-01' });
  });

  it('takes a day not asked for as today in China (docs/adr/0020)', async () => {
    // 2026-12-31T17:00Z is 01:00 on 1 January 2027 in China.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-31T17:00:00Z') });
    try {
      const line = await platform.app.inject({ url: '/api/v1/tariff/lines/09011100' });
      expect(line.json()).toMatchObject({ onDate: '2027-01-01' });
      const rate = await platform.app.inject({ url: '/api/v1/tariff/exchange-rates/USD' });
      expect(rate.json()).toMatchObject({ currency: 'USD', month: '2027-01' });
    } finally {
      vi.useRealTimers();
    }
  });
});
