import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_ENGINE } from '../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

describe(`reference API on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const get = (url: string, language = 'en') =>
    platform.app.inject({ method: 'GET', url, headers: { 'accept-language': language } });

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.reference.importCodeSet({
      codeSet: 'transactionTerm',
      content: 'code,name_zh,name_en\n1,到岸价,CIF\n3,离岸价,FOB\n',
      fileName: 'terms.csv',
      effectiveFrom: '2026-01-01',
    });
  });
  afterAll(() => platform.close());

  it('lists the code sets and their versions', async () => {
    const response = await get('/api/v1/reference');
    expect(response.statusCode).toBe(200);
    const terms = response.json().items.find((s: { name: string }) => s.name === 'transactionTerm');
    expect(terms.versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual([
      '2000-01-01',
      '2026-01-01',
    ]);
  });

  it('lists a code set a page at a time', async () => {
    const response = await get('/api/v1/reference/tradeMode?page=2&pageSize=10');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ codeSet: 'tradeMode', total: 101, page: 2, pageSize: 10 });
    expect(body.items).toHaveLength(10);
  });

  it('picks the version in force on the day asked', async () => {
    expect((await get('/api/v1/reference/transactionTerm/3?on=2025-12-31')).json()).toMatchObject({
      nameZh: 'FOB',
      version: { effectiveTo: '2025-12-31' },
    });
    expect((await get('/api/v1/reference/transactionTerm/3?on=2026-01-01')).json()).toMatchObject({
      nameZh: '离岸价',
      nameEn: 'FOB',
    });
    const gone = await get('/api/v1/reference/transactionTerm/5?on=2026-01-01');
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({
      code: 'REFERENCE.UNKNOWN_CODE',
      message: 'Code set transactionTerm has no code 5 in force on 2026-01-01',
    });
  });

  it('answers 404 for an unknown code set, in zh-CN and English', async () => {
    const zh = await get('/api/v1/reference/planets', 'zh-CN');
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toMatchObject({ code: 'REFERENCE.UNKNOWN_CODE_SET', message: '代码表 planets 不存在' });
    expect((await get('/api/v1/reference/planets/1')).json().message).toBe('No code set named planets');
  });

  it('refuses a bad date or page, naming the field', async () => {
    const response = await get('/api/v1/reference/tradeMode?on=2026-02-30&page=0');
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`)).toEqual(
      ['query.on format', 'query.page too_small'],
    );
  });

  it.each(['咖啡', 'coffee'])('searches HS for %s with heading 0901 first', async (q) => {
    const response = await get(`/api/v1/reference/hs/search?q=${encodeURIComponent(q)}&limit=5`);
    expect(response.statusCode).toBe(200);
    expect(response.json().hits[0]).toMatchObject({ code: '0901', level: 4 });
  });

  it('searches on today in China when no day is asked (docs/adr/0020)', async () => {
    // 2026-12-31T17:00Z is 01:00 on 1 January 2027 in China.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-31T17:00:00Z') });
    try {
      const response = await get('/api/v1/reference/hs/search?q=coffee&limit=1');
      expect(response.json()).toMatchObject({ on: '2027-01-01' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reference/{codeSet}',
        '/api/v1/reference/{codeSet}/{code}',
        '/api/v1/reference/hs/search',
      ]),
    );
  });
});
