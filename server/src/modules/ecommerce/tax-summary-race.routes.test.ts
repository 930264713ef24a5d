import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  SAMPLE_PARTIES as P,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleRefund,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';
import { summariseTaxBills } from './tax-summary.ts';

const DAY = 24 * 3_600_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A return and the tax summary sweep at the same moment on PostgreSQL (READ COMMITTED; SQLite runs
// one transaction at a time). A third connection holds a table lock to stop one of them mid-way,
// so that the other runs into it: whichever goes first, no bill is both summarised and voided, and
// no revised bill is left out of the summary.
describe.runIf(TEST_ENGINE === 'postgres')('a return racing the tax summary sweep', () => {
  let g: CebGateway;
  let blocker: pg.Client;
  beforeEach(async () => {
    g = await cebGatewayPlatform();
    blocker = new pg.Client({ connectionString: g.platform.database.url });
    await blocker.connect();
  });
  afterEach(async () => {
    await blocker?.end();
    await g?.close();
  });

  // A released list of two jars, and its partial return (one jar back).
  const released = async () => {
    for (let n = 831; n < 841; n++) {
      const t = g.tx(n, { lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }] });
      await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
      await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
      await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
      const [list] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
      if (list!.receipt.status === '800') {
        const invtNo = String(list!.receipt.data.invtNo);
        return {
          invtNo,
          refund: sampleRefund(t, invtNo).replace('<ceb:qty>2</ceb:qty>', '<ceb:qty>1</ceb:qty>'),
        };
      }
    }
    throw new Error('no list released in ten (random inspection)');
  };
  const bills = async () =>
    (
      await g.rows(
        sql<{
          tax_no: string;
          status: string;
        }>`SELECT tax_no, status FROM ecommerce_tax_bill ORDER BY tax_no`,
      )
    ).map((b) => [b.tax_no, b.status]);
  const summarised = async () =>
    Number(
      (await g.rows(sql<{ n: number }>`SELECT COALESCE(SUM(bills), 0) AS n FROM ecommerce_tax_summary`))[0]!
        .n,
    );
  const sweep = () =>
    summariseTaxBills(g.platform.db, g.platform.exchange.receipts, new Date(Date.now() + 31 * DAY));

  it('the return first: the sweep waits for it and summarises the revised bill', async () => {
    const { invtNo, refund } = await released();
    // The return stops at its commit's tally write, holding its locks, its old bill voided and the revised one written.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE ecommerce_tally IN EXCLUSIVE MODE');
    const returning = g.results('CEB625Message', P.ebcCode, [refund]);
    await pause(500);
    const sweeping = sweep();
    await pause(500);
    await blocker.query('COMMIT');
    const [[answer], count] = await Promise.all([returning, sweeping]);
    expect(answer!.receipt.status).toBe('399');
    expect(count).toBe(1);
    expect(await bills()).toEqual([
      [`${invtNo}T`, '3'],
      [`${invtNo}T2`, '2'],
    ]);
    expect(await summarised()).toBe(1);
  });

  it('the sweep first: the return waits for it and is refused, the bill summarised and not voided', async () => {
    const { invtNo, refund } = await released();
    // The sweep stops at its summary write, holding the list's lock, its bill at 2 not yet committed.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE ecommerce_tax_summary IN EXCLUSIVE MODE');
    const sweeping = sweep();
    await pause(500);
    const returning = g.results('CEB625Message', P.ebcCode, [refund]);
    await pause(500);
    await blocker.query('COMMIT');
    const [count, [answer]] = await Promise.all([sweeping, returning]);
    expect(count).toBe(1);
    expect(answer!.receipt.status).toBe('100');
    expect(answer!.receipt.reasons?.[0]?.rule).toBe('return_window_passed');
    expect(await bills()).toEqual([[`${invtNo}T`, '2']]);
    expect(await summarised()).toBe(1);
    const returns = await g.rows(sql<{ n: number }>`SELECT COUNT(*) AS n FROM ecommerce_return`);
    expect(Number(returns[0]!.n)).toBe(0);
  });
});
