import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import type { TestPlatform } from '../../../test/helpers/platform.ts';
import { chinaDay } from '../../platform/time/index.ts';
import {
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  sampleCancel,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleRefund,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform, tableCounts } from './ceb-gateway.test-helpers.ts';
import { reasonText } from './receipt-reasons.ts';

// Lists numbered on entry, the parties that may end them, and what a return must name.
describe(`CEB623/625 endings and list numbers on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  let platform: TestPlatform;
  beforeAll(async () => {
    g = await cebGatewayPlatform();
    platform = g.platform;
  });
  afterAll(() => g?.close());
  const tx = (n: number, over: Partial<SampleTransaction> = {}) => g.tx(n, over);
  const results = (type: string, sender: string, documents: string[]) => g.results(type, sender, documents);
  const all = (t: SampleTransaction) => g.all(t);
  const list = async (n: number) =>
    (
      await sql<{
        status: string;
      }>`SELECT status FROM ecommerce_list WHERE cop_no = ${`C${n}`}`.execute(platform.db.kysely)
    ).rows;

  const chinaDays = () => {
    const day = (at: Date) =>
      new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    return day(new Date());
  };
  const status = async (n: number) => (await list(n))[0]!.status;

  it('numbers a list on entry (120) in China time, and cancels one still waiting for its documents by it', async () => {
    const before = chinaDays();
    const t = tx(600);
    const [entered] = await results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    const after = chinaDays();
    expect(entered!.receipt.status).toBe('120');
    const { preNo, invtNo } = entered!.receipt.data as { preNo: string; invtNo: string };
    expect([before, after]).toContain(preNo.slice(1, 9));
    expect(invtNo).toBe(`2244${preNo.slice(1, 5)}I${preNo.slice(-9)}`);
    const [cancelled] = await results('CEB623Message', P.ebcCode, [sampleCancel(t, invtNo)]);
    expect(cancelled!.receipt.status).toBe('399');
    expect(await status(600)).toBe('cancelled');
    // Its numbers are free again: the same order and waybill may be listed anew, under the same copNo.
    const again = sampleInventory(t).replace(sampleGuid(600, 4), sampleGuid(600, 10));
    expect((await results('CEB621Message', P.ebcCode, [again]))[0]!.receipt.status).toBe('120');
    // Not while a list of the sender holds it: the receipts of two lists would carry one copNo.
    const other = sampleInventory(tx(602)).replace('<ceb:copNo>C602<', '<ceb:copNo>C600<');
    const [taken] = await results('CEB621Message', P.ebcCode, [other]);
    expect(taken!.receipt.status).toBe('100');
    expect(taken!.receipt.reasons).toEqual([{ path: 'InventoryHead/copNo', rule: 'number_reused' }]);
    expect((await list(600)).map((r) => r.status).sort()).toEqual(['cancelled', 'pending']);
  });

  it('refuses an ending sent by an enterprise that is not a party to the list, and changes nothing', async () => {
    const t = tx(601);
    const [entered] = await results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    const invtNo = String(entered!.receipt.data.invtNo);
    // The payment company names itself as the declaring agent: the gateway lets it send, the list does not.
    const outsider = sampleCancel(t, invtNo).replace(
      `<ceb:agentCode>${P.ebcCode}<`,
      `<ceb:agentCode>${P.payCode}<`,
    );
    const [refused] = await results('CEB623Message', P.payCode, [outsider]);
    expect(refused!.receipt.status).toBe('100');
    expect(refused!.receipt.reasons).toEqual([
      { path: 'InvtCancel/invtNo', rule: 'list_not_found', params: {} },
    ]);
    // Guessing the buyer's ID number tells it nothing: a wrong guess is answered the same, word for word.
    const guess = outsider
      .replace(`<ceb:buyerIdNumber>${t.buyerId}<`, '<ceb:buyerIdNumber>110101199003070000<')
      .replace(sampleGuid(601, 5), sampleGuid(601, 12));
    const [wrongGuess] = await results('CEB623Message', P.payCode, [guess]);
    expect(wrongGuess!.receipt.reasons).toEqual(refused!.receipt.reasons);
    expect(wrongGuess!.receipt.data).toEqual(refused!.receipt.data);
    expect(refused!.receipt.data.preNo).toBeUndefined();
    // A party naming another agent is told which field, against which document, in the receipt's returnInfo.
    const otherAgent = sampleCancel(t, invtNo)
      .replace(`<ceb:agentCode>${P.ebcCode}<`, `<ceb:agentCode>${P.payCode}<`)
      .replace(sampleGuid(601, 5), sampleGuid(601, 13));
    const [agent] = await results('CEB623Message', P.ebcCode, [otherAgent]);
    expect(agent!.receipt.reasons).toEqual([
      { path: 'InvtCancel/agentCode', rule: 'mismatch', params: { document: 'CEB621', field: 'agentCode' } },
    ]);
    expect(reasonText(agent!.receipt.reasons![0]!)).toBe(
      'InvtCancel/agentCode 三单信息不符：与 CEB621 的 agentCode 不一致（mismatch）',
    );
    // Its receipt carries the list's own numbers (copNo and preNo are required on CEB624, §8.12).
    expect(agent!.receipt.data.preNo).toBe(entered!.receipt.data.preNo);
    const otherParcel = sampleCancel(t, invtNo)
      .replace(`<ceb:logisticsNo>WB601<`, '<ceb:logisticsNo>WB999<')
      .replace(sampleGuid(601, 5), sampleGuid(601, 11));
    const [wrongParcel] = await results('CEB623Message', P.ebcCode, [otherParcel]);
    expect(wrongParcel!.receipt.reasons).toEqual([
      {
        path: 'InvtCancel/logisticsNo',
        rule: 'mismatch',
        params: { document: 'CEB621', field: 'logisticsNo' },
      },
    ]);
    // A list is ended at the customs it was declared to; the receipt would name another.
    const otherCustoms = sampleCancel({ ...t, customsCode: '2200' }, invtNo).replace(
      sampleGuid(601, 5),
      sampleGuid(601, 14),
    );
    const [wrongCustoms] = await results('CEB623Message', P.ebcCode, [otherCustoms]);
    expect(wrongCustoms!.receipt.reasons).toEqual([
      {
        path: 'InvtCancel/customsCode',
        rule: 'mismatch',
        params: { document: 'CEB621', field: 'customsCode' },
      },
    ]);
    expect(await status(601)).toBe('pending');
  });

  it('returns part of the goods: their quota back, the bill voided and a revised one issued; the rest ends the list', async () => {
    const quota = async (buyerId: string) =>
      Number(
        (
          await sql<{ u: number }>`SELECT used_fen AS u FROM ecommerce_quota WHERE buyer_hash IN (
            SELECT buyer_hash FROM ecommerce_order WHERE order_key LIKE ${`%ORD${buyerId.slice(-3)}`})`.execute(
            platform.db.kysely,
          )
        ).rows[0]?.u,
      );
    // Risk may hold a list for review; the first of a few that is released is returned.
    let released: { t: SampleTransaction; invtNo: string } | undefined;
    for (let n = 610; n < 620 && !released; n++) {
      const t = tx(n, {
        lines: [
          { gcode: '3304990099', name: '护肤品', qty: 3, price: '100.00' },
          { gcode: '3304990099', name: '面霜', qty: 1, price: '80.00' },
        ],
      });
      const [decided] = await all(t);
      if (decided!.receipt.status === '800') released = { t, invtNo: String(decided!.receipt.data.invtNo) };
    }
    expect(released).toBeDefined();
    const { t, invtNo } = released!;
    // 300.00 + 80.00 of goods and 10.00 freight, shared by value: 307.89 and 82.11.
    expect(await quota(t.buyerId)).toBe(39000);
    const bills = async () =>
      (
        await sql<{ tax_no: string; status: string; value_added_tax: string; lines: string | object }>`
          SELECT tax_no, status, value_added_tax, lines FROM ecommerce_tax_bill
            WHERE invt_no = ${invtNo} ORDER BY created_at, tax_no`.execute(platform.db.kysely)
      ).rows;
    const refund = (guidPart: number, lines: string) =>
      sampleRefund(t, invtNo)
        .replace(sampleGuid(t.n, 6), sampleGuid(t.n, guidPart))
        .replace(/<ceb:InvtRefundList>.*<\/ceb:InvtRefundList>/, lines);
    const line = (gnum: number, qty: string, gcode = '3304990099') =>
      `<ceb:InvtRefundList><ceb:gnum>${gnum}</ceb:gnum><ceb:gcode>${gcode}</ceb:gcode><ceb:gname>护肤品</ceb:gname><ceb:qty>${qty}</ceb:qty><ceb:unit>011</ceb:unit></ceb:InvtRefundList>`;

    // One of the three 护肤品: a third of its 307.89 (102.63) goes back to the buyer's quota.
    const [first] = await results('CEB625Message', P.ebcCode, [refund(6, line(1, '1'))]);
    expect(first!.receipt.status).toBe('399');
    expect(first!.receipt.data).toMatchObject({ returned: [{ gnum: '1', qty: '1' }], kept: '287.37' });
    expect(await quota(t.buyerId)).toBe(39000 - 10263);
    expect(await status(t.n)).toBe('released');
    const view = await platform.app.inject({
      method: 'GET',
      url: `/api/v1/ecommerce/lists/${invtNo}`,
      headers: await loginAs(platform.app, 'gzshop.declarant'),
    });
    expect(view.json()).toMatchObject({
      status: 'released',
      returned: [{ gnum: '1', qty: '1' }],
      taxBill: { taxNo: `${invtNo}T2` },
    });
    const [voided, revised] = await bills();
    expect([voided!.tax_no, voided!.status]).toEqual([`${invtNo}T`, '3']);
    expect([revised!.tax_no, revised!.status]).toEqual([`${invtNo}T2`, '1']);
    const revisedLines = typeof revised!.lines === 'string' ? JSON.parse(revised!.lines) : revised!.lines;
    expect(revisedLines.map((l: { taxPrice: string }) => l.taxPrice)).toEqual(['205.26', '82.11']);
    // The sender hears of both: the old bill void (CEB818), the revised one (CEB816).
    const taxReceipts = await sql<{ message_type: string; status: string; data: string | object }>`
        SELECT message_type, status, data FROM exchange_receipt
        WHERE message_type IN ('CEB816Message', 'CEB818Message') AND enterprise_code = ${P.ebcCode}
        ORDER BY seq`.execute(platform.db.kysely);
    const forList = taxReceipts.rows
      .map((r) => ({ ...r, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data }))
      .filter((r) => r.data.invtNo === invtNo)
      .map((r) => [r.message_type, r.status, r.data.taxNo]);
    expect(forList).toEqual([
      ['CEB816Message', '1', `${invtNo}T`],
      ['CEB818Message', '3', `${invtNo}T`],
      ['CEB816Message', '1', `${invtNo}T2`],
    ]);

    // More than is left, a line not on the list, a line named twice, nothing: refused, nothing changed.
    const before = await tableCounts(g);
    const quotaFen = async () =>
      Number(
        (
          await sql<{
            q: number;
          }>`SELECT quota_fen AS q FROM ecommerce_list WHERE invt_no = ${invtNo}`.execute(platform.db.kysely)
        ).rows[0]!.q,
      );
    expect(await quotaFen()).toBe(28737);
    for (const [guidPart, lines, path, rule] of [
      [7, line(1, '3'), 'InvtRefundList[1]/qty', 'over_return'],
      [8, line(3, '1'), 'InvtRefundList[1]/gnum', 'not_on_list'],
      [9, line(2, '1') + line(2, '1'), 'InvtRefundList[2]/gnum', 'line_repeated'],
      [10, line(2, '0'), 'InvtRefundList[1]/qty', 'nothing_returned'],
      [11, line(2, '1', '3304990091'), 'InvtRefundList[1]/gcode', 'not_on_list'],
    ] as const) {
      const [refused] = await results('CEB625Message', P.ebcCode, [refund(guidPart, lines)]);
      expect(refused!.receipt.status, rule).toBe('100');
      expect(refused!.receipt.reasons?.[0], rule).toMatchObject({ path, rule });
    }
    expect(await quota(t.buyerId)).toBe(39000 - 10263);
    expect(await quotaFen()).toBe(28737);
    expect(await tableCounts(g)).toEqual(before);
    expect((await bills()).map((b) => b.status)).toEqual(['3', '1']);

    // Without lines, a return gives back whatever is left, and the list ends.
    const [rest] = await results('CEB625Message', P.ebcCode, [refund(14, '')]);
    expect(rest!.receipt.status).toBe('399');
    expect(rest!.receipt.data.returned).toEqual([
      { gnum: '1', qty: '2' },
      { gnum: '2', qty: '1' },
    ]);
    expect(await quota(t.buyerId)).toBe(0);
    expect(await quotaFen()).toBe(0);
    expect((await bills()).map((b) => b.status)).toEqual(['3', '3']);
    expect(await status(t.n)).toBe('returned');
    const [again] = await results('CEB625Message', P.ebcCode, [refund(15, '')]);
    expect(again!.receipt.reasons?.[0]).toMatchObject({
      rule: 'not_returnable',
      params: { status: 'returned' },
    });
    // Unlike a cancelled list's, a returned list's order and parcel are spent: listed anew, they are refused.
    const anew = sampleInventory(t)
      .replace(sampleGuid(t.n, 4), sampleGuid(t.n, 17))
      .replace(`<ceb:copNo>C${t.n}<`, `<ceb:copNo>C${t.n}R<`);
    const [relisted] = await results('CEB621Message', P.ebcCode, [anew]);
    expect(relisted!.receipt.status).toBe('100');
    expect(relisted!.receipt.reasons).toEqual([{ path: 'InventoryHead/orderNo', rule: 'number_reused' }]);
    expect(await quota(t.buyerId)).toBe(0);
  });

  it('takes a return until the end of the 30th day after the day of release, in China, and not after', async () => {
    const DAY = 24 * 3_600_000;
    const releasedFrom = async (from: number) => {
      for (let n = from; n < from + 10; n++) {
        const t = tx(n);
        const [decided] = await all(t);
        if (decided!.receipt.status === '800') return { t, invtNo: String(decided!.receipt.data.invtNo) };
      }
      throw new Error('risk held ten lists in a row');
    };
    const releasedAt = (n: number, at: number) =>
      sql`UPDATE ecommerce_list SET decided_at = ${new Date(at).toISOString()} WHERE cop_no = ${`C${n}`}`.execute(
        platform.db.kysely,
      );
    const todayBegan = Date.parse(`${chinaDay(new Date())}T00:00:00+08:00`);
    // Released in the first minute of the day 30 days before today: today is its 30th day, though more than
    // 30 × 24 hours have passed.
    const inTime = await releasedFrom(630);
    await releasedAt(inTime.t.n, todayBegan - 30 * DAY + 60_000);
    const [accepted] = await results('CEB625Message', P.ebcCode, [sampleRefund(inTime.t, inTime.invtNo)]);
    expect(accepted!.receipt.status, JSON.stringify(accepted!.receipt.reasons)).toBe('399');
    expect(await status(inTime.t.n)).toBe('returned');
    // Released in the last minute of the day before that: its 30th day ended at today's midnight.
    const late = await releasedFrom(640);
    await releasedAt(late.t.n, todayBegan - 30 * DAY - 60_000);
    const [refused] = await results('CEB625Message', P.ebcCode, [sampleRefund(late.t, late.invtNo)]);
    expect(refused!.receipt.status).toBe('100');
    expect(refused!.receipt.reasons).toEqual([
      { path: 'InvtRefundHead/invtNo', rule: 'return_window_passed', params: { days: 30 } },
    ]);
    expect(await status(late.t.n)).toBe('released');
  });

  it('matches each list line’s name and SKU to its order line', async () => {
    const t = tx(620);
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await results('CEB411Message', P.payCode, [samplePayment(t)]);
    await results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const renamed = sampleInventory(t)
      .replace('<ceb:gname>护肤品<', '<ceb:gname>完全不同的商品<')
      .replace('<ceb:itemNo>SKU1<', '<ceb:itemNo>OTHER-SKU<');
    expect(renamed).not.toBe(sampleInventory(t));
    const [refused] = await results('CEB621Message', P.ebcCode, [renamed]);
    const decided = refused!.receipt.status === '100' ? refused : undefined;
    expect(decided?.receipt.reasons).toEqual([
      {
        path: 'InventoryList[1]/gname',
        rule: 'mismatch',
        params: { document: 'CEB311', field: 'itemName' },
      },
      {
        path: 'InventoryList[1]/itemNo',
        rule: 'mismatch',
        params: { document: 'CEB311', field: 'itemNo' },
      },
    ]);
  });
});
