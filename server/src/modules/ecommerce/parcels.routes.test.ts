import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { parseXml } from '../../platform/exchange/index.ts';
import {
  SAMPLE_PARTIES as P,
  SAMPLE_SITE_OPERATOR as SITE,
  sampleDelivery,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
  sampleWaybillStatus,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform, tableCounts } from './ceb-gateway.test-helpers.ts';

describe(`CEB513 waybill statuses and CEB711 deliveries on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  const waybill = async (n: number) =>
    (
      await g.rows(
        sql<{
          logistics_status: string | null;
          logistics_time: string | null;
          entered_at: string | null;
          rkd_no: string | null;
        }>`SELECT logistics_status, logistics_time, entered_at, rkd_no FROM ecommerce_waybill WHERE parcel_key = ${`${P.logisticsCode}|WB${n}`}`,
      )
    )[0];
  const all = async (n: number) => {
    const t = g.tx(n);
    await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [list] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    return list!.receipt.status;
  };

  beforeAll(async () => {
    g = await cebGatewayPlatform();
  });
  afterAll(() => g?.close());

  it('puts a sign-for (CEB513 S) on its waybill and answers a CEB514', async () => {
    const status = await all(1);
    const [answer] = await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(g.tx(1))]);
    expect(answer!.receipt.status).toBe('120');
    expect(answer!.receipt.data).toMatchObject({
      receipt: 'CEB514',
      logisticsCode: P.logisticsCode,
      logisticsNo: 'WB1',
      logisticsStatus: 'S',
    });
    // 2026-11-12 09:30:00 in China is 01:30 UTC.
    expect(await waybill(1)).toMatchObject({ logistics_status: 'S' });
    expect(new Date((await waybill(1))!.logistics_time!).toISOString()).toBe('2026-11-12T01:30:00.000Z');
    const [row] = await g.rows(
      sql<{
        list_status: string;
        anomaly: string | null;
      }>`SELECT list_status, anomaly FROM ecommerce_waybill_status WHERE guid = ${sampleGuid(1, 7)}`,
    );
    // Released: in order; held (yellow or red channel): signed for before release.
    expect(row).toEqual(
      status === '800'
        ? { list_status: 'released', anomaly: null }
        : { list_status: 'held', anomaly: 'before_release' },
    );
  });

  it('flags a parcel signed for while its list waits, and one with no list at all', async () => {
    const t = g.tx(2);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(t)]);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(g.tx(3))]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(g.tx(3))]);
    const rows = await g.rows(
      sql<{
        parcel_key: string;
        list_status: string | null;
        anomaly: string;
      }>`SELECT parcel_key, list_status, anomaly
        FROM ecommerce_waybill_status WHERE parcel_key IN (${`${P.logisticsCode}|WB2`}, ${`${P.logisticsCode}|WB3`}) ORDER BY parcel_key`,
    );
    expect(rows.map((r) => [r.list_status, r.anomaly])).toEqual([
      ['pending', 'before_release'],
      [null, 'no_declaration'],
    ]);
    const { loginAs } = await import('../../../test/helpers/auth.ts');
    const parcels = async (officer: string) => {
      const headers = await loginAs(g.platform.app, officer);
      return (await g.platform.app.inject({ url: '/api/v1/ecommerce/monitoring', headers })).json().parcels;
    };
    // WB1 and WB2 count in the district of their lists (2244, Shanghai); WB3, with no list and no
    // entry at a site, in no district: only headquarters sees it.
    expect(await parcels('sh.command-officer')).toMatchObject({
      signedFor: 2,
      signedBeforeRelease: expect.any(Number),
      signedWithoutDeclaration: 0,
    });
    expect(await parcels('hq.command-officer')).toMatchObject({ signedFor: 3, signedWithoutDeclaration: 1 });
  });

  it('refuses a status for an unknown waybill, a second sign-for, and a status other than S, changing nothing', async () => {
    const before = await tableCounts(g);
    const unknown = await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(g.tx(99))]);
    expect(unknown[0]!.receipt).toMatchObject({
      status: '100',
      reasons: [
        { path: 'LogisticsStatus/logisticsNo', rule: 'waybill_not_found', params: { logisticsNo: 'WB99' } },
      ],
    });
    const again = sampleWaybillStatus(g.tx(1)).replace(sampleGuid(1, 7), sampleGuid(1, 9));
    const [second] = await g.results('CEB513Message', P.logisticsCode, [again]);
    expect(second!.receipt.reasons?.[0]?.rule).toBe('status_already_reported');
    const [other] = await g.results('CEB513Message', P.logisticsCode, [
      sampleWaybillStatus(g.tx(4)).replace('<ceb:logisticsStatus>S<', '<ceb:logisticsStatus>R<'),
    ]);
    expect(other!.receipt).toMatchObject({
      status: '-1',
      reasons: [{ rule: 'one_of', params: { allowed: ['S'] } }],
    });
    const [badTime] = await g.results('CEB513Message', P.logisticsCode, [
      sampleWaybillStatus(g.tx(5), '20261332250000'),
    ]);
    expect(badTime!.receipt.reasons?.[0]).toMatchObject({
      rule: 'format',
      params: { format: 'yyyyMMddHHmmss' },
    });
    // Only the carrier of the waybill may report its status.
    const [notParty] = await g.results('CEB513Message', P.ebcCode, [sampleWaybillStatus(g.tx(1))]);
    expect(notParty!.receipt.reasons?.[0]?.rule).toBe('not_party');
    expect(await tableCounts(g)).toEqual(before);
  });

  it('enters the parcels of a CEB711 into the site with preNo and rkdNo, and answers a CEB712', async () => {
    const ts = [g.tx(10), g.tx(11)];
    for (const t of ts) await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [answer] = await g.results('CEB711Message', SITE, [sampleDelivery(10, ts)]);
    expect(answer!.receipt.status).toBe('120');
    expect(answer!.receipt.data).toMatchObject({
      receipt: 'CEB712',
      customsCode: '2244',
      operatorCode: SITE,
      copNo: 'RK10',
      preNo: expect.stringMatching(/^B\d{17}$/),
      rkdNo: expect.stringMatching(/^2244\d{4}R\d{9}$/),
    });
    for (const n of [10, 11])
      expect(await waybill(n)).toMatchObject({
        rkd_no: answer!.receipt.data.rkdNo,
        entered_at: expect.any(String),
      });
    // The receipt as official XML: DeliveryReturn with its key fields in the model's order.
    const [stored] = await g.rows(
      sql<{ id: string }>`SELECT id FROM exchange_receipt WHERE guid = ${sampleGuid(10, 8)}`,
    );
    expect(stored).toBeDefined();
    const pulled = await g.platform.app.inject({
      url: '/api/v1/ecommerce/receipts?limit=1000',
      headers: { 'x-api-key': g.keys[SITE]! },
    });
    for (const item of (pulled.json().items as { guid: string; xml: string }[]).filter(
      (r) => r.guid === sampleGuid(10, 8),
    )) {
      const fields = parseXml(item.xml).root.children[0]!.children.map((c) => c.local);
      expect(fields).toEqual([
        'guid',
        'customsCode',
        'operatorCode',
        'copNo',
        'preNo',
        'rkdNo',
        'returnStatus',
        'returnTime',
        'returnInfo',
      ]);
    }
  });

  it('refuses a delivery naming unknown, repeated or already entered parcels, or a reused copNo, entering none', async () => {
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(g.tx(20))]);
    const before = await tableCounts(g);
    const [bad] = await g.results('CEB711Message', SITE, [
      sampleDelivery(20, [g.tx(20), g.tx(10), g.tx(98), g.tx(20)]),
    ]);
    expect(bad!.receipt.status).toBe('100');
    expect(bad!.receipt.reasons).toEqual([
      {
        path: 'DeliveryList[2]/logisticsNo',
        rule: 'parcel_already_entered',
        params: { logisticsNo: 'WB10', rkdNo: expect.any(String) },
      },
      { path: 'DeliveryList[3]/logisticsNo', rule: 'waybill_not_found', params: { logisticsNo: 'WB98' } },
      { path: 'DeliveryList[4]/logisticsNo', rule: 'repeated', params: { logisticsNo: 'WB20' } },
    ]);
    // Another site is told the parcel is in, not under which entry.
    const otherSite = '4401960117';
    g.keys[otherSite] = (
      await g.platform.identity.users.issueApiKey(
        { kind: 'operator', name: 'test' },
        { enterpriseCode: otherSite, name: 'ceb', scopes: ['ecommerce.submit'] },
      )
    ).key;
    const [elsewhere] = await g.results('CEB711Message', otherSite, [
      sampleDelivery(22, [g.tx(10)], otherSite),
    ]);
    expect(elsewhere!.receipt.reasons).toEqual([
      {
        path: 'DeliveryList[1]/logisticsNo',
        rule: 'parcel_already_entered',
        params: { logisticsNo: 'WB10' },
      },
    ]);
    const [reused] = await g.results('CEB711Message', SITE, [
      sampleDelivery(21, [g.tx(20)]).replace('<ceb:copNo>RK21<', '<ceb:copNo>RK10<'),
    ]);
    expect(reused!.receipt.reasons).toEqual([
      { path: 'DeliveryHead/copNo', rule: 'number_reused', params: { copNo: 'RK10' } },
    ]);
    expect(await waybill(20)).toMatchObject({ entered_at: null, rkd_no: null });
    expect(await tableCounts(g)).toEqual(before);
  });

  it('refuses a delivery from an enterprise that is not a supervised-site operator, or without parcels', async () => {
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(g.tx(30))]);
    // The carrier itself is registered, but not as a 监管场所经营人.
    const [byCarrier] = await g.results('CEB711Message', P.logisticsCode, [
      sampleDelivery(30, [g.tx(30)], P.logisticsCode),
    ]);
    expect(byCarrier!.receipt.reasons).toEqual([
      {
        path: 'operatorCode',
        rule: 'party_unregistered',
        params: { code: P.logisticsCode, type: 'supervised_site_operator' },
      },
    ]);
    const [empty] = await g.results('CEB711Message', SITE, [
      sampleDelivery(31, [g.tx(30)]).replace(/<ceb:DeliveryList>.*<\/ceb:DeliveryList>/, ''),
    ]);
    expect(empty!.receipt).toMatchObject({ status: '-1', reasons: [{ rule: 'required' }] });
    expect(await waybill(30)).toMatchObject({ entered_at: null });
  });

  it('shows a list with its parcel to its parties and to officers of its district, 404 to others', async () => {
    const t = g.tx(40);
    await all(40);
    await g.results('CEB711Message', SITE, [sampleDelivery(40, [t])]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(t)]);
    const [row] = await g.rows(
      sql<{
        pre_no: string;
        invt_no: string;
      }>`SELECT pre_no, invt_no FROM ecommerce_list WHERE cop_no = 'C40'`,
    );
    const view = async (number: string, headers: Record<string, string>) =>
      g.platform.app.inject({ url: `/api/v1/ecommerce/lists/${number}`, headers });
    const carrier = await view(row!.invt_no, { 'x-api-key': g.keys[P.logisticsCode]! });
    expect(carrier.statusCode, carrier.body).toBe(200);
    expect(carrier.json()).toMatchObject({
      preNo: row!.pre_no,
      invtNo: row!.invt_no,
      customsCode: '2244',
      orderNo: 'ORD40',
      logisticsNo: 'WB40',
      parcel: {
        logisticsStatus: 'S',
        signedAt: '2026-11-12T01:30:00.000Z',
        enteredAt: expect.any(String),
        rkdNo: expect.stringMatching(/^2244\d{4}R\d{9}$/),
      },
    });
    expect(['released', 'held']).toContain(carrier.json().status);
    const { loginAs } = await import('../../../test/helpers/auth.ts');
    expect((await view(row!.pre_no, await loginAs(g.platform.app, 'sh.risk-analyst'))).statusCode).toBe(200);
    expect((await view(row!.pre_no, await loginAs(g.platform.app, 'gz.risk-analyst'))).statusCode).toBe(404);
    // The site operator is not a party to the list.
    const site = await view(row!.pre_no, { 'x-api-key': g.keys[SITE]! });
    expect([site.statusCode, site.json().code]).toEqual([404, 'ECOMMERCE.LIST_NOT_FOUND']);
  });
});
