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
    // Held at random: for review, which the sender may withdraw (not for inspection, which it may not).
    if (!released)
      await sql`UPDATE ecommerce_list SET return_status = '300' WHERE cop_no = 'C400'`.execute(
        platform.db.kysely,
      );
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
});
