import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import type { TestPlatform } from '../../../test/helpers/platform.ts';
import {
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  sampleCancel,
  sampleGuid,
  sampleInventory,
  sampleRefund,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';

describe(`held lists concluded by an officer on ${TEST_ENGINE}`, () => {
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

  it('refuses to cancel a list picked for inspection until it is concluded, and cancels one held for review', async () => {
    const inspected = await held(634, '500');
    const quotaBefore = await quotaOf(inspected.t);
    const [refused] = await results('CEB623Message', P.ebcCode, [
      sampleCancel(inspected.t, inspected.invtNo),
    ]);
    expect(refused!.receipt.status).toBe('100');
    expect(refused!.receipt.reasons).toEqual([
      { path: 'InvtCancel/invtNo', rule: 'under_inspection', params: {} },
    ]);
    expect((await list(634))[0]!.status).toBe('held');
    expect(await quotaOf(inspected.t)).toBe(quotaBefore);
    // Under review only: the enterprise may still withdraw it, and the buyer's quota comes back.
    const reviewed = await held(635, '300');
    const [cancelled] = await results('CEB623Message', P.ebcCode, [
      sampleCancel(reviewed.t, reviewed.invtNo),
    ]);
    expect(cancelled!.receipt.status).toBe('399');
    expect((await list(635))[0]!.status).toBe('cancelled');
    expect(await quotaOf(reviewed.t)).toBe(0);
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
    const again = sampleInventory({ ...t, lines: medicine }).replace(sampleGuid(631, 4), sampleGuid(631, 13));
    expect((await results('CEB621Message', P.ebcCode, [again]))[0]!.receipt.status).not.toBe('100');
  });
});
