import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';
import { AppError } from '../platform/errors/index.ts';
import type { ReferenceData } from './reference.service.ts';

describe(`reference data on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let reference: ReferenceData;
  const counts = async () => {
    const versions = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM reference_code_set_version`.execute(
      platform.db.kysely,
    );
    const codes = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM reference_code`.execute(
      platform.db.kysely,
    );
    return { versions: Number(versions.rows[0]?.n), codes: Number(codes.rows[0]?.n) };
  };
  const refused = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as AppError,
    );

  beforeAll(async () => {
    platform = await createTestPlatform();
    reference = platform.reference;
  });
  afterAll(() => platform.close());

  it('ships every code set, in force from 2000-01-01', async () => {
    const snapshot = await reference.current();
    const sizes = Object.fromEntries(snapshot.codeSets().map((s) => [s.name, s.versions[0]?.rows.length]));
    expect(sizes).toMatchObject({ tradeMode: 101, country: 243, currency: 25, hs8: 8957, hsSection: 21 });
    expect(snapshot.getVersion('tradeMode', '2026-01-01')).toMatchObject({
      effectiveFrom: '2000-01-01',
      effectiveTo: null,
    });
    expect(snapshot.versionOn('tradeMode', '1999-12-31')).toBeUndefined();
  });

  it('checks codes against the version in force on the day', async () => {
    const snapshot = await reference.current();
    expect(snapshot.check('tradeMode', '0110', '2026-01-01')).toBeUndefined();
    expect(snapshot.check('tradeMode', '0111', '2026-01-01')).toEqual({
      rule: 'unknown_code',
      params: { codeSet: 'tradeMode', code: '0111', onDate: '2026-01-01' },
    });
    expect(() => snapshot.check('nope', '1', '2026-01-01')).toThrow(AppError);
    expect(() => snapshot.check('tradeMode', '0110', '2026-02-30')).toThrow(AppError);
  });

  it('converts countries and currencies both ways', async () => {
    const snapshot = await reference.current();
    const on = '2026-01-01';
    expect([snapshot.countryToIso('502', on), snapshot.countryFromIso('USA', on)]).toEqual(['USA', '502']);
    expect([snapshot.countryToIso('142', on), snapshot.countryFromIso('chn', on)]).toEqual(['CHN', '142']);
    expect([snapshot.currencyToIso('142', on), snapshot.currencyFromIso('USD', on)]).toEqual(['CNY', '502']);
    expect([snapshot.currencyToIso('999', on), snapshot.countryFromIso('XXX', on)]).toEqual([
      undefined,
      undefined,
    ]);
    // Ceuta (210) and Melilla (256) are ESP too; the conversion answers Spain itself.
    expect([snapshot.countryToIso('210', on), snapshot.countryFromIso('ESP', on)]).toEqual(['ESP', '312']);
    expect(snapshot.placeHs('0901110000', on)).toMatchObject({
      section: { code: 'II' },
      chapter: { code: '09' },
      heading: { code: '0901' },
      subheading: { code: '090111' },
      line: { code: '09011100', nameZh: '未焙炒未浸除咖啡碱的咖啡' },
    });
  });

  it('imports a newer table as a new version; documents dated before it keep the old one', async () => {
    const csv = 'code,name,note\n0110,一般贸易,\n9999,新监管方式,test\n';
    const result = await reference.importCodeSet({
      codeSet: 'tradeMode',
      content: csv,
      fileName: 'trade-2026.csv',
      effectiveFrom: '2026-03-01',
    });
    expect(result).toMatchObject({ codeSet: 'tradeMode', effectiveFrom: '2026-03-01', rows: 2 });
    const snapshot = await reference.current();
    expect(snapshot.check('tradeMode', '9999', '2026-03-01')).toBeUndefined();
    expect(snapshot.check('tradeMode', '9999', '2026-02-28')).toMatchObject({
      rule: 'not_in_force',
      params: { from: '2026-03-01' },
    });
    expect(snapshot.check('tradeMode', '9610', '2026-02-28')).toBeUndefined();
    expect(snapshot.check('tradeMode', '9610', '2026-03-01')).toMatchObject({
      rule: 'not_in_force',
      params: { to: '2026-02-28' },
    });
    expect(snapshot.getVersion('tradeMode', '2026-02-28').effectiveTo).toBe('2026-02-28');
  });

  it('imports JSON lists too', async () => {
    const json = JSON.stringify({
      items: [
        { code: '502', name: '美元', iso: 'USD' },
        { code: '142', name: '人民币', iso: 'CNY' },
      ],
    });
    await reference.importCodeSet({
      codeSet: 'currency',
      content: json,
      fileName: 'currency.json',
      effectiveFrom: '2026-06-01',
    });
    const snapshot = await reference.current();
    expect(snapshot.currencyFromIso('EUR', '2026-05-31')).toBe('300');
    expect(snapshot.currencyFromIso('EUR', '2026-06-01')).toBeUndefined();
  });

  it('refuses a bad file naming every row and column, and changes nothing', async () => {
    const before = await counts();
    const error = await refused(
      reference.importCodeSet({
        codeSet: 'country',
        content: 'code,name_zh,iso\n50,x,USA\n502,美国,us\n',
        fileName: 'c.csv',
        effectiveFrom: '2026-07-01',
      }),
    );
    expect(error).toMatchObject({
      code: 'REFERENCE.INVALID_FILE',
      status: 400,
      params: { count: 2, file: 'c.csv' },
    });
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'row 2.code format',
      'row 3.iso format',
    ]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an unknown code set', { codeSet: 'planets' }, 'REFERENCE.UNKNOWN_CODE_SET', 404],
    ['an impossible date', { effectiveFrom: '2026-13-01' }, 'REFERENCE.INVALID_DATE', 400],
    [
      'a date not after the newest version',
      { effectiveFrom: '2026-03-01' },
      'REFERENCE.VERSION_NOT_NEWER',
      409,
    ],
  ])('refuses %s and changes nothing', async (_label, override, code, status) => {
    const before = await counts();
    const input = {
      codeSet: 'tradeMode',
      content: 'code,name\n0110,一般贸易\n',
      fileName: 't.csv',
      effectiveFrom: '2027-01-01',
      ...override,
    };
    expect(await refused(reference.importCodeSet(input))).toMatchObject({ code, status });
    expect(await counts()).toEqual(before);
  });
});
