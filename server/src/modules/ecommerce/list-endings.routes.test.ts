import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import type { TestPlatform } from '../../../test/helpers/platform.ts';
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
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';

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
  const all = async (t: SampleTransaction) => {
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await results('CEB411Message', P.payCode, [samplePayment(t)]);
    await results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    return results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
  };
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
    // Its numbers are free again: the same order and waybill may be listed anew.
    const again = sampleInventory(t).replace(sampleGuid(600, 4), sampleGuid(600, 10));
    expect((await results('CEB621Message', P.ebcCode, [again]))[0]!.receipt.status).toBe('120');
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
      { path: 'invtNo', rule: 'mismatch', params: { field: 'agentCode' } },
    ]);
    const otherParcel = sampleCancel(t, invtNo)
      .replace(`<ceb:logisticsNo>WB601<`, '<ceb:logisticsNo>WB999<')
      .replace(sampleGuid(601, 5), sampleGuid(601, 11));
    const [wrongParcel] = await results('CEB623Message', P.ebcCode, [otherParcel]);
    expect(wrongParcel!.receipt.reasons).toEqual([
      { path: 'invtNo', rule: 'mismatch', params: { field: 'logisticsNo' } },
    ]);
    expect(await status(601)).toBe('pending');
  });

  it('refuses a return of only some of the goods, keeping quota and tax bill; one without lines returns it whole', async () => {
    const quota = async (buyerId: string) =>
      (
        await sql<{ u: number }>`SELECT used_fen AS u FROM ecommerce_quota WHERE buyer_hash IN (
            SELECT buyer_hash FROM ecommerce_order WHERE order_key LIKE ${`%ORD${buyerId.slice(-3)}`})`.execute(
          platform.db.kysely,
        )
      ).rows[0]?.u;
    // Risk may hold a list for review; the first of a few that is released is returned.
    let released: { t: SampleTransaction; invtNo: string } | undefined;
    for (let n = 610; n < 620 && !released; n++) {
      const t = tx(n, {
        lines: [
          { gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' },
          { gcode: '3304990099', name: '面霜', qty: 1, price: '80.00' },
        ],
      });
      const [decided] = await all(t);
      if (decided!.receipt.status === '800') released = { t, invtNo: String(decided!.receipt.data.invtNo) };
    }
    expect(released).toBeDefined();
    const { t, invtNo } = released!;
    const used = await quota(t.buyerId);
    expect(Number(used)).toBe(39000);
    const firstLineOnly = sampleRefund(t, invtNo).replace(
      /<ceb:InvtRefundList><ceb:gnum>2<.*?<\/ceb:InvtRefundList>/,
      '',
    );
    expect(firstLineOnly).not.toBe(sampleRefund(t, invtNo));
    const [partial] = await results('CEB625Message', P.ebcCode, [firstLineOnly]);
    expect(partial!.receipt.status).toBe('100');
    expect(partial!.receipt.reasons).toEqual([
      { path: 'invtNo', rule: 'partial_return', params: { gnum: '2', missing: true } },
    ]);
    const fewer = sampleRefund(t, invtNo)
      .replace('<ceb:qty>2</ceb:qty>', '<ceb:qty>1</ceb:qty>')
      .replace(sampleGuid(t.n, 6), sampleGuid(t.n, 12));
    const [less] = await results('CEB625Message', P.ebcCode, [fewer]);
    expect(less!.receipt.reasons).toEqual([
      { path: 'invtNo', rule: 'partial_return', params: { gnum: '1', field: 'qty', listed: '2' } },
    ]);
    expect(Number(await quota(t.buyerId))).toBe(39000);
    const bills = async () =>
      (
        await sql<{ status: string }>`SELECT b.status FROM ecommerce_tax_bill b
            WHERE b.invt_no = ${invtNo}`.execute(platform.db.kysely)
      ).rows.map((r) => r.status);
    expect(await bills()).toEqual(['1']);
    expect(await status(t.n)).toBe('released');
    // Without lines, a return is of the whole list.
    const whole = sampleRefund(t, invtNo)
      .replace(/<ceb:InvtRefundList>.*<\/ceb:InvtRefundList>/, '')
      .replace(sampleGuid(t.n, 6), sampleGuid(t.n, 14));
    const [returned] = await results('CEB625Message', P.ebcCode, [whole]);
    expect(returned!.receipt.status).toBe('399');
    expect(Number(await quota(t.buyerId))).toBe(0);
    expect(await bills()).toEqual(['3']);
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
