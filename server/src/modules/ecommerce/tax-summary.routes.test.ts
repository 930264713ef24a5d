import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { Dec } from '../../platform/db/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import {
  SAMPLE_PARTIES as P,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleRefund,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';
import { ecommerceMigrations } from './migrations/index.ts';
import { payByOf, summariseTaxBills } from './tax-summary.ts';

const DAY = 24 * 3_600_000;

// 汇总征税: bills whose 30-day return window has closed go into their guarantor's month. Each test has a
// platform of its own, so the sums are of its lists alone.
describe(`tax bills summarised after the return window on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  beforeEach(async () => {
    g = await cebGatewayPlatform();
  });
  afterEach(() => g?.close());

  const send = async (ns: number[]) => {
    const ts = ns.map((n) =>
      g.tx(n, {
        lines: [
          { gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' },
          { gcode: '1901101000', name: '奶粉', qty: 1, price: '239.00' },
        ],
      }),
    );
    await g.results('CEB311Message', P.ebcCode, ts.map(sampleOrder));
    await g.results('CEB411Message', P.payCode, ts.map(samplePayment));
    await g.results('CEB511Message', P.logisticsCode, ts.map(sampleWaybill));
    const lists = await g.results('CEB621Message', P.ebcCode, ts.map(sampleInventory));
    return ts.map((t, i) => ({
      t,
      status: lists[i]!.receipt.status,
      invtNo: String(lists[i]!.receipt.data.invtNo),
    }));
  };
  const bills = () =>
    g.rows(
      sql<{
        tax_no: string;
        status: string;
        summary_period: string | null;
        value_added_tax: string;
        consumption_tax: string;
      }>`
        SELECT tax_no, status, summary_period, value_added_tax, consumption_tax FROM ecommerce_tax_bill ORDER BY tax_no`,
    );
  const summarise = (at: Date) => summariseTaxBills(g.platform.db, g.platform.exchange.receipts, at);
  // A list the random draw holds is released by an officer at once.
  const releaseIfHeld = async (receipt: { status: string; data: Record<string, unknown> }) => {
    if (receipt.status === '800') return;
    const concluded = await g.platform.app.inject({
      method: 'POST',
      url: `/api/v1/ecommerce/lists/${String(receipt.data.invtNo)}/conclusion`,
      headers: await loginAs(g.platform.app, 'sh.inspector'),
      payload: { outcome: 'release' },
    });
    expect(concluded.statusCode, concluded.body).toBe(200);
  };
  const summaries = async (username: string, query = '') => {
    const response = await g.platform.app.inject({
      method: 'GET',
      url: `/api/v1/ecommerce/tax-summaries${query}`,
      headers: await loginAs(g.platform.app, username),
    });
    return { status: response.statusCode, body: response.json() };
  };

  it("summarises each bill in force once its window closes, into the guarantor's month, and tells the sender", async () => {
    const sent = await send([801, 802, 803]);
    const released = sent.filter((s) => s.status === '800');
    expect(released.length).toBeGreaterThan(0);
    // One buyer gives back one of her two jars first: only the revised bill is summarised.
    const partly = released[0]!;
    const refund = sampleRefund(partly.t, partly.invtNo)
      .replace('<ceb:qty>2</ceb:qty>', '<ceb:qty>1</ceb:qty>')
      .replace(/<ceb:InvtRefundList><ceb:gnum>2<.*?<\/ceb:InvtRefundList>/, '');
    expect((await g.results('CEB625Message', P.ebcCode, [refund]))[0]!.receipt.status).toBe('399');

    const lookup = async () =>
      (
        await g.platform.app.inject({
          url: `/api/v1/ecommerce/lists/${partly.invtNo}`,
          headers: await loginAs(g.platform.app, 'gzshop.declarant'),
        })
      ).json().taxBill;
    expect(await lookup()).toMatchObject({ taxNo: `${partly.invtNo}T2`, status: '1', entDutyNo: null });
    expect(await summarise(new Date(Date.now() + 29 * DAY))).toBe(0);
    expect((await bills()).filter((b) => b.status === '2')).toEqual([]);

    const later = new Date(Date.now() + 31 * DAY);
    expect(await summarise(later)).toBe(released.length);
    const after = await bills();
    const inForce = after.filter((b) => b.status !== '3');
    // The month (China) each list's window closed: at the start of the 31st day after the day of release.
    const [decided] = await g.rows(
      sql<{ decided_at: string }>`SELECT decided_at FROM ecommerce_list WHERE invt_no = ${partly.invtNo}`,
    );
    const period = chinaDay(new Date(Date.parse(String(decided!.decided_at)) + 31 * DAY)).slice(0, 7);
    expect(inForce.map((b) => [b.status, b.summary_period])).toEqual(released.map(() => ['2', period]));
    expect(after.filter((b) => b.status === '3').map((b) => b.tax_no)).toEqual([`${partly.invtNo}T`]);
    // The list's lookup says its bill is summarised, and on which notice.
    expect(await lookup()).toMatchObject({
      taxNo: `${partly.invtNo}T2`,
      status: '2',
      entDutyNo: `2244${period.replace('-', '')}${P.ebpCode}`,
    });
    // Nothing twice.
    expect(await summarise(later)).toBe(0);
    expect(await summarise(new Date(later.getTime() + DAY))).toBe(0);

    const sum = (pick: (b: (typeof inForce)[number]) => string) =>
      inForce.reduce((total, b) => total.plus(pick(b)), new Dec(0)).toFixed(2);
    const merchant = await summaries('gzshop.declarant');
    expect(merchant).toEqual({
      status: 200,
      body: {
        items: [
          {
            assureCode: P.ebpCode,
            customsCode: '2244',
            period,
            entDutyNo: `2244${period.replace('-', '')}${P.ebpCode}`,
            bills: released.length,
            customsTax: '0.00',
            valueAddedTax: sum((b) => b.value_added_tax),
            consumptionTax: sum((b) => b.consumption_tax),
            totalTax: inForce
              .reduce((total, b) => total.plus(b.value_added_tax).plus(b.consumption_tax), new Dec(0))
              .toFixed(2),
            // One message decided them all at one moment: the 45th day after it, in China.
            payBy: chinaDay(new Date(Date.parse(String(decided!.decided_at)) + 45 * DAY)),
            updatedAt: later.toISOString(),
          },
        ],
        total: 1,
      },
    });
    expect((await summaries('gzshop.declarant', '?page=2&pageSize=1')).body).toEqual({ items: [], total: 1 });
    // Officers of the district see it; another district's, and another enterprise, do not.
    expect((await summaries('sh.tax-officer', `?period=${period}`)).body.items).toHaveLength(1);
    expect((await summaries('sh.tax-officer', '?period=2020-01')).body.items).toEqual([]);
    expect((await summaries('gz.tax-officer')).body.items).toEqual([]);
    expect((await summaries('shtrade.declarant')).body.items).toEqual([]);
    const bad = await summaries('sh.tax-officer', '?period=2026-13');
    expect([bad.status, bad.body.details?.[0]?.path]).toEqual([400, 'query.period']);

    // The month's bills, for the guarantor to reconcile: those in force, in the order of release, adding up.
    const billsUrl = `/${P.ebpCode}/2244/${period}/bills`;
    const drill = await summaries('gzshop.declarant', billsUrl);
    expect(drill.status).toBe(200);
    expect(drill.body.summary).toEqual(merchant.body.items[0]);
    expect(drill.body.total).toBe(released.length);
    const listed = drill.body.items as {
      taxNo: string;
      invtNo: string;
      releasedAt: string;
      windowClosedAt: string;
      payBy: string;
      valueAddedTax: string;
      consumptionTax: string;
      totalTax: string;
    }[];
    expect(listed.map((b) => b.taxNo).sort()).toEqual(inForce.map((b) => b.tax_no).sort());
    expect(listed.find((b) => b.invtNo === partly.invtNo)?.taxNo).toBe(`${partly.invtNo}T2`);
    expect(listed.reduce((t, b) => t.plus(b.valueAddedTax), new Dec(0)).toFixed(2)).toBe(
      sum((b) => b.value_added_tax),
    );
    expect(listed.reduce((t, b) => t.plus(b.consumptionTax), new Dec(0)).toFixed(2)).toBe(
      sum((b) => b.consumption_tax),
    );
    for (const b of listed)
      expect(b.totalTax).toBe(new Dec(b.valueAddedTax).plus(b.consumptionTax).toFixed(2));
    const partlyBill = listed.find((b) => b.invtNo === partly.invtNo)!;
    expect(partlyBill.releasedAt).toBe(new Date(String(decided!.decided_at)).toISOString());
    // The window closed at 00:00 China time on the 31st day after the day of release (the 30th ran to its 24:00).
    expect(chinaDay(partlyBill.windowClosedAt)).toBe(
      chinaDay(new Date(Date.parse(partlyBill.releasedAt) + 31 * DAY)),
    );
    expect(new Date(Date.parse(partlyBill.windowClosedAt) + 8 * 3_600_000).toISOString().slice(11)).toBe(
      '00:00:00.000Z',
    );
    // Paid by the 45th day after release, a day in China.
    expect(partlyBill.payBy).toBe(chinaDay(new Date(Date.parse(partlyBill.releasedAt) + 45 * DAY)));
    const releaseOrder = listed.map((b) => b.releasedAt);
    expect(releaseOrder).toEqual([...releaseOrder].sort());
    const secondPage = await summaries('sh.tax-officer', `${billsUrl}?page=2&pageSize=1`);
    expect(secondPage.body.items.map((b: { taxNo: string }) => b.taxNo)).toEqual(
      released.length > 1 ? [listed[1]!.taxNo] : [],
    );
    expect(secondPage.body.total).toBe(released.length);
    // Another district's officer, another enterprise, another month: not found, and the same answer for each.
    for (const [who, url] of [
      ['gz.tax-officer', billsUrl],
      ['shtrade.declarant', billsUrl],
      ['sh.tax-officer', `/${P.ebpCode}/2244/2020-01/bills`],
    ] as const) {
      const missing = await summaries(who, url);
      expect([missing.status, missing.body.code], `${who} ${url}`).toEqual([
        404,
        'ECOMMERCE.TAX_SUMMARY_NOT_FOUND',
      ]);
    }
    for (const [url, path] of [
      [`/${P.ebpCode}/2244/2026-00/bills`, 'params.period'],
      [`/${P.ebpCode}/22440/${period}/bills`, 'params.customsCode'],
      [`/${P.ebpCode}/2244/${period}/bills?pageSize=501`, 'query.pageSize'],
      [`/${P.ebpCode}/2244/${period}/bills?page=0`, 'query.page'],
      [`/${P.ebpCode.slice(0, 5)}-X/2244/${period}/bills`, 'params.assureCode'],
    ] as const) {
      const bad = await summaries('sh.tax-officer', url);
      expect([bad.status, bad.body.details?.[0]?.path], url).toEqual([400, path]);
    }

    // The sender hears of each: CEB818, status 2 已汇总.
    const notices = await g.rows(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM exchange_receipt
        WHERE message_type = 'CEB818Message' AND status = '2' AND enterprise_code = ${P.ebcCode}`,
    );
    expect(Number(notices[0]!.n)).toBe(released.length);
    // Each names the month's payment notice, in its XML where the standard places it.
    const pulled = await g.platform.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/receipts?limit=1000',
      headers: { 'x-api-key': g.keys[P.ebcCode]! },
    });
    const summarisedXml = (pulled.json().items as { messageType: string; status: string; xml: string }[])
      .filter((r) => r.messageType === 'CEB818Message' && r.status === '2')
      .map((r) => r.xml);
    expect(summarisedXml).toHaveLength(released.length);
    for (const xml of summarisedXml)
      expect(xml).toContain(
        `<ceb:status>2</ceb:status><ceb:entDutyNo>2244${period.replace('-', '')}${P.ebpCode}</ceb:entDutyNo>`,
      );
    // Its tax summarised, the window has closed, even for a clock that says otherwise.
    const [late] = await g.results('CEB625Message', P.ebcCode, [
      sampleRefund(released.at(-1)!.t, released.at(-1)!.invtNo).replace(
        sampleGuid(released.at(-1)!.t.n, 6),
        sampleGuid(released.at(-1)!.t.n, 16),
      ),
    ]);
    expect(late!.receipt.status).toBe('100');
    expect(late!.receipt.reasons?.[0]?.rule).toBe('return_window_passed');
  });

  it("lists a summary's bills in the order their lists were released, not in the order of their numbers", async () => {
    // List 831 is entered first and waits for its waybill; 832 comes complete and is released before it.
    const [early, late] = [g.tx(831), g.tx(832)];
    await g.results('CEB311Message', P.ebcCode, [early, late].map(sampleOrder));
    await g.results('CEB411Message', P.payCode, [early, late].map(samplePayment));
    const [waiting] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(early)]);
    expect(waiting!.receipt.status).toBe('120');
    // A held list is released at once, so the order of release stays the same.
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(late)]);
    const [second] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(late)]);
    await releaseIfHeld(second!.receipt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(early)]);
    const decided = await g.rows(
      sql<{ invt_no: string; status: string; return_status: string }>`
        SELECT invt_no, status, return_status FROM ecommerce_list WHERE cop_no = 'C831'`,
    );
    await releaseIfHeld({ status: decided[0]!.return_status, data: { invtNo: decided[0]!.invt_no } });

    const firstNumber = String(waiting!.receipt.data.invtNo);
    const secondNumber = String(second!.receipt.data.invtNo);
    expect(firstNumber < secondNumber).toBe(true);
    expect(await summarise(new Date(Date.now() + 31 * DAY))).toBe(2);
    const [summary] = (await summaries('gzshop.declarant')).body.items as { period: string }[];
    const drill = await summaries('gzshop.declarant', `/${P.ebpCode}/2244/${summary!.period}/bills`);
    const listed = drill.body.items as { taxNo: string; releasedAt: string }[];
    expect(listed.map((b) => b.taxNo)).toEqual([`${secondNumber}T`, `${firstNumber}T`]);
    expect(listed[0]!.releasedAt < listed[1]!.releasedAt).toBe(true);
    const payBy = chinaDay(new Date(Date.parse(listed[0]!.releasedAt) + 45 * DAY));
    expect((drill.body.summary as { payBy: string }).payBy).toBe(payBy);
    // The upgrade that brought the column (migration 0009) fills it for summaries made before, from their bills.
    const { db } = g.platform;
    await db.transaction((tx) => sql`ALTER TABLE ecommerce_tax_summary DROP COLUMN pay_by`.execute(tx));
    const migration = ecommerceMigrations.migrations.find((m) => m.id === '0009_summary_pay_by')!;
    await db.transaction((tx) => migration.up(tx, db.columnTypes, db.engine));
    expect((await summaries('gzshop.declarant')).body.items[0].payBy).toBe(payBy);
  });

  it("keeps a month's earliest day to pay as later bills are added to it", async () => {
    for (const s of await send([841, 842]))
      await releaseIfHeld({ status: s.status, data: { invtNo: s.invtNo } });
    // One list released two days apart from the other (the clock cannot be moved, the row can), within one month.
    const [row] = await g.rows(
      sql<{ decided_at: string }>`SELECT decided_at FROM ecommerce_list WHERE cop_no = 'C842'`,
    );
    const at = Date.parse(String(row!.decided_at));
    const monthOf = (ms: number) => chinaDay(new Date(ms + 31 * DAY)).slice(0, 7);
    const shift = monthOf(at - 2 * DAY) === monthOf(at) ? -2 * DAY : 2 * DAY;
    await sql`UPDATE ecommerce_list SET decided_at = ${new Date(at + shift).toISOString()}
      WHERE cop_no = 'C841'`.execute(g.platform.db.kysely);
    const [early, late] = shift < 0 ? [at + shift, at] : [at, at + shift];
    const dueOf = (ms: number) => chinaDay(new Date(ms + 45 * DAY));
    // The first sweep takes the earlier list alone, the second adds the later: the month's first due stays.
    expect(await summarise(new Date(early + 31 * DAY))).toBe(1);
    const first = (await summaries('gzshop.declarant')).body.items;
    expect(first.map((x: { bills: number; payBy: string }) => [x.bills, x.payBy])).toEqual([
      [1, dueOf(early)],
    ]);
    expect(await summarise(new Date(late + 31 * DAY))).toBe(1);
    const second = (await summaries('gzshop.declarant')).body.items;
    expect(second.map((x: { bills: number; payBy: string }) => [x.bills, x.payBy])).toEqual([
      [2, dueOf(early)],
    ]);
    expect(dueOf(late)).not.toBe(dueOf(early));
  });

  it('summarises a bill once the 30th day after the day of release has ended in China, not 30 × 24 hours after', async () => {
    const [sent] = await send([851]);
    await releaseIfHeld({ status: sent!.status, data: { invtNo: sent!.invtNo } });
    // Released at 23:30 yesterday (China): its 30th day runs to 24:00, half an hour past 30 × 24 hours.
    const yesterday = chinaDay(new Date(Date.now() - DAY));
    await sql`UPDATE ecommerce_list SET decided_at = ${new Date(`${yesterday}T23:30:00+08:00`).toISOString()}
      WHERE cop_no = 'C851'`.execute(g.platform.db.kysely);
    const closes = Date.parse(`${yesterday}T00:00:00+08:00`) + 31 * DAY;
    expect(await summarise(new Date(closes - 1))).toBe(0);
    expect(await summarise(new Date(closes))).toBe(1);
    const [bill] = (await bills()).filter((b) => b.status === '2');
    expect(bill!.summary_period).toBe(chinaDay(new Date(closes)).slice(0, 7));
  });

  it('takes each bill once when two processes sweep at the same time', async () => {
    const sent = await send([811, 812, 813, 814, 815, 816]);
    const released = sent.filter((s) => s.status === '800').length;
    expect(released).toBeGreaterThan(0);
    const later = new Date(Date.now() + 31 * DAY);
    const counts = await Promise.all([summarise(later), summarise(later), summarise(later)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(released);
    const [summary] = await g.rows(sql<{ bills: number }>`SELECT bills FROM ecommerce_tax_summary`);
    expect(Number(summary!.bills)).toBe(released);
    const notices = await g.rows(
      sql<{
        n: number;
      }>`SELECT COUNT(*) AS n FROM exchange_receipt WHERE message_type = 'CEB818Message' AND status = '2'`,
    );
    expect(Number(notices[0]!.n)).toBe(released);
  });

  it('takes the lists due a few decisions at a time, each batch decided at one moment whole, until all are taken', async () => {
    // Three messages, so three moments of decision, two lists each.
    const sent = [...(await send([821, 822])), ...(await send([823, 824])), ...(await send([825, 826]))];
    const released = sent.filter((s) => s.status === '800').length;
    expect(released).toBeGreaterThan(1);
    const later = new Date(Date.now() + 31 * DAY);
    expect(await summariseTaxBills(g.platform.db, g.platform.exchange.receipts, later, 1)).toBe(released);
    const states = await bills();
    expect(states.filter((b) => b.status === '1')).toEqual([]);
    expect(states.filter((b) => b.status === '2')).toHaveLength(released);
  });
});

describe('the last day to pay a summarised bill', () => {
  it('is the 45th day after release, counted in China', () => {
    // Released at 00:30 on 2 January in China (16:30 UTC the day before): due on 16 February.
    expect(payByOf('2026-01-01T16:30:00.000Z')).toBe('2026-02-16');
    // Released at 23:30 on 1 January in China: due on 15 February.
    expect(payByOf('2026-01-01T15:30:00.000Z')).toBe('2026-02-15');
  });
});
