import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { demoUscc } from '../../cli/demo/credit.demo.ts';
import { chinaDay } from '../../platform/time/index.ts';

describe(`credit on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let reviewer: Record<string, string>;
  let gzReviewer: Record<string, string>;
  let shtrade: Record<string, string>;
  let gzshop: Record<string, string>;
  const op = { kind: 'operator' as const, name: 'test' };
  const today = chinaDay(new Date());

  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform);
    await platform.app.ready();
    reviewer = await loginAs(platform.app, 'sh.reviewer');
    gzReviewer = await loginAs(platform.app, 'gz.reviewer');
    shtrade = await loginAs(platform.app, 'shtrade.manager');
    gzshop = await loginAs(platform.app, 'gzshop.manager');
  });
  afterAll(() => platform.close());

  const inject = (o: InjectOptions) =>
    platform.app.inject({ ...o, headers: { ...o.headers, 'accept-language': 'en' } });
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(platform.db.kysely))
        .rows[0]?.n,
    );
  const enterprise = (code: string, over: object = {}) => ({
    code,
    uscc: demoUscc(code),
    nameZh: '上海测试贸易有限公司',
    address: '上海市浦东新区测试路 1 号',
    district: '2200',
    types: ['consignee_consignor'],
    ...over,
  });
  const register = (body: object, headers = reviewer) =>
    inject({ method: 'POST', url: '/api/v1/credit/enterprises', headers, payload: body });

  it('registers an enterprise with a valid code, and keeps changes with history', async () => {
    const created = await register(enterprise('3122981001'));
    expect(created.statusCode).toBe(201);
    const changed = await inject({
      method: 'PATCH',
      url: '/api/v1/credit/enterprises/3122981001',
      headers: reviewer,
      payload: { address: '上海市新地址' },
    });
    expect(changed.json().version).toBe(2);
    const history = await inject({ url: '/api/v1/credit/enterprises/3122981001/history', headers: reviewer });
    expect(history.json()).toMatchObject([{ version: 2, changes: { address: { to: '上海市新地址' } } }]);
    expect(await platform.credit.isRegistered('3122981001', 'consignee_consignor')).toBe(true);
    expect(await platform.credit.isRegistered('3122981001', 'customs_broker')).toBe(false);
  });

  it.each([
    [
      'a wrong check digit',
      { uscc: `${demoUscc('3122981002').slice(0, 17)}0` },
      400,
      'uscc',
      'credit_check_digit',
    ],
    ['an unknown district', { district: '9999' }, 400, 'district', 'unknown_code'],
    ['a duplicate code', { code: '3120980001' }, 409, 'code', 'credit_already_registered'],
  ])('refuses %s, naming field and rule, and changes nothing', async (_name, over, status, path, rule) => {
    const before = await count('credit_enterprise');
    const response = await register(enterprise('3122981002', over));
    expect(response.statusCode).toBe(status);
    expect(response.json().details).toContainEqual(expect.objectContaining({ path, rule }));
    expect(await count('credit_enterprise')).toBe(before);
  });

  it('enterprise users and API keys only for registered enterprises', async () => {
    await expect(
      platform.identity.users.createUser(op, {
        username: 'ghost.user',
        displayName: 'x',
        kind: 'enterprise',
        enterpriseCode: '9999999999',
        password: 'Welcome2026jg',
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('annual reports: auto-accepted when checks pass, queued otherwise, refused for another enterprise', async () => {
    const report = (over: object) => ({
      enterpriseCode: '3120980001',
      year: Number(today.slice(0, 4)) - 1,
      uscc: demoUscc('3120980001'),
      nameZh: '上海示例进出口贸易有限公司',
      totalAssets: '100.00',
      totalLiabilities: '20.00',
      revenue: '80.00',
      employees: 5,
      ...over,
    });
    const before = await count('credit_annual_report');
    const other = await inject({
      method: 'POST',
      url: '/api/v1/credit/annual-reports',
      headers: shtrade,
      payload: report({ enterpriseCode: '4401960002' }),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().details).toEqual([
      expect.objectContaining({ path: 'enterpriseCode', rule: 'credit_not_own_enterprise' }),
    ]);
    expect(await count('credit_annual_report')).toBe(before);
    const accepted = await inject({
      method: 'POST',
      url: '/api/v1/credit/annual-reports',
      headers: shtrade,
      payload: report({}),
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', review: [] });
    const queued = await platform.credit.annualReports.file(op, {
      ...report({ enterpriseCode: '4401960002', nameZh: '别的名字', uscc: demoUscc('4401960002') }),
    });
    expect(queued).toMatchObject({ status: 'queued', review: [{ code: 'NAME_MISMATCH' }] });
    expect(
      (
        await inject({
          method: 'POST',
          url: `/api/v1/credit/annual-reports/${queued.id}/decision`,
          headers: reviewer,
          payload: { accept: true },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await inject({
          method: 'POST',
          url: `/api/v1/credit/annual-reports/${queued.id}/decision`,
          headers: gzReviewer,
          payload: { accept: true },
        })
      ).json().status,
    ).toBe('accepted');
  });

  it('an enterprise reads its own score and reasons, never another one (404)', async () => {
    await platform.credit.rescore(op, today, { force: true });
    const own = await inject({ url: '/api/v1/credit/enterprises/3120980001/score', headers: shtrade });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ enterpriseCode: '3120980001', score: expect.any(Number) });
    expect(
      (await inject({ url: '/api/v1/credit/enterprises/3120980001/score', headers: gzshop })).statusCode,
    ).toBe(404);
    expect(
      (await inject({ url: '/api/v1/credit/enterprises/4401960002/score', headers: reviewer })).statusCode,
    ).toBe(404);
  });

  it('level transitions with dates: certification, discredit, repair after the period', async () => {
    await register(enterprise('3122981003'));
    const level = async () => (await platform.credit.standing.getScore(op, '3122981003')).level;
    await platform.credit.standing.certify(op, '3122981003', {
      level: 'aeo_advanced',
      validFrom: '2025-01-01',
    });
    expect(await level()).toBe('aeo_advanced');
    expect((await platform.credit.getMeasures('3122981003', today)).guaranteeWaiver).toBe(true);
    await platform.credit.recordFacts(op, [
      { enterpriseCode: '3122981003', kind: 'smuggling_case', occurredOn: today, count: 1 },
    ]);
    await platform.db.transaction((tx) =>
      platform.credit.rescorer.rescoreSome(tx, op, ['3122981003'], today),
    );
    expect(await level()).toBe('discredited');
    const measures = await platform.credit.getMeasures('3122981003', today);
    expect(measures).toMatchObject({
      level: 'discredited',
      aggregateTaxPayment: false,
      targetInspectionRate: '0.8',
    });
    const history = await platform.credit.standing.levelHistory(op, '3122981003');
    expect(history.map((h) => [h.from, h.to])).toEqual([
      ['general', 'aeo_advanced'],
      ['aeo_advanced', 'discredited'],
    ]);
    expect(history[1]?.effectiveOn).toBe(today);
    // Repair is refused before the period, and then an appeal is granted: the record is cleared up to today.
    await expect(
      platform.credit.standing.submitAppeal(op, '3122981003', { kind: 'repair', reason: 'fixed' }),
    ).rejects.toMatchObject({ code: 'CREDIT.REPAIR_TOO_EARLY' });
    const appeal = await platform.credit.standing.submitAppeal(op, '3122981003', {
      kind: 'appeal',
      reason: 'wrong case',
    });
    await platform.credit.standing.decideAppeal(op, appeal.id, { grant: true, note: 'case annulled' });
    expect(await level()).toBe('aeo_advanced');
  });

  it('measures of an enterprise on a past day come from the level then', async () => {
    expect((await platform.credit.getMeasures('3122981003', '2020-01-01')).level).toBe('general');
    await expect(platform.credit.getMeasures('0000000000', today)).rejects.toMatchObject({
      code: 'CREDIT.UNKNOWN_ENTERPRISE',
    });
  });

  it('monitoring: inspection rates per level against target, in scope', async () => {
    const rates = await inject({
      url: `/api/v1/credit/monitoring/inspection-rates?from=2000-01-01&to=${today}`,
      headers: reviewer,
    });
    expect(rates.statusCode).toBe(200);
    expect(rates.json().map((r: { level: string }) => r.level)).toEqual([
      'aeo_advanced',
      'aeo_general',
      'general',
      'discredited',
    ]);
  });
});
