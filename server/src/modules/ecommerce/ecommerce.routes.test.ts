import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import {
  cebMessage,
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

describe(`CEB gateway on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const keys: Record<string, string> = {};
  const tx = (n: number, over: Partial<SampleTransaction> = {}): SampleTransaction => ({
    n,
    ...P,
    buyerId: `31010119900101${String(n).padStart(4, '0')}`,
    lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
    ...over,
  });
  const send = async (type: string, sender: string, documents: string[]) => {
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/messages',
      headers: { 'x-api-key': keys[sender]!, 'content-type': 'application/xml' },
      payload: cebMessage(type, sender, documents),
    });
    return response;
  };
  const results = async (type: string, sender: string, documents: string[]) => {
    const response = await send(type, sender, documents);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results as {
      outcome: string;
      receipt: { status: string; reasons?: { rule: string }[]; data: Record<string, unknown> };
    }[];
  };
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
        return_status: string;
        quota_fen: number | null;
      }>`SELECT status, return_status, quota_fen FROM ecommerce_list WHERE cop_no = ${`C${n}`}`.execute(
        platform.db.kysely,
      )
    ).rows;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform, ['ecommerce.submit']);
    for (const code of [P.ebcCode, P.payCode, P.logisticsCode]) {
      const issued = await platform.identity.users.issueApiKey(
        { kind: 'operator', name: 'test' },
        { enterpriseCode: code, name: 'ceb', scopes: ['ecommerce.submit'] },
      );
      keys[code] = issued.key;
    }
  });
  afterAll(() => platform?.close());

  it('holds a list that arrives first until its order, payment and waybill are in, then decides it', async () => {
    const t = tx(1);
    const [first] = await results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    expect(first!.receipt.status).toBe('120');
    expect(first!.receipt.data.preNo).toMatch(/^B\d{17}$/);
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    expect((await list(1))[0]!.status).toBe('pending');
    await results('CEB411Message', P.payCode, [samplePayment(t)]);
    const [row] = await list(1);
    expect(['released', 'held']).toContain(row!.status);
    expect(row!.quota_fen).toBe(31000);
    const receipts = await sql<{
      status: string;
    }>`SELECT status FROM exchange_receipt WHERE guid = ${sampleGuid(1, 4)}`.execute(platform.db.kysely);
    expect(receipts.rows.map((r) => r.status).sort()).toEqual(['120', row!.return_status].sort());
    // No ID number is stored anywhere: only the keyed hash.
    const docs = await sql<{
      doc: string;
    }>`SELECT doc FROM ecommerce_order UNION ALL SELECT doc FROM ecommerce_list`.execute(platform.db.kysely);
    for (const { doc } of docs.rows) expect(doc).not.toContain(t.buyerId);
  });

  it('releases with a CEB816 tax bill at 70% of VAT and consumption tax', async () => {
    const t = tx(2, {
      lines: [{ gcode: '1901101000', name: '奶粉', qty: 1, price: '190.00' }],
      freight: '10.00',
    });
    const [answer] = await all(t);
    const status = answer!.receipt.status;
    expect(['800', '300', '500']).toContain(status);
    if (status === '800') {
      const bill = await sql<{
        value_added_tax: string;
        consumption_tax: string;
      }>`SELECT value_added_tax, consumption_tax FROM ecommerce_tax_bill`.execute(platform.db.kysely);
      // 200.00 × 13% × 70% = 18.20
      expect(bill.rows.map((r) => r.value_added_tax)).toContain('18.20');
    }
  });

  it('answers a repeat delivery with the same receipt and refuses a reused order number', async () => {
    const t = tx(3);
    const [a] = await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    const [b] = await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    expect(b!.outcome).toBe('duplicate');
    expect(b!.receipt).toEqual(a!.receipt);
    // Same order number under another GUID.
    const reused = sampleOrder(t).replace(sampleGuid(3, 1), sampleGuid(3, 15));
    const [c] = await results('CEB311Message', P.ebcCode, [reused]);
    expect(c!.receipt.status).toBe('100');
    expect(c!.receipt.reasons?.[0]?.rule).toBe('number_reused');
  });

  it('refuses a list whose payment does not match the order, naming the field', async () => {
    const t = tx(4);
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await results('CEB411Message', P.payCode, [
      samplePayment(t).replace(/<ceb:amountPaid>[^<]*/, '<ceb:amountPaid>1.00'),
    ]);
    await results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [answer] = await results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    expect(answer!.receipt.status).toBe('100');
    expect(answer!.receipt.reasons).toContainEqual(
      expect.objectContaining({ rule: 'mismatch', params: { document: 'CEB411', field: 'amountPaid' } }),
    );
    expect((await list(4))[0]!.status).toBe('rejected');
  });

  it('keeps the annual quota exact when many lists of one buyer arrive at once', async () => {
    const buyerId = '310101199001019999';
    const ts = Array.from({ length: 8 }, (_, i) =>
      tx(100 + i, { buyerId, lines: [{ gcode: '3401110000', name: '香皂', qty: 1, price: '3990.00' }] }),
    );
    for (const t of ts) {
      await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
      await results('CEB411Message', P.payCode, [samplePayment(t)]);
    }
    await Promise.all(ts.map((t) => results('CEB511Message', P.logisticsCode, [sampleWaybill(t)])));
    const answers = await Promise.all(
      ts.map((t) => results('CEB621Message', P.ebcCode, [sampleInventory(t)])),
    );
    const refused = answers.filter(([a]) => a!.receipt.reasons?.some((r) => r.rule === 'annual_limit'));
    // 4,000.00 each (3,990 + 10 freight): six fit in 26,000, two do not.
    expect(refused).toHaveLength(2);
    const used = await sql<{
      used_fen: number;
    }>`SELECT used_fen FROM ecommerce_quota WHERE used_fen > 2000000`.execute(platform.db.kysely);
    expect(used.rows.map((r) => Number(r.used_fen))).toEqual([2_400_000]);
  });

  it("takes a buyer's lists decided together in the order sent: a smaller one fits after one that did not", async () => {
    const buyerId = '310101199001017777';
    const prices = ['3990.00', '3990.00', '3990.00', '3990.00', '3990.00', '3990.00', '3990.00', '1490.00'];
    const ts = prices.map((price, i) =>
      tx(700 + i, { buyerId, lines: [{ gcode: '3401110000', name: '香皂', qty: 1, price }] }),
    );
    await results('CEB311Message', P.ebcCode, ts.map(sampleOrder));
    await results('CEB411Message', P.payCode, ts.map(samplePayment));
    await results('CEB511Message', P.logisticsCode, ts.map(sampleWaybill));
    // All eight lists in one message: decided in one transaction.
    const answers = await results('CEB621Message', P.ebcCode, ts.map(sampleInventory));
    // 4,000.00 each (with freight) six times is 24,000.00; the seventh would pass 26,000.00; the
    // eighth, 1,500.00, still fits. Lists within the quota are decided by risk (released, or held
    // when sampled): either way they took their quota.
    const refused = answers.map((a) => a.receipt.status === '100');
    expect(refused).toEqual([false, false, false, false, false, false, true, false]);
    for (const answer of answers.filter((a) => a.receipt.status !== '100'))
      expect(['800', '300', '500']).toContain(answer.receipt.status);
    expect(answers[6]!.receipt.reasons?.[0]?.rule).toBe('annual_limit');
    const used = await sql<{
      used_fen: number;
    }>`SELECT used_fen FROM ecommerce_quota WHERE used_fen = 2550000`.execute(platform.db.kysely);
    expect(used.rows).toHaveLength(1);
  });

  it('refuses unknown parties, goods off the positive list and over-limit lists, storing nothing', async () => {
    const bad = tx(200, {
      logisticsCode: '9999999999',
      lines: [{ gcode: '9999999999', name: 'x', qty: 1, price: '6000.00' }],
    });
    const [answer] = await results('CEB621Message', P.ebcCode, [sampleInventory(bad)]);
    expect(answer!.receipt.status).toBe('100');
    expect(answer!.receipt.reasons?.map((r) => r.rule)).toEqual([
      'party_unregistered',
      'not_on_positive_list',
    ]);
    const over = tx(201, { lines: [{ gcode: '8471300000', name: '电脑', qty: 1, price: '6000.00' }] });
    const [o] = await results('CEB621Message', P.ebcCode, [sampleInventory(over)]);
    expect(o!.receipt.reasons?.map((r) => r.rule)).toEqual(['transaction_limit']);
    expect(await list(200)).toEqual([]);
    expect(await list(201)).toEqual([]);
  });

  it("answers malformed XML, a missing field and another enterprise's copCode clearly", async () => {
    const broken = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/messages',
      headers: { 'x-api-key': keys[P.ebcCode]!, 'content-type': 'application/xml' },
      payload: '<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Inventory>',
    });
    expect(broken.statusCode).toBe(400);
    const [missing] = await results('CEB621Message', P.ebcCode, [
      sampleInventory(tx(300)).replace(/<ceb:orderNo>[^<]*<\/ceb:orderNo>/, ''),
    ]);
    expect(missing!.receipt.status).toBe('-1');
    expect(missing!.receipt.reasons?.[0]).toMatchObject({ rule: 'required' });
    const other = await send(
      'CEB311Message',
      P.ebcCode,
      [sampleOrder(tx(301))].map((d) => d),
    ).then(() =>
      platform.app.inject({
        method: 'POST',
        url: '/api/v1/ecommerce/messages',
        headers: { 'x-api-key': keys[P.ebcCode]!, 'content-type': 'application/xml' },
        payload: cebMessage('CEB311Message', P.payCode, [sampleOrder(tx(302))]),
      }),
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('ECOMMERCE.NOT_OWN_ENTERPRISE');
  });

  it('gives the quota back on a cancellation before release and on a return after it; refuses the rest', async () => {
    const buyerId = '310101199001018888';
    const quota = async () =>
      Number(
        (await sql<{ u: number }>`SELECT SUM(used_fen) AS u FROM ecommerce_quota`.execute(platform.db.kysely))
          .rows[0]!.u,
      );
    const t = tx(400, { buyerId });
    const [decided] = await all(t);
    const invtNo = String(decided!.receipt.data.invtNo);
    const before = await quota();
    const released = decided!.receipt.status === '800';
    const type = released ? 'CEB625Message' : 'CEB623Message';
    const [ended] = await results(type, P.ebcCode, [
      released ? sampleRefund(t, invtNo) : sampleCancel(t, invtNo),
    ]);
    expect(ended!.receipt.status).toBe('399');
    expect(await quota()).toBe(before - 31000);
    expect((await list(400))[0]!.status).toBe(released ? 'returned' : 'cancelled');
    // Once ended, neither can be repeated (a new GUID, same list).
    const again = (released ? sampleRefund(t, invtNo) : sampleCancel(t, invtNo)).replace(
      sampleGuid(400, released ? 6 : 5),
      sampleGuid(400, 9),
    );
    const [twice] = await results(type, P.ebcCode, [again]);
    expect(twice!.receipt.status).toBe('100');
    expect(await quota()).toBe(before - 31000);
  });

  it('shows the command dashboard lists, refusals by reason and tax collected', async () => {
    const headers = await loginAs(platform.app, 'sh.command-officer');
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/monitoring',
      headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // Two from the concurrent lists of one buyer, one from the lists decided together.
    expect(body.refusalsByReason.annual_limit).toBe(3);
    expect(body.refusalsByReason.mismatch).toBeGreaterThanOrEqual(1);
    expect(body.listsByStatus.rejected).toBeGreaterThanOrEqual(3);
    expect(Number(body.taxCollected.valueAddedTax)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a list still missing documents after the configured time, naming what is missing', async () => {
    const t = tx(500);
    await results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    expect(await platform.ecommerce.expireIncomplete()).toBe(0);
    const { expireIncomplete } = await import('./list-expiry.ts');
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(await expireIncomplete(platform.db, platform.exchange.receipts, 24 * 3_600_000, later)).toBe(1);
    const [row] = await list(500);
    expect(row!.status).toBe('rejected');
    // Read from the table: on PostgreSQL the pull cursor may hold back receipts while other test files' transactions are open.
    const refusal = await sql<{ reasons: string | object; data: string | object }>`SELECT reasons, data
      FROM exchange_receipt WHERE guid = ${sampleGuid(500, 4)} AND status = '100'`.execute(
      platform.db.kysely,
    );
    const reasons = refusal.rows[0]!.reasons;
    const data = refusal.rows[0]!.data;
    // The number it was given on entry names it in the refusal too.
    expect((typeof data === 'string' ? JSON.parse(data) : data).invtNo).toMatch(/^2244\d{4}I\d{9}$/);
    expect(typeof reasons === 'string' ? JSON.parse(reasons) : reasons).toEqual([
      { path: 'Inventory', rule: 'documents_missing', params: { missing: ['CEB411', 'CEB511'] } },
    ]);
  });

  it('gives the sender its receipts as official CEB XML', async () => {
    const t = tx(600);
    await results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    const response = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/receipts?limit=1000',
      headers: { 'x-api-key': keys[P.ebcCode]! },
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { guid: string; xml: string }[];
    const mine = items.filter((r) => r.guid === sampleGuid(600, 1));
    // On PostgreSQL the pull cursor may still hold it back while other tests' transactions are open.
    for (const item of mine) {
      expect(item.xml).toContain('<ceb:OrderReturn>');
      expect(item.xml).toContain(`<ceb:orderNo>ORD600</ceb:orderNo><ceb:returnStatus>120</ceb:returnStatus>`);
    }
  });

  describe('numbers, parties and returns', () => {
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
  describe('held lists concluded by an officer', () => {
    const medicine = [{ gcode: '3004909099', name: '药品', qty: 1, price: '80.00' }];
    const conclude = async (username: string, number: string, body: unknown) =>
      platform.app.inject({
        method: 'POST',
        url: `/api/v1/ecommerce/lists/${number}/conclusion`,
        headers: await loginAs(platform.app, username),
        payload: body as object,
      });
    // Medicines are held for review (300), or picked for inspection (500) at random; the test sets
    // which, so that it knows who may conclude it.
    const held = async (n: number, hold: '300' | '500' = '300') => {
      const t = tx(n, { lines: medicine });
      const [decided] = await all(t);
      expect(['300', '500']).toContain(decided!.receipt.status);
      await sql`UPDATE ecommerce_list SET return_status = ${hold} WHERE cop_no = ${`C${n}`}`.execute(
        platform.db.kysely,
      );
      return { t, invtNo: String(decided!.receipt.data.invtNo) };
    };
    const receiptsOf = async (guid: string) =>
      (
        await sql<{ message_type: string; status: string; reasons: string | object | null }>`
          SELECT message_type, status, reasons FROM exchange_receipt WHERE guid = ${guid} ORDER BY seq`.execute(
          platform.db.kysely,
        )
      ).rows.map((r) => [r.message_type, r.status]);
    const quotaOf = async (t: SampleTransaction) =>
      Number(
        (
          await sql<{ u: number }>`SELECT q.used_fen AS u FROM ecommerce_quota q JOIN ecommerce_list l
            ON l.buyer_hash = q.buyer_hash WHERE l.cop_no = ${`C${t.n}`}`.execute(platform.db.kysely)
        ).rows[0]?.u ?? 0,
      );

    it('releases a held list with its CEB816 tax bill, once, for an officer of its district', async () => {
      const { t, invtNo } = await held(630);
      expect((await conclude('gz.reviewer', invtNo, { outcome: 'release' })).statusCode).toBe(404);
      expect((await conclude('gzshop.declarant', invtNo, { outcome: 'release' })).statusCode).toBe(403);
      const released = await conclude('sh.reviewer', invtNo, { outcome: 'release' });
      expect(released.statusCode, released.body).toBe(200);
      expect(released.json()).toEqual({ status: 'released', returnStatus: '800' });
      expect((await list(630))[0]!.status).toBe('released');
      const bills = await sql<{
        tax_no: string;
        status: string;
      }>`SELECT tax_no, status FROM ecommerce_tax_bill
        WHERE invt_no = ${invtNo}`.execute(platform.db.kysely);
      expect(bills.rows).toEqual([{ tax_no: `${invtNo}T`, status: '1' }]);
      // The list came last, so its own receipt held it; the conclusion is a later CEB622.
      expect(await receiptsOf(sampleGuid(630, 4))).toEqual([
        ['CEB621Message', expect.stringMatching(/^(300|500)$/)],
        ['CEB621Message', '800'],
      ]);
      expect(await quotaOf(t)).toBe(9000);
      const again = await conclude('sh.reviewer', invtNo, { outcome: 'refuse', note: '复核' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ECOMMERCE.LIST_NOT_HELD');
      // Released, it may be returned within 30 days of now.
      const [returned] = await results('CEB625Message', P.ebcCode, [sampleRefund(t, invtNo)]);
      expect(returned!.receipt.status).toBe('399');
      // The voided bill's new status goes to the sender as a CEB818 (3 作废).
      const statuses = await sql<{
        status: string;
        data: string | object;
      }>`SELECT status, data FROM exchange_receipt
        WHERE message_type = 'CEB818Message' AND enterprise_code = ${P.ebcCode}`.execute(platform.db.kysely);
      const voided = statuses.rows
        .map((r) => ({ status: r.status, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data }))
        .filter((r) => r.data.invtNo === invtNo);
      expect(voided).toEqual([{ status: '3', data: { invtNo, taxNo: `${invtNo}T`, assureCode: P.ebpCode } }]);
    });

    it('lets only an inspector conclude a list picked for inspection (500)', async () => {
      const { invtNo } = await held(632, '500');
      const reviewer = await conclude('sh.reviewer', invtNo, { outcome: 'release' });
      expect(reviewer.statusCode).toBe(403);
      expect((await list(632))[0]!.status).toBe('held');
      const inspector = await conclude('sh.inspector', invtNo, { outcome: 'refuse', note: '货证不符' });
      expect(inspector.json()).toEqual({ status: 'rejected', returnStatus: '100' });
      const receipt = await sql<{ reasons: string | object }>`SELECT reasons FROM exchange_receipt
        WHERE guid = ${sampleGuid(632, 4)} AND status = '100'`.execute(platform.db.kysely);
      const reasons = receipt.rows[0]!.reasons;
      expect((typeof reasons === 'string' ? JSON.parse(reasons) : reasons)[0]).toMatchObject({
        rule: 'refused_on_inspection',
        params: { note: '货证不符' },
      });
    });

    it('refuses a held list with the officer’s note, giving the quota back and freeing its numbers', async () => {
      const { t, invtNo } = await held(631);
      expect(await quotaOf(t)).toBe(9000);
      const noNote = await conclude('sh.reviewer', invtNo, { outcome: 'refuse' });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.body).toContain('note');
      expect((await list(631))[0]!.status).toBe('held');
      const refused = await conclude('sh.reviewer', invtNo, { outcome: 'refuse', note: '药品无处方' });
      expect(refused.json()).toEqual({ status: 'rejected', returnStatus: '100' });
      expect((await list(631))[0]!.status).toBe('rejected');
      expect(await quotaOf(t)).toBe(0);
      const receipt = await sql<{ reasons: string | object }>`SELECT reasons FROM exchange_receipt
        WHERE guid = ${sampleGuid(631, 4)} AND status = '100'`.execute(platform.db.kysely);
      const reasons = receipt.rows[0]!.reasons;
      expect((typeof reasons === 'string' ? JSON.parse(reasons) : reasons)[0]).toMatchObject({
        path: 'Inventory',
        rule: 'refused_on_review',
        params: { note: '药品无处方' },
      });
      const audit = await sql<{ action: string }>`SELECT action FROM audit_record
        WHERE record_type = 'ecommerce_list' AND record_id IN (SELECT id FROM ecommerce_list WHERE cop_no = 'C631')
        ORDER BY seq`.execute(platform.db.kysely);
      expect(audit.rows.map((r) => r.action)).toEqual(['ecommerce.list.refuse']);
      // The order and waybill numbers are free for a new list.
      const again = sampleInventory({ ...t, lines: medicine }).replace(
        sampleGuid(631, 4),
        sampleGuid(631, 13),
      );
      expect((await results('CEB621Message', P.ebcCode, [again]))[0]!.receipt.status).not.toBe('100');
    });
  });
});

describe(`CEB gateway with CEB_INCOMPLETE_AFTER_HOURS on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform({ CEB_INCOMPLETE_AFTER_HOURS: '1' });
    await seedDemoAccounts(platform, ['ecommerce.submit']);
  });
  afterAll(() => platform?.close());

  it('refuses a list waiting for its documents after the configured hours, not the default day', async () => {
    const { key } = await platform.identity.users.issueApiKey(
      { kind: 'operator', name: 'test' },
      { enterpriseCode: P.ebcCode, name: 'ceb', scopes: ['ecommerce.submit'] },
    );
    const t: SampleTransaction = {
      n: 700,
      ...P,
      buyerId: '310101199001010700',
      lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
    };
    const response = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/messages',
      headers: { 'x-api-key': key, 'content-type': 'application/xml' },
      payload: cebMessage('CEB621Message', P.ebcCode, [sampleInventory(t)]),
    });
    expect(response.statusCode, response.body).toBe(200);
    const backdate = (minutes: number) =>
      sql`UPDATE ecommerce_list SET created_at = ${new Date(Date.now() - minutes * 60_000).toISOString()}`.execute(
        platform.db.kysely,
      );
    await backdate(50);
    expect(await platform.ecommerce.expireIncomplete()).toBe(0);
    await backdate(70);
    expect(await platform.ecommerce.expireIncomplete()).toBe(1);
    const rows = await sql<{ status: string }>`SELECT status FROM ecommerce_list`.execute(platform.db.kysely);
    expect(rows.rows.map((r) => r.status)).toEqual(['rejected']);
  });
});
