import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  cebJsonDocument,
  cebJsonMessage,
  cebMessage,
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform, tableCounts } from './ceb-gateway.test-helpers.ts';
import { sampleSigner, signCebXml } from './ceb-signing.samples.ts';
import { orderKeyOf } from './ecommerce.tables.ts';

const TRANSFER = (copCode: string) => ({
  copCode,
  copName: '企业',
  dxpMode: 'DXP',
  dxpId: 'DXPENT0000000001',
});

const json = cebJsonMessage;

describe(`CEB gateway formats and bad input on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  const list = (n: number) => g.lists(n);

  beforeAll(async () => {
    g = await cebGatewayPlatform();
  });
  afterAll(() => g?.close());

  it('takes the four documents of a transaction as JSON and decides the list as for XML', async () => {
    const t = g.tx(1);
    const [order] = await g.resultsJson(P.ebcCode, json('CEB311Message', P.ebcCode, [sampleOrder(t)]));
    expect(order!.receipt).toMatchObject({ status: '120', data: { receipt: 'CEB312', orderNo: 'ORD1' } });
    await g.resultsJson(P.payCode, json('CEB411Message', P.payCode, [samplePayment(t)]));
    await g.resultsJson(P.logisticsCode, json('CEB511Message', P.logisticsCode, [sampleWaybill(t)]));
    const [decided] = await g.resultsJson(P.ebcCode, json('CEB621Message', P.ebcCode, [sampleInventory(t)]));
    expect(['800', '300', '500']).toContain(decided!.receipt.status);
    expect(decided!.receipt.data).toMatchObject({
      receipt: 'CEB622',
      copNo: 'C1',
      invtNo: expect.any(String),
    });
    // The same delivery again: the stored receipt, no second effect.
    const [again] = await g.resultsJson(P.ebcCode, json('CEB311Message', P.ebcCode, [sampleOrder(t)]));
    expect(again).toMatchObject({ outcome: 'duplicate', receipt: order!.receipt });
  });

  it('checks JSON documents by the same field specs, with JSON Pointer paths in the receipt', async () => {
    const doc = cebJsonDocument(sampleOrder(g.tx(2))) as { OrderHead: Record<string, string> };
    delete doc.OrderHead.orderNo;
    doc.OrderHead.currency = '502';
    const [answer] = await g.resultsJson(P.ebcCode, {
      type: 'CEB311Message',
      BaseTransfer: TRANSFER(P.ebcCode),
      documents: [doc],
    });
    expect(answer!.receipt).toMatchObject({
      status: '-1',
      reasons: [
        { path: '/documents/0/OrderHead/orderNo', rule: 'required' },
        { path: '/documents/0/OrderHead/currency', rule: 'one_of', params: { allowed: ['142'] } },
      ],
    });
  });

  it('refuses JSON that is not a CEB message whole (400), storing nothing', async () => {
    const before = await tableCounts(g);
    const numbers = json('CEB311Message', P.ebcCode, [sampleOrder(g.tx(3))]);
    (numbers.documents[0] as { OrderHead: Record<string, unknown> }).OrderHead.freight = 10;
    for (const body of [
      numbers,
      { ...json('CEB311Message', P.ebcCode, []), extra: 1 },
      { type: 'CEB311Message' },
    ]) {
      const response = await g.post(P.ebcCode, body, 'application/json');
      expect(response.statusCode, response.body).toBe(400);
    }
    const wrongType = await g.post(
      P.ebcCode,
      { ...numbers, type: 'CEB303Message', documents: [{}] },
      'application/json',
    );
    expect([wrongType.statusCode, wrongType.json().code]).toEqual([
      400,
      'ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED',
    ]);
    const plain = await g.post(P.ebcCode, 'hello', 'text/plain');
    expect(plain.statusCode).toBe(415);
    expect(await tableCounts(g)).toEqual(before);
  });

  it('binds a GUID to its first payload: other content (or the other format) is GUID_REUSED and changes nothing', async () => {
    const t = g.tx(4);
    await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    const before = await tableCounts(g);
    const [changed] = await g.results('CEB311Message', P.ebcCode, [sampleOrder({ ...t, buyerName: '李四' })]);
    expect(changed).toEqual({
      outcome: 'guid_reused',
      guid: sampleGuid(4, 1),
      error: { code: 'EXCHANGE.GUID_REUSED' },
    });
    const [asJson] = await g.resultsJson(P.ebcCode, json('CEB311Message', P.ebcCode, [sampleOrder(t)]));
    expect(asJson!.outcome).toBe('guid_reused');
    // One GUID twice in one batch: the second is a repeat of the first.
    const t5 = g.tx(5);
    const twice = await g.results('CEB311Message', P.ebcCode, [sampleOrder(t5), sampleOrder(t5)]);
    expect(twice.map((r) => r.outcome)).toEqual(['accepted', 'duplicate']);
    expect(await tableCounts(g)).toEqual({ ...before, ecommerce_order: before.ecommerce_order! + 1 });
    // One GUID on two different documents of one batch: the first is applied, the second refused.
    const other = sampleOrder(g.tx(7)).replace(sampleGuid(7, 1), sampleGuid(6, 1));
    const clash = await g.results('CEB311Message', P.ebcCode, [sampleOrder(g.tx(6)), other]);
    expect(clash.map((r) => r.outcome)).toEqual(['accepted', 'guid_reused']);
    const stored = await g.rows(
      sql<{ order_key: string }>`SELECT order_key FROM ecommerce_order WHERE guid = ${sampleGuid(6, 1)}`,
    );
    expect(stored.map((r) => r.order_key)).toEqual([orderKeyOf(P.ebpCode, 'ORD6')]);
  });

  it('refuses a list over the buyer’s annual limit with nothing taken from the quota and no tax bill', async () => {
    const buyerId = '310101199001017777';
    const big = (n: number): SampleTransaction =>
      g.tx(n, { buyerId, lines: [{ gcode: '3401110000', name: '香皂', qty: 1, price: '4990.00' }] });
    const quota = async () =>
      Number(
        (
          await g.rows(
            sql<{
              u: number;
            }>`SELECT COALESCE(SUM(used_fen), 0) AS u FROM ecommerce_quota WHERE used_fen >= 0`,
          )
        )[0]!.u,
      );
    for (let n = 20; n < 26; n++) {
      const t = big(n);
      await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
      await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
      await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
      await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    }
    // Five lists of 5,000.00 use 25,000.00; the sixth would pass 26,000.00.
    const [sixth] = await list(25);
    expect(sixth!.status).toBe('rejected');
    const before = { quota: await quota(), counts: await tableCounts(g) };
    const t = big(26);
    await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [answer] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    expect(answer!.receipt).toMatchObject({
      status: '100',
      reasons: [{ path: 'InventoryHead/buyerIdNumber', rule: 'annual_limit', params: { limit: '26000.00' } }],
    });
    expect(await quota()).toBe(before.quota);
    const after = await tableCounts(g);
    expect(after.ecommerce_tax_bill).toBe(before.counts.ecommerce_tax_bill);
  });

  it('refuses appType 3 (delete), 2 (change) on lists and drafts (appStatus 1), as business refusals naming the field, storing nothing', async () => {
    const before = await tableCounts(g);
    const cases = [
      ['CEB311Message', sampleOrder(g.tx(30)), '3', ['1', '2'], 'Order/ceb:OrderHead'],
      ['CEB621Message', sampleInventory(g.tx(31)), '2', ['1'], 'Inventory/ceb:InventoryHead'],
      ['CEB621Message', sampleInventory(g.tx(32)), '3', ['1'], 'Inventory/ceb:InventoryHead'],
    ] as const;
    for (const [type, document, appType, allowed, head] of cases) {
      const [answer] = await g.results(type, P.ebcCode, [
        document.replace('<ceb:appType>1<', `<ceb:appType>${appType}<`),
      ]);
      expect(answer!.receipt).toMatchObject({
        status: '100',
        reasons: [
          {
            path: `/ceb:${type}/ceb:${head}/ceb:appType`,
            rule: 'app_type_unsupported',
            params: { appType, allowed },
          },
        ],
      });
    }
    // A draft (appStatus 1 暂存) is not a declaration: a whole transaction of drafts numbers, taxes and releases nothing.
    const draft = (document: string) => document.replace('<ceb:appStatus>2<', '<ceb:appStatus>1<');
    const t = g.tx(36);
    for (const [type, sender, document] of [
      ['CEB311Message', P.ebcCode, sampleOrder(t)],
      ['CEB411Message', P.payCode, samplePayment(t)],
      ['CEB511Message', P.logisticsCode, sampleWaybill(t)],
      ['CEB621Message', P.ebcCode, sampleInventory(t)],
    ] as const) {
      const [answer] = await g.results(type, sender, [draft(document)]);
      expect(answer!.receipt).toMatchObject({
        status: '100',
        reasons: [{ path: expect.stringMatching(/appStatus$/), rule: 'draft_not_declared' }],
      });
    }
    expect(await tableCounts(g)).toEqual(before);
  });

  it('changes an order (appType 2) that no decided list used, so a corrected list can pass', async () => {
    const t = g.tx(33);
    const change = (doc: string, n: number) =>
      doc.replace('<ceb:appType>1<', '<ceb:appType>2<').replace(sampleGuid(33, 1), sampleGuid(33, n));
    // The order was sent with the wrong consignee: the list is refused on the mismatch.
    await g.results('CEB311Message', P.ebcCode, [sampleOrder({ ...t, buyerName: '李四' })]);
    await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [refused] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    expect(refused!.receipt.reasons).toContainEqual(expect.objectContaining({ rule: 'mismatch' }));
    // Corrected by a change, then a new list (new GUID and copNo) for the same order passes.
    const [changed] = await g.results('CEB311Message', P.ebcCode, [change(sampleOrder(t), 11)]);
    expect(changed!.receipt).toMatchObject({ status: '120', data: { receipt: 'CEB312', orderNo: 'ORD33' } });
    const again = sampleInventory(t)
      .replace(sampleGuid(33, 4), sampleGuid(33, 12))
      .replace('>C33<', '>C33b<');
    const [decided] = await g.results('CEB621Message', P.ebcCode, [again]);
    expect(['800', '300', '500']).toContain(decided!.receipt.status);
    // Once a list is decided with it, the order can no longer change; an unknown one cannot either.
    const before = await tableCounts(g);
    const [late] = await g.results('CEB311Message', P.ebcCode, [
      change(sampleOrder({ ...t, buyerName: '王五' }), 13),
    ]);
    expect(late!.receipt).toMatchObject({
      status: '100',
      reasons: [{ rule: 'already_decided', params: { key: `${P.ebpCode}|ORD33` } }],
    });
    const [unknown] = await g.results('CEB311Message', P.ebcCode, [
      sampleOrder(g.tx(34)).replace('<ceb:appType>1<', '<ceb:appType>2<'),
    ]);
    expect(unknown!.receipt.reasons?.[0]).toMatchObject({ rule: 'document_not_found' });
    // Another merchant naming the platform's order: answered as if it did not exist, with no sender named.
    const stranger = '3122980106';
    g.keys[stranger] = (
      await g.platform.identity.users.issueApiKey(
        { kind: 'operator', name: 'test' },
        { enterpriseCode: stranger, name: 'ceb', scopes: ['ecommerce.submit'] },
      )
    ).key;
    const [foreign] = await g.results('CEB311Message', stranger, [
      change(sampleOrder({ ...t, ebcCode: stranger }), 14),
    ]);
    expect(foreign!.receipt.reasons).toEqual([
      {
        path: '/ceb:CEB311Message/ceb:Order/ceb:OrderHead/ceb:appType',
        rule: 'document_not_found',
        params: { key: `${P.ebpCode}|ORD33` },
      },
    ]);
    expect(await tableCounts(g)).toEqual(before);
    const [order] = await g.rows(
      sql<{ doc: string }>`SELECT doc FROM ecommerce_order WHERE order_key = ${`${P.ebpCode}|ORD33`}`,
    );
    expect(JSON.parse(order!.doc).head.buyerName).toBe('张三');
  });

  it('decides a waiting list against the changed version of its waybill', async () => {
    const t = g.tx(35);
    await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
    await g.results('CEB511Message', P.logisticsCode, [
      sampleWaybill(t).replace(/<ceb:consignee>[^<]*/, '<ceb:consignee>错误'),
    ]);
    // The carrier corrects the consignee before the list arrives; the list is matched against the correction.
    const [changed] = await g.results('CEB511Message', P.logisticsCode, [
      sampleWaybill(t)
        .replace('<ceb:appType>1<', '<ceb:appType>2<')
        .replace(sampleGuid(35, 3), sampleGuid(35, 13)),
    ]);
    expect(changed!.receipt.status).toBe('120');
    const [decided] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    expect(['800', '300', '500']).toContain(decided!.receipt.status);
  });

  it('refuses codes not on the code lists in force (-1), and customs codes of no known 关区, storing nothing', async () => {
    const before = await tableCounts(g);
    const list = sampleInventory(g.tx(41))
      .replace('<ceb:country>116<', '<ceb:country>USA<')
      .replace('<ceb:trafMode>4<', '<ceb:trafMode>Q<')
      .replace('<ceb:portCode>2244<', '<ceb:portCode>1144<')
      .replace('<ceb:unit1>011<', '<ceb:unit1>ABC<');
    const [answer] = await g.results('CEB621Message', P.ebcCode, [list]);
    expect(answer!.receipt.status).toBe('-1');
    const head = '/ceb:CEB621Message/ceb:Inventory/ceb:InventoryHead/ceb:';
    expect(answer!.receipt.reasons).toEqual([
      {
        path: `${head}trafMode`,
        rule: 'unknown_code',
        params: expect.objectContaining({ codeSet: 'transportMode', code: 'Q' }),
      },
      {
        path: `${head}portCode`,
        rule: 'unknown_code',
        params: expect.objectContaining({ codeSet: 'customsDistrict', code: '1144' }),
      },
      {
        path: 'InventoryList[1]/country',
        rule: 'unknown_code',
        params: expect.objectContaining({ codeSet: 'country', code: 'USA' }),
      },
      {
        path: 'InventoryList[1]/unit1',
        rule: 'unknown_code',
        params: expect.objectContaining({ codeSet: 'unit', code: 'ABC' }),
      },
    ]);
    // 海关总署 is no customs to declare at.
    const [hq] = await g.results('CEB621Message', P.ebcCode, [
      sampleInventory(g.tx(42)).replace('<ceb:customsCode>2244<', '<ceb:customsCode>0000<'),
    ]);
    expect(hq!.receipt.reasons).toEqual([
      {
        path: `${head}customsCode`,
        rule: 'unknown_code',
        params: expect.objectContaining({ codeSet: 'customsDistrict', code: '0000' }),
      },
    ]);
    // The order's lines too: its country of origin.
    const [order] = await g.results('CEB311Message', P.ebcCode, [
      sampleOrder(g.tx(41)).replace('<ceb:country>116<', '<ceb:country>998<'),
    ]);
    expect(order!.receipt.reasons).toEqual([
      {
        path: 'OrderList[1]/country',
        rule: 'unknown_code',
        params: expect.objectContaining({ code: '998' }),
      },
    ]);
    expect(await tableCounts(g)).toEqual(before);
  });

  it('answers malformed XML, another namespace, an unknown message or a missing BaseTransfer with 400', async () => {
    const before = await tableCounts(g);
    const order = sampleOrder(g.tx(40));
    const cases: [string, string][] = [
      [cebMessage('CEB311Message', P.ebcCode, [order]).replace('</ceb:Order>', ''), 'EXCHANGE.XML_MALFORMED'],
      [
        cebMessage('CEB311Message', P.ebcCode, [order]).replace('http://www.chinaport.gov.cn/ceb', 'urn:x'),
        'EXCHANGE.XML_NAMESPACE',
      ],
      [cebMessage('CEB999Message', P.ebcCode, [order]), 'ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED'],
      [
        cebMessage('CEB311Message', P.ebcCode, [order]).replace(
          /<ceb:BaseTransfer>.*<\/ceb:BaseTransfer>/,
          '',
        ),
        'ECOMMERCE.INVALID',
      ],
      [
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`,
        'EXCHANGE.XML_DOCTYPE',
      ],
    ];
    for (const [payload, code] of cases) {
      const response = await g.post(P.ebcCode, payload, 'application/xml');
      expect([response.statusCode, response.json().code]).toEqual([400, code]);
    }
    expect(await tableCounts(g)).toEqual(before);
  });

  it('keeps a signature unverified when verification is off, even one that would fail', async () => {
    const signer = sampleSigner({ cn: P.ebcCode });
    const signed = signCebXml(
      cebMessage('CEB621Message', P.ebcCode, [sampleInventory(g.tx(50))]),
      signer,
    ).replace(/<ds:SignatureValue>./, '<ds:SignatureValue>A');
    const response = await g.post(P.ebcCode, signed, 'application/xml');
    expect(response.json().results[0].receipt.status).toBe('120');
    const stored = JSON.parse((await list(50))[0]!.doc);
    expect(stored.signature).toMatchObject({ format: 'xml', verified: null });
    expect(stored.signature.block).toMatch(
      /^<ds:Signature xmlns:ds="http:\/\/www.w3.org\/2000\/09\/xmldsig#">.*<\/ds:Signature>$/,
    );
  });
});
