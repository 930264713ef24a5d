import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { coffeeImport, phonesFromHongKong } from '../../../test/helpers/declarations.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';

// The customs day is the China day (docs/adr/0020). At 2026-12-31T17:00Z it is 01:00 on 1 January 2027
// in China: a declaration made then is declared on 2027-01-01 and takes that day's rates (申报之日).
const NEW_YEAR_IN_CHINA = Date.parse('2026-12-31T17:00:00Z');

describe(`the day of a declaration is the China day, on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    // Only Date is faked (and runs on from there): timers, the database and the network keep real time.
    vi.useFakeTimers({ toFake: ['Date'], now: NEW_YEAR_IN_CHINA, shouldAdvanceTime: true });
    platform = await createTestPlatform();
    await seedDemoAccounts(platform);
    await platform.tariff.service.loadSample();
    // January's customs rate differs from December's (the sample's 7.0801), so the month taken shows.
    await platform.tariff.service.importExchangeRates({
      content: 'currency,month,rate\nUSD,2027-01,6.9000\n',
      fileName: 'rates-2027-01.csv',
    });
    await platform.app.ready();
    for (const user of ['shtrade.declarant', 'sh.reviewer'])
      as[user] = { ...(await loginAs(platform.app, user)), 'accept-language': 'en' };
  });
  afterAll(async () => {
    await platform?.close();
    vi.useRealTimers();
  });

  const call = (user: string, options: InjectOptions) =>
    platform.app.inject({ ...options, headers: { ...as[user], ...(options.headers ?? {}) } });
  // Random inspection sampling turns a declaration red now and then; declare again until it passes.
  const declareUnsampled = async (content: object) => {
    for (let attempt = 0; ; attempt++) {
      const response = await call('shtrade.declarant', {
        method: 'POST',
        url: '/api/v1/declarations',
        payload: { content, declare: true },
      });
      if (!response.json().risk?.sampled || attempt === 5) return response;
    }
  };
  // The month's customs rate each line was valued at: USD 6.9 in January 2027, 7.0801 in December.
  const ratesOf = (declaration: { duty: { lines: { valuation: { goods: { exchangeRate: string } } }[] } }) =>
    declaration.duty.lines.map((line) => Number(line.valuation.goods.exchangeRate));

  it('checks the content against the tariff of the China day', async () => {
    const content = coffeeImport();
    content.items[0]!.hsCode = '9999999999';
    const response = await call('shtrade.declarant', {
      method: 'POST',
      url: '/api/v1/declarations',
      payload: { content, declare: true },
    });
    expect(response.statusCode).toBe(400);
    const issue = response.json().details.find((d: { rule: string }) => d.rule === 'unknown_tariff_line') as {
      message: string;
    };
    expect(issue.message).toBe(
      'body.content.items[0].hsCode: tariff line 99999999 does not exist on 2027-01-01',
    );
  });

  it('numbers, values and assesses a declaration made at 01:00 in China on the new day', async () => {
    const response = await declareUnsampled(coffeeImport());
    expect(response.statusCode).toBe(201);
    const declaration = response.json();
    expect(declaration).toMatchObject({ status: 'released', channel: 'green' });
    // 海关编号 and 预录入编号 carry the year in China.
    expect(declaration.entryId).toMatch(/^220020271\d{9}$/);
    expect(declaration.preEntryNo).toMatch(/^220020279\d{9}$/);
    expect(ratesOf(declaration)).toEqual([6.9]);
  });

  it("values goods for risk at the China day's rate", async () => {
    // 72,000 USD of phones from Hong Kong: 496,800 CNY at January's rate, under the 500,000 CNY a line
    // that sends them to review (December's 7.0801 would make it 509,767 CNY: yellow).
    const content = phonesFromHongKong();
    Object.assign(content.items[0]!, { unitPrice: '72', total: '72000' });
    const declaration = (await declareUnsampled(content)).json();
    expect(declaration).toMatchObject({ status: 'released', channel: 'green' });
  });

  it("a reviewer's acceptance assesses duty on the day of declaration in China", async () => {
    const declared = (await declareUnsampled(phonesFromHongKong())).json();
    expect(declared).toMatchObject({ status: 'channel_assigned', channel: 'yellow' });
    const url = `/api/v1/declarations/${declared.id}/review`;
    expect((await call('sh.reviewer', { method: 'POST', url: `${url}/start` })).statusCode).toBe(200);
    const accepted = await call('sh.reviewer', { method: 'POST', url: `${url}/accept`, payload: {} });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('released');
    expect(ratesOf(accepted.json())).toEqual([6.9]);
  });

  it("the dashboard's day begins at midnight in China", async () => {
    const response = await call('sh.reviewer', { url: '/api/v1/declarations/dashboard' });
    expect(response.statusCode).toBe(200);
    expect(response.json().since).toBe('2026-12-31T16:00:00.000Z');
    expect(response.json().declared).toBeGreaterThanOrEqual(2);
  });
});
