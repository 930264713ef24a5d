import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { demoUscc } from '../../cli/demo/credit.demo.ts';
import { scheduleDailyRescore } from './rescore.schedule.ts';

// The customs day is the China day (docs/adr/0020). At 2026-12-31T17:00Z it is 01:00 on 1 January 2027
// in China: a certification valid from that day is in force, and so are the measures of its level.
const NEW_YEAR_IN_CHINA = Date.parse('2026-12-31T17:00:00Z');

describe(`credit keeps the China day, on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let reviewer: Record<string, string>;
  const op = { kind: 'operator' as const, name: 'test' };

  beforeAll(async () => {
    // Only Date is faked (and runs on from there): timers, the database and the network keep real time.
    vi.useFakeTimers({ toFake: ['Date'], now: NEW_YEAR_IN_CHINA, shouldAdvanceTime: true });
    platform = await createTestPlatform();
    await seedDemoAccounts(platform);
    await platform.app.ready();
    reviewer = await loginAs(platform.app, 'sh.reviewer');
  });
  afterAll(async () => {
    await platform?.close();
    vi.useRealTimers();
  });

  const register = (code: string) =>
    platform.credit.enterprises.register(op, {
      code,
      uscc: demoUscc(code),
      nameZh: '上海新年测试有限公司',
      nameEn: null,
      address: '上海市浦东新区测试路 1 号',
      district: '2200',
      types: ['consignee_consignor'],
    });
  const certifyFromNewYear = (code: string) =>
    platform.credit.standing.certify(op, code, { level: 'aeo_advanced', validFrom: '2027-01-01' });

  it('a certification valid from today in China is in force at once', async () => {
    await register('3122982001');
    await certifyFromNewYear('3122982001');
    expect((await platform.credit.standing.getScore(op, '3122982001')).level).toBe('aeo_advanced');
    const history = await platform.credit.standing.levelHistory(op, '3122982001');
    expect(history).toMatchObject([{ from: 'general', to: 'aeo_advanced', effectiveOn: '2027-01-01' }]);
  });

  it("the measures of today are those of today in China's level", async () => {
    await register('3122982002');
    await certifyFromNewYear('3122982002');
    // Scored on the day itself, whatever day the certification's own re-score took.
    await platform.db.transaction((tx) =>
      platform.credit.rescorer.rescoreSome(tx, op, ['3122982002'], '2027-01-01'),
    );
    const response = await platform.app.inject({
      url: '/api/v1/credit/enterprises/3122982002/measures',
      headers: reviewer,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ level: 'aeo_advanced', guaranteeWaiver: true });
  });

  it('the daily re-score runs for today in China, from 02:00 there', async () => {
    const runs = async () =>
      (
        await sql<{ run_on: string }>`SELECT run_on FROM credit_rescore_run ORDER BY run_on`.execute(
          platform.db.kysely,
        )
      ).rows.map((r) => r.run_on);
    let clock = new Date('2026-12-31T17:30:00Z'); // 01:30 on 1 January in China: not yet
    const quiet = { info: () => {}, error: () => {} };
    const stop = scheduleDailyRescore(platform.db, platform.credit.rescorer, quiet, {
      now: () => clock,
      everyMs: 5,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await runs()).toEqual([]);
      clock = new Date('2026-12-31T18:30:00Z'); // 02:30 in China
      await expect.poll(runs).toEqual(['2027-01-01']);
      clock = new Date('2027-01-01T15:30:00Z'); // 23:30 in China: the day's run is done
      await new Promise((resolve) => setTimeout(resolve, 100));
      clock = new Date('2027-01-01T16:30:00Z'); // 00:30 on 2 January in China: not yet
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await runs()).toEqual(['2027-01-01']);
    } finally {
      await stop();
    }
  });
});
