import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { AppError } from '../../platform/errors/index.ts';
import type { DutyService } from './duty.service.ts';
import type { DutyContent, DutyItem } from './duty-value.rules.ts';

// SAMPLE schedule and rates (data/): USD 7.1799 and EUR 8.0761 CNY in 2026-05; wine 22042100
// MFN 14 %, ChAFTA (AUS) 0 %, consumption 10 %, VAT 13 %; beer 22030000 MFN 0 %, general
// 7.5 CNY/litre, consumption 250 CNY/tonne, VAT 13 %; milk powder 04022100 CN-NZ-FTA (NZL) 0 %, VAT 9 %.
const ON = '2026-05-10';
const cif = (item: DutyItem): DutyContent => ({
  head: { ieFlag: 'I', transactionTerms: '1', levyNature: '101' },
  items: [{ currency: 'USD', dutyMode: '1', ...item }],
});
const amounts = (d: { customsDuty: string; consumptionTax: string; vat: string; total: string }) => [
  d.customsDuty,
  d.consumptionTax,
  d.vat,
  d.total,
];

describe(`duty calculation on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let duty: DutyService;
  let officer: Record<string, string>;
  const refused = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as AppError,
    );

  beforeAll(async () => {
    platform = await createTestPlatform();
    duty = platform.tariff.duty;
    await platform.tariff.service.loadSample();
    await platform.identity.users.createUser(
      { kind: 'operator', name: 'duty-test' },
      {
        username: 'sh.duty-reviewer',
        displayName: 'duty reviewer',
        kind: 'officer',
        district: '2200',
        password: 'Duty-test-password-1',
        roles: ['reviewer'],
      },
    );
    const login = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'sh.duty-reviewer', password: 'Duty-test-password-1' },
    });
    officer = { authorization: `Bearer ${login.json().accessToken}` };
  });
  afterAll(() => platform.close());

  it.each([
    // 1000 USD × 7.1799 = 7179.90; ChAFTA 0 % beats MFN 14 % → 0; consumption 7179.90 / 0.9 × 10 %
    // = 797.766… → 797.77; VAT (7179.90 + 0 + 797.77) × 13 % = 1037.0971 → 1037.10
    [
      'wine from Australia (conventional)',
      { hsCode: '2204210000', total: '1000', originCountry: 'AUS' },
      ['0.00', '797.77', '1037.10', '1834.87'],
    ],
    // MFN 14 %: 1005.186 → 1005.19; consumption (7179.90 + 1005.19) / 0.9 × 10 % = 909.454… → 909.45;
    // VAT (7179.90 + 1005.19 + 909.45) × 13 % = 1182.2902 → 1182.29
    [
      'wine from the USA (MFN)',
      { hsCode: '2204210000', total: '1000', originCountry: 'USA' },
      ['1005.19', '909.45', '1182.29', '3096.93'],
    ],
    // 2000 USD = 14359.80; MFN 0 %; 988 l = 1 t × 250 = 250.00; VAT (14359.80 + 250) × 13 % = 1899.274 → 1899.27
    [
      'beer (specific consumption tax)',
      { hsCode: '2203000000', total: '2000', originCountry: 'USA', legalQuantity: '988', legalUnit: '095' },
      ['0.00', '250.00', '1899.27', '2149.27'],
    ],
    // Unknown origin: general 7.5 CNY/l × 988 = 7410.00; VAT (14359.80 + 7410 + 250) × 13 % = 2862.574 → 2862.57
    [
      'beer of unknown origin (general rate)',
      { hsCode: '2203000000', total: '2000', legalQuantity: '988', legalUnit: '095' },
      ['7410.00', '250.00', '2862.57', '10522.57'],
    ],
  ])('%s', async (_case, item, expected) => {
    expect(amounts(await duty.assess(cif(item), ON))).toEqual(expected);
  });

  it('values FOB goods with freight in another currency and statutory insurance', async () => {
    // 10000 USD = 71799.00; freight 200 EUR × 8.0761 = 1615.22; insurance 0.3 % × 73414.22 = 220.24266;
    // dutiable value 73634.46266 → 73634.46; CN-NZ-FTA 0 %; VAT 9 % → 6627.1014 → 6627.10
    const content: DutyContent = {
      head: {
        ieFlag: 'I',
        transactionTerms: '3',
        freightMark: '3',
        freightRate: '200',
        freightCurrency: 'EUR',
      },
      items: [{ hsCode: '0402210000', total: '10000', currency: 'USD', originCountry: 'NZL' }],
    };
    const result = await duty.assess(content, ON);
    expect(amounts(result)).toEqual(['0.00', '0.00', '6627.10', '6627.10']);
    expect(result.lines[0]).toMatchObject({
      valuation: { dutiableValue: '73634.46', goods: { exchangeRate: '7.1799' } },
      customsDuty: { rateKind: 'conventional', agreement: 'CN-NZ-FTA', reason: 'conventional_lower' },
    });
    expect(result.sample).toBe(true);
  });

  it('names the item and the month when an exchange rate is missing', async () => {
    const error = await refused(duty.assess(cif({ hsCode: '2204210000', total: '1' }), '2031-01-15'));
    expect(error).toMatchObject({
      code: 'TARIFF.DUTY_EXCHANGE_RATE_MISSING',
      status: 422,
      params: { field: 'items[0].currency', currency: 'USD', month: '2031-01' },
    });
  });

  it('names the item and the rate kind when a rate is missing', async () => {
    const content = cif({ hsCode: '2204210000', total: '1' });
    content.items.push({ hsCode: '0101210010', total: '5', currency: 'USD', originCountry: 'USA' });
    const error = await refused(duty.assess(content, ON));
    expect(error).toMatchObject({
      code: 'TARIFF.DUTY_RATE_MISSING',
      status: 422,
      params: { item: 2, hsCode: '0101210010', kind: 'vat', kindZh: '增值税', onDate: ON },
    });
    expect(error?.details?.map((d) => `${d.path} ${d.rule} ${d.params?.kind}`)).toEqual([
      'items[1].hsCode rate_missing vat',
      'items[1].hsCode rate_missing mfn',
    ]);
  });

  it('refuses unusable content with every issue, including an unknown origin by item', async () => {
    const bad: DutyContent = {
      head: { ieFlag: 'I', transactionTerms: '3' },
      items: [{ hsCode: '1', total: '-1' }],
    };
    const error = await refused(duty.assess(bad, ON));
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'items[0].hsCode format',
      'head.freightMark freight_required',
      'items[0].total positive_amount',
      'items[0].currency required',
    ]);
    const origin = await refused(
      duty.assess(cif({ hsCode: '2204210000', total: '1', originCountry: 'ZZZ' }), ON),
    );
    expect(origin?.details?.[0]).toMatchObject({ path: 'items[0].originCountry', rule: 'unknown_code' });
  });

  it('serves a calculation to signed-in users over HTTP, explained, and refuses others', async () => {
    const payload = {
      onDate: ON,
      head: { ieFlag: 'I', transactionTerms: '1' },
      items: [{ hsCode: '2204210000', total: '1000', currency: 'USD', originCountry: 'USA' }],
    };
    const url = '/api/v1/tariff/duty/calculate';
    const response = await platform.app.inject({ method: 'POST', url, payload, headers: officer });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(amounts(body)).toEqual(['1005.19', '909.45', '1182.29', '3096.93']);
    expect(body.lines[0].customsDuty.formula).toBe('7179.9 × 14% = 1005.186 → 1005.19');
    expect(body.lines[0].valuation.steps[0]).toBe('goods 1000 USD × 7.1799 = 7179.9 CNY (CIF)');
    // The same explanation, coded for any language (the response schema lets it through).
    expect(body.lines[0].valuation.explanation[0]).toEqual({
      code: 'valuation.goods',
      params: { amount: '1000', currency: 'USD', exchangeRate: '7.1799', cny: '7179.9', terms: 'CIF' },
      text: 'goods 1000 USD × 7.1799 = 7179.9 CNY (CIF)',
    });
    expect(body.lines[0].customsDuty.explanation).toMatchObject({ code: 'rate.mfn', params: {} });
    expect(body.lines[0].relief.explanation).toMatchObject({ code: 'relief.levy' });
    expect(body.noteExplanations.map((n: { code: string }) => n.code)).toEqual(['note.sample']);
    expect((await platform.app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
    const missing = await platform.app.inject({
      method: 'POST',
      url,
      headers: { ...officer, 'accept-language': 'en' },
      payload: { ...payload, items: [{ ...payload.items[0], hsCode: '0101210010' }] },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toBe(
      'Item 1 (0101210010) has no vat rate in force on 2026-05-10; duty cannot be assessed (2 missing)',
    );
    const bad = await platform.app.inject({
      method: 'POST',
      url,
      headers: officer,
      payload: { head: {}, items: [] },
    });
    expect(bad.statusCode).toBe(400);
  });
});
