import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  SAMPLE_PARTIES as P,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform, tableCounts } from './ceb-gateway.test-helpers.ts';
import { backfillPaymentKeys } from './migrations/index.ts';

// Numbers a document may use once, and parties it must name rightly: each refusal names its field and stores nothing.
describe(`CEB gateway numbers and parties on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  const list = (n: number) => g.lists(n);
  beforeAll(async () => {
    g = await cebGatewayPlatform();
  });
  afterAll(() => g?.close());

  it('answers each document of a batch on its own: a bad one is refused, the good ones stored', async () => {
    // ORD1 is taken first, for the third document to reuse.
    expect((await g.results('CEB311Message', P.ebcCode, [sampleOrder(g.tx(1))]))[0]!.receipt.status).toBe(
      '120',
    );
    const [good, bad, reused] = await g.results('CEB311Message', P.ebcCode, [
      sampleOrder(g.tx(6)),
      sampleOrder(g.tx(7)).replace(/<ceb:acturalPaid>[^<]*/, '<ceb:acturalPaid>abc'),
      sampleOrder({ ...g.tx(8) }).replace('<ceb:orderNo>ORD8<', '<ceb:orderNo>ORD1<'),
    ]);
    expect(good!.receipt.status).toBe('120');
    expect(bad!.receipt).toMatchObject({ status: '-1', reasons: [{ rule: 'decimal' }] });
    expect(reused!.receipt).toMatchObject({ status: '100', reasons: [{ rule: 'number_reused' }] });
    const orders = await g.rows(
      sql<{
        k: string;
      }>`SELECT order_key AS k FROM ecommerce_order WHERE order_key IN (${`${P.ebpCode}|ORD6`}, ${`${P.ebpCode}|ORD7`})`,
    );
    expect(orders.map((o) => o.k)).toEqual([`${P.ebpCode}|ORD6`]);
  });

  it('refuses unregistered parties, other senders and reused numbers on orders, payments and waybills', async () => {
    const t = g.tx(60);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const before = await tableCounts(g);
    const [unknownPay] = await g.results('CEB311Message', P.ebcCode, [
      sampleOrder({ ...t, payCode: '9999999999' }),
    ]);
    expect(unknownPay!.receipt).toMatchObject({
      status: '100',
      reasons: [
        {
          path: 'payCode',
          rule: 'party_unregistered',
          params: { code: '9999999999', type: 'payment_company' },
        },
      ],
    });
    // A list's declaring agent is its merchant or platform, or a customs broker: not the payment company.
    const viaPayer = sampleInventory(g.tx(61)).replace(
      `<ceb:agentCode>${P.ebcCode}<`,
      `<ceb:agentCode>${P.payCode}<`,
    );
    const [notBroker] = await g.results('CEB621Message', P.ebcCode, [viaPayer]);
    expect(notBroker!.receipt).toMatchObject({
      status: '100',
      reasons: [
        {
          path: 'agentCode',
          rule: 'party_unregistered',
          params: { code: P.payCode, type: 'customs_broker' },
        },
      ],
    });
    // The merchant cannot send the payment company's voucher.
    const [notPayer] = await g.results('CEB411Message', P.ebcCode, [samplePayment(t)]);
    expect(notPayer!.receipt.reasons?.[0]).toMatchObject({
      rule: 'not_party',
      params: { fields: ['payCode'] },
    });
    const [reused] = await g.results('CEB511Message', P.logisticsCode, [
      sampleWaybill(t).replace(sampleGuid(60, 3), sampleGuid(60, 13)),
    ]);
    expect(reused!.receipt).toMatchObject({
      status: '100',
      reasons: [
        {
          path: '/ceb:CEB511Message/ceb:Logistics/ceb:LogisticsHead/ceb:logisticsNo',
          rule: 'number_reused',
          params: { key: `${P.logisticsCode}|WB60` },
        },
      ],
    });
    expect(await tableCounts(g)).toEqual(before);
    // A registered customs broker (the demo's Shanghai one) may declare for the merchant.
    const viaBroker = sampleInventory(g.tx(62)).replace(
      `<ceb:agentCode>${P.ebcCode}<`,
      '<ceb:agentCode>3122980102<',
    );
    const [broker] = await g.results('CEB621Message', P.ebcCode, [viaBroker]);
    expect(broker!.receipt.status).toBe('120');
  });

  it('refuses a payment voucher citing a payment that already backs another order, and a change to one', async () => {
    const [first, second] = [g.tx(62), g.tx(63)];
    const [paid] = await g.results('CEB411Message', P.payCode, [samplePayment(first)]);
    expect(paid!.receipt.status).toBe('120');
    const before = await tableCounts(g);
    // The second order's voucher names the first's payment (PAY62): one payment cannot back two orders.
    const again = samplePayment(second)
      .replace('<ceb:payTransactionId>PAY63<', '<ceb:payTransactionId>PAY62<')
      .replace(sampleGuid(63, 2), sampleGuid(63, 22));
    expect(again).not.toBe(samplePayment(second));
    const [reused] = await g.results('CEB411Message', P.payCode, [again]);
    expect(reused!.receipt).toMatchObject({
      status: '100',
      reasons: [
        {
          path: '/ceb:CEB411Message/ceb:Payment/ceb:PaymentHead/ceb:payTransactionId',
          rule: 'number_reused',
          params: { key: `${P.payCode}|PAY62` },
        },
      ],
    });
    expect(await tableCounts(g)).toEqual(before);
    // Its own payment number is free; a change (appType 2) to the first's number is refused, the voucher kept.
    const [own] = await g.results('CEB411Message', P.payCode, [samplePayment(second)]);
    expect(own!.receipt.status).toBe('120');
    const changed = samplePayment(second)
      .replace('<ceb:payTransactionId>PAY63<', '<ceb:payTransactionId>PAY62<')
      .replace('<ceb:appType>1<', '<ceb:appType>2<')
      .replace(sampleGuid(63, 2), sampleGuid(63, 12));
    const [change] = await g.results('CEB411Message', P.payCode, [changed]);
    expect(change!.receipt).toMatchObject({ status: '100', reasons: [{ rule: 'number_reused' }] });
    const stored = await g.rows(
      sql<{
        k: string;
      }>`SELECT pay_key AS k FROM ecommerce_payment WHERE order_key = ${`${P.ebpCode}|ORD63`}`,
    );
    expect(stored.map((r) => r.k)).toEqual([`${P.payCode}|PAY63`]);
    // The upgrade that brought the column (migration 0011) fills it for the vouchers stored before, from each document.
    const keys = () =>
      g.rows(sql<{ k: string | null }>`SELECT pay_key AS k FROM ecommerce_payment ORDER BY order_key`);
    const filled = await keys();
    await sql`UPDATE ecommerce_payment SET pay_key = NULL`.execute(g.platform.db.kysely);
    expect((await keys()).every((r) => r.k === null)).toBe(true);
    await g.platform.db.transaction((tx) => backfillPaymentKeys(tx));
    expect(await keys()).toEqual(filled);
  });

  it('refuses a second live list for the same order or waybill', async () => {
    const t = g.tx(9);
    await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    const second = sampleInventory({ ...t, n: 9 })
      .replace(sampleGuid(9, 4), sampleGuid(9, 10))
      .replace('<ceb:copNo>C9<', '<ceb:copNo>C9b<');
    const [answer] = await g.results('CEB621Message', P.ebcCode, [second]);
    expect(answer!.receipt).toMatchObject({
      status: '100',
      reasons: [{ path: 'InventoryHead/orderNo', rule: 'number_reused' }],
    });
    expect(await list(9)).toHaveLength(1);
  });
});
