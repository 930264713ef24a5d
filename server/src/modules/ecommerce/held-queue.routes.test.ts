import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  SAMPLE_PARTIES as P,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';

// The officers' queue of held lists (GET /api/v1/ecommerce/held-lists), on a platform of its own so
// that it holds only the lists these tests send.
describe(`the held-list queue on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  beforeAll(async () => {
    g = await cebGatewayPlatform();
  });
  afterAll(() => g?.close());

  const medicine = [
    { gcode: '3004909099', name: '感冒药', qty: 2, price: '40.00' },
    { gcode: '3304990099', name: '护肤品', qty: 1, price: '150.00' },
  ];
  const queue = async (username: string, query = '') => {
    const response = await g.platform.app.inject({
      method: 'GET',
      url: `/api/v1/ecommerce/held-lists${query}`,
      headers: await loginAs(g.platform.app, username),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const numbers = (body: { items: { copNo: string }[] }) => body.items.map((i) => i.copNo);
  // Sends a whole transaction, the list last; medicines are held by the demo risk rules.
  const send = async (n: number, over: { lines?: typeof medicine; customsCode?: string } = {}) => {
    const t = g.tx(n, over);
    await g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]);
    await g.results('CEB411Message', P.payCode, [samplePayment(t)]);
    await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]);
    const [list] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]);
    return list!.receipt;
  };
  // Medicines are held for review (300) or picked for inspection (500) at random: the test sets which.
  const hold = (n: number, returnStatus: '300' | '500') =>
    sql`UPDATE ecommerce_list SET return_status = ${returnStatus} WHERE cop_no = ${`C${n}`}`.execute(
      g.platform.db.kysely,
    );

  it('is empty before anything is held, and closed to enterprises', async () => {
    expect(await queue('sh.reviewer')).toEqual({ status: 200, body: { items: [], total: 0 } });
    expect((await queue('gzshop.declarant')).status).toBe(403);
  });

  it('lists the held lists of the district, oldest first, with their goods, tax and the rules that held them', async () => {
    for (const n of [701, 702]) expect(['300', '500']).toContain((await send(n, { lines: medicine })).status);
    await hold(701, '300');
    await hold(702, '500');
    // Waiting for its documents (and a released list would do as well, but random inspection may hold it).
    const [waiting] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(g.tx(703))]);
    expect(waiting!.receipt.status).toBe('120');
    // Declared at Guangzhou (5141): another district's queue.
    expect(['300', '500']).toContain((await send(704, { lines: medicine, customsCode: '5141' })).status);

    const sh = await queue('sh.reviewer');
    expect(sh.status).toBe(200);
    expect(sh.body.total).toBe(2);
    expect(numbers(sh.body)).toEqual(['C701', 'C702']);
    const first = sh.body.items[0];
    expect(first).toMatchObject({
      customsCode: '2244',
      returnStatus: '300',
      orderNo: 'ORD701',
      ebcCode: P.ebcCode,
      logisticsNo: 'WB701',
      buyerName: '张三',
    });
    expect(first.invtNo).toMatch(/^2244\d{4}I\d{9}$/);
    expect(first.goods.map((l: { gname: string; qty: string }) => [l.gname, l.qty])).toEqual([
      ['感冒药', '2'],
      ['护肤品', '1'],
    ]);
    expect(first.tax.taxPrice).toBe('240.00'); // goods 230.00 and freight 10.00
    expect(first.reasons.map((r: { 'zh-CN': string }) => r['zh-CN'])).toContain(
      '跨境电商零售进口药品，核对正面清单',
    );
    expect(first.heldAt).not.toBeNull();

    expect(numbers((await queue('sh.reviewer', '?hold=inspection')).body)).toEqual(['C702']);
    expect(numbers((await queue('sh.reviewer', '?hold=review')).body)).toEqual(['C701']);
    const second = await queue('sh.reviewer', '?page=2&pageSize=1');
    expect([numbers(second.body), second.body.total]).toEqual([['C702'], 2]);
    expect(numbers((await queue('gz.reviewer')).body)).toEqual(['C704']);
    expect(numbers((await queue('hq.reviewer')).body)).toEqual(['C701', 'C702', 'C704']);
    expect((await queue('pudong.reviewer')).body.total).toBe(0);
  });

  it('drops a list from the queue once an officer concludes it', async () => {
    const { invtNo } = (await send(705, { lines: medicine })).data as { invtNo: string };
    await hold(705, '300');
    const before = (await queue('sh.inspector', '?pageSize=100')).body;
    expect(numbers(before)).toContain('C705');
    const concluded = await g.platform.app.inject({
      method: 'POST',
      url: `/api/v1/ecommerce/lists/${invtNo}/conclusion`,
      headers: await loginAs(g.platform.app, 'sh.reviewer'),
      payload: { outcome: 'release' },
    });
    expect(concluded.statusCode, concluded.body).toBe(200);
    const after = (await queue('sh.inspector', '?pageSize=100')).body;
    expect(numbers(after)).not.toContain('C705');
    expect(after.total).toBe(before.total - 1);
  });

  it('names the parameter and the rule of a bad query, and answers nothing else', async () => {
    for (const [query, found] of [
      ['?hold=customs', 'query.hold enum'],
      ['?pageSize=0', 'query.pageSize too_small'],
      ['?pageSize=101', 'query.pageSize too_big'],
      ['?page=x', 'query.page type'],
    ] as const) {
      const bad = await queue('sh.reviewer', query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.code, query).toBe('COMMON.VALIDATION');
      expect(bad.body.details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`)).toEqual([
        found,
      ]);
      expect(bad.body.items, query).toBeUndefined();
    }
  });
});
