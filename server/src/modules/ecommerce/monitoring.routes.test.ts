import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  SAMPLE_SITE_OPERATOR as SITE,
  sampleCancel,
  sampleDelivery,
  sampleGuid,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleRefund,
  sampleWaybill,
  sampleWaybillStatus,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';
import { expireIncomplete } from './list-expiry.ts';
import { dayOf, expectedFigures, HOUR, recount, sorted, tallied } from './monitoring-recount.test-helpers.ts';
import { summariseTaxBills } from './tax-summary.ts';

describe(`e-commerce monitoring tally on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  const headers: Record<string, Record<string, string>> = {};
  const monitoring = async (officer: string, query = '') => {
    const response = await g.platform.app.inject({
      url: `/api/v1/ecommerce/monitoring${query}`,
      headers: headers[officer]!,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const status = async (t: SampleTransaction) =>
    (
      await g.rows(
        sql<{ status: string; invt_no: string | null }>`SELECT status, invt_no FROM ecommerce_list
          WHERE cop_no = ${`C${t.n}`} ORDER BY created_at DESC`,
      )
    )[0]!;
  // Each message carries one kind of document for many transactions, as platforms send them.
  const send = async (ts: SampleTransaction[], kinds: ('order' | 'payment' | 'waybill' | 'list')[]) => {
    if (ts.length === 0) return;
    if (kinds.includes('order')) await g.results('CEB311Message', P.ebcCode, ts.map(sampleOrder));
    if (kinds.includes('payment')) await g.results('CEB411Message', P.payCode, ts.map(samplePayment));
    if (kinds.includes('waybill')) await g.results('CEB511Message', P.logisticsCode, ts.map(sampleWaybill));
    if (kinds.includes('list')) await g.results('CEB621Message', P.ebcCode, ts.map(sampleInventory));
  };
  let later: Date;

  beforeAll(async () => {
    g = await cebGatewayPlatform();
    for (const officer of ['hq.command-officer', 'sh.command-officer', 'gz.command-officer'])
      headers[officer] = await loginAs(g.platform.app, officer);
  });
  afterAll(() => g?.close());

  it('answers zeros for today in China before any traffic, and says which day and district', async () => {
    const body = await monitoring('sh.command-officer');
    expect(body).toMatchObject({
      day: dayOf(new Date().toISOString()),
      timeZone: 'Asia/Shanghai',
      district: '2200',
      listsByStatus: {},
      listsPerMinute: {},
      refusalsByReason: {},
      pendingMissing: { CEB311: 0, CEB411: 0, CEB511: 0 },
      taxCollected: { valueAddedTax: '0.00', consumptionTax: '0.00', bills: 0 },
    });
    expect((await monitoring('hq.command-officer')).district).toBe('0000');
    // The service checks the permission itself, for callers that come without a route: a declarant has none.
    const declarant = {
      kind: 'enterprise' as const,
      userId: 'u',
      username: 'gzshop.declarant',
      enterpriseCode: '4401960002',
      roles: ['declarant' as const],
      sessionId: 's',
    };
    await expect(g.platform.ecommerce.monitoring.snapshot(declarant)).rejects.toMatchObject({
      code: 'IDENTITY.FORBIDDEN',
    });
  });

  it('keeps the tally equal to a full recount through releases, holds, refusals, cancellations, returns, expiry and parcels', async () => {
    const t = (n: number, over: Partial<SampleTransaction> = {}) => g.tx(n, over);
    const medicine = [{ gcode: '3004909099', name: '药品', qty: 1, price: '80.00' }];
    // Released (most; random inspection may hold one) and held (medicines: review).
    const normal = [t(1), t(2), t(3), t(4), t(5, { customsCode: '4601' })];
    const held = [t(10, { lines: medicine }), t(11, { lines: medicine })];
    // Held, then concluded by an officer: one released (a tax bill), one refused (refused_on_…).
    const concluded = [t(12, { lines: medicine }), t(13, { lines: medicine })];
    await send([...normal, ...held, ...concluded], ['order', 'payment', 'waybill', 'list']);
    // An inspector may conclude either hold (review 300, or inspection 500 when risk picked it).
    const reviewer = await loginAs(g.platform.app, 'sh.inspector');
    for (const [i, body] of [{ outcome: 'release' }, { outcome: 'refuse', note: '处方药' }].entries()) {
      const response = await g.platform.app.inject({
        method: 'POST',
        url: `/api/v1/ecommerce/lists/${(await status(concluded[i]!)).invt_no}/conclusion`,
        headers: reviewer,
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    // Refused: a payment that does not match; a buyer over the annual limit (7 × 4,000.00 > 26,000).
    const mismatch = t(20);
    await send([mismatch], ['order', 'waybill']);
    await g.results('CEB411Message', P.payCode, [
      samplePayment(mismatch).replace(/<ceb:amountPaid>[^<]*/, '<ceb:amountPaid>1.00'),
    ]);
    await send([mismatch], ['list']);
    const buyer = Array.from({ length: 7 }, (_, i) =>
      t(30 + i, {
        buyerId: '310101199001017777',
        lines: [{ gcode: '3401110000', name: '香皂', qty: 1, price: '3990.00' }],
      }),
    );
    await send(buyer, ['order', 'payment', 'waybill', 'list']);

    // Parcels entered at a site before their lists: one whose list is then refused, two whose lists
    // wait until they expire, one that never gets a list.
    const [refusedLater, expiring, expiring2, unlisted] = [t(40), t(41), t(42), t(43)];
    await send([refusedLater, expiring, expiring2, unlisted], ['waybill']);
    await g.results('CEB711Message', SITE, [
      sampleDelivery(40, [refusedLater, expiring, expiring2, unlisted]),
    ]);
    await send([refusedLater, expiring, expiring2], ['list']);
    await send([refusedLater], ['order']);
    await g.results('CEB411Message', P.payCode, [
      samplePayment(refusedLater).replace(/<ceb:amountPaid>[^<]*/, '<ceb:amountPaid>2.00'),
    ]);
    // Parcels entered after their lists were decided: one released, then returned; one held, then cancelled.
    const released = [];
    for (const n of normal.slice(0, 4)) if ((await status(n)).status === 'released') released.push(n);
    expect(released.length).toBeGreaterThan(0);
    await g.results('CEB711Message', SITE, [sampleDelivery(41, [released[0]!, held[0]!])]);
    // Returned in two parts: one of its two items (a revised tax bill), then what is left (no lines).
    const returnedInvtNo = (await status(released[0]!)).invt_no!;
    const partly = await g.results('CEB625Message', P.ebcCode, [
      sampleRefund(released[0]!, returnedInvtNo).replace('<ceb:qty>2</ceb:qty>', '<ceb:qty>1</ceb:qty>'),
    ]);
    const rest = await g.results('CEB625Message', P.ebcCode, [
      sampleRefund(released[0]!, returnedInvtNo)
        .replace(/<ceb:InvtRefundList>.*<\/ceb:InvtRefundList>/, '')
        .replace(sampleGuid(released[0]!.n, 6), sampleGuid(released[0]!.n, 16)),
    ]);
    expect([partly[0]!.receipt.status, rest[0]!.receipt.status]).toEqual(['399', '399']);
    // A list picked for inspection (500, at random) cannot be withdrawn: this one is held for review.
    await sql`UPDATE ecommerce_list SET return_status = '300' WHERE cop_no = ${`C${held[0]!.n}`}`.execute(
      g.platform.db.kysely,
    );
    const [cancelled] = await g.results('CEB623Message', P.ebcCode, [
      sampleCancel(held[0]!, (await status(held[0]!)).invt_no!),
    ]);
    expect(cancelled!.receipt.status).toBe('399');
    // Expiry: every list still waiting is refused a day later (documents_missing), decided that day.
    later = new Date(Date.now() + 25 * HOUR);
    expect(await expireIncomplete(g.platform.db, g.platform.exchange.receipts, 24 * HOUR, later)).toBe(2);

    // Lists that wait now, and sign-fors: released, waiting (before release), no list, no list but entered.
    const waiting = [t(50), t(51, { customsCode: '4601' })];
    await send(waiting, ['list']);
    await send([waiting[0]!], ['waybill']);
    await g.results('CEB711Message', SITE, [sampleDelivery(42, [waiting[0]!])]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(released.at(-1)!)]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(waiting[0]!)]);
    const noList = t(60);
    await send([noList], ['waybill']);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(noList)]);
    await g.results('CEB513Message', P.logisticsCode, [sampleWaybillStatus(unlisted)]);

    const statuses = await g.rows(sql<{ status: string }>`SELECT DISTINCT status FROM ecommerce_list`);
    expect(statuses.map((r) => r.status).sort()).toEqual([
      'cancelled',
      'held',
      'pending',
      'rejected',
      'released',
      'returned',
    ]);
    const refusals = await g.rows(
      sql<{ reasons: string }>`SELECT reasons FROM ecommerce_list WHERE status = 'rejected'`,
    );
    for (const rule of ['mismatch', 'annual_limit', 'documents_missing', 'refused_on_'])
      expect(refusals.some((r) => JSON.stringify(r.reasons).includes(rule))).toBe(true);

    // A month on, the bills are summarised (汇总征税): still collected, the tally unchanged.
    expect(
      await summariseTaxBills(
        g.platform.db,
        g.platform.exchange.receipts,
        new Date(Date.now() + 31 * 24 * HOUR),
      ),
    ).toBeGreaterThan(0);

    const expected = await recount(g);
    expect(sorted(await tallied(g))).toEqual(sorted(expected));
    expect([...expected.keys()].some((id) => id.includes('entered_without_list'))).toBe(true);
  });

  it("shows each officer their district's figures: Shanghai its lists, another district zeros, headquarters all", async () => {
    const figures = await recount(g);
    const today = dayOf(new Date().toISOString());
    const scopes = {
      'hq.command-officer': () => true,
      'sh.command-officer': (c: string) => c.startsWith('22'),
      'gz.command-officer': (c: string) => c.startsWith('51'),
    };
    for (const [officer, inScope] of Object.entries(scopes)) {
      const body = await monitoring(officer);
      expect(body, officer).toMatchObject({ day: today, ...expectedFigures(figures, today, inScope) });
      // Every decision was in the last hour but the expiry's, a day from now.
      const minutes: Record<string, number> = {};
      for (const [id, f] of figures) {
        const [d, m, k, c] = id.split(' ');
        const at = new Date(Date.parse(`${d}T${k}:00Z`) - 8 * HOUR);
        if (m === 'decided' && inScope(c!) && at.getTime() <= Date.now())
          minutes[at.toISOString().slice(0, 16)] = (minutes[at.toISOString().slice(0, 16)] ?? 0) + f.n;
      }
      expect(body.listsPerMinute, officer).toEqual(minutes);
    }
    const hq = await monitoring('hq.command-officer');
    const sh = await monitoring('sh.command-officer');
    const gz = await monitoring('gz.command-officer');
    // Lists at 4601 and a parcel with no list or site count at headquarters only.
    expect(hq.listsByStatus.released + (hq.listsByStatus.held ?? 0)).toBeGreaterThan(
      sh.listsByStatus.released + (sh.listsByStatus.held ?? 0),
    );
    expect(hq.parcels.signedWithoutDeclaration).toBe(2);
    // Entered: 7 parcels; all but the waiting list's are without a list in force now.
    expect(sh.parcels).toMatchObject({ signedWithoutDeclaration: 1, entered: 7, enteredWithoutList: 6 });
    expect(sh.pendingMissing).toEqual({ CEB311: 1, CEB411: 1, CEB511: 0 });
    expect(hq.pendingMissing).toEqual({ CEB311: 2, CEB411: 2, CEB511: 1 });
    expect(gz).toMatchObject({
      district: '5100',
      listsByStatus: {},
      listsPerMinute: {},
      refusalsByReason: {},
      pendingMissing: { CEB311: 0, CEB411: 0, CEB511: 0 },
      taxCollected: { valueAddedTax: '0.00', consumptionTax: '0.00', bills: 0 },
      parcels: {
        signedFor: 0,
        signedBeforeRelease: 0,
        signedWithoutDeclaration: 0,
        entered: 0,
        enteredWithoutList: 0,
      },
    });
  });

  it('answers another day with ?day= (the expiry refused lists on its day) and refuses a day that does not exist', async () => {
    const day = dayOf(later.toISOString());
    const body = await monitoring('sh.command-officer', `?day=${day}`);
    expect(body).toMatchObject({ day, listsByStatus: {}, refusalsByReason: { documents_missing: 2 } });
    const bad = await g.platform.app.inject({
      url: '/api/v1/ecommerce/monitoring?day=2026-02-30',
      headers: headers['sh.command-officer']!,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('stays equal to the recount when many transactions update the same tally rows at once', async () => {
    // Each list races the documents that complete it, one request (one transaction) per document, some
    // at another customs code: on PostgreSQL concurrent upserts meet on the same rows in one order.
    const ts = Array.from({ length: 24 }, (_, i) => g.tx(200 + i, i % 3 ? {} : { customsCode: '4601' }));
    await Promise.all(
      ts.flatMap((t) => [
        g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]),
        g.results('CEB411Message', P.payCode, [samplePayment(t)]),
        g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]),
        g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]),
      ]),
    );
    expect(sorted(await tallied(g))).toEqual(sorted(await recount(g)));
  });

  it('fills the tally from the existing rows when a database is upgraded (migration 0004)', async () => {
    const before = await tallied(g);
    // Back to the schema before 0004, rows kept; then migrate as an upgrade would.
    await g.platform.db.transaction(async (tx) => {
      await sql`DROP TABLE ecommerce_tally`.execute(tx);
      await sql`ALTER TABLE ecommerce_waybill_status DROP COLUMN customs_code`.execute(tx);
      await sql`DELETE FROM platform_migration WHERE module = 'ecommerce' AND id = '0004_monitoring_tally'`.execute(
        tx,
      );
    });
    expect(await g.platform.migrator.migrate()).toEqual(['ecommerce/0004_monitoring_tally']);
    expect(sorted(await tallied(g))).toEqual(sorted(before));
    expect(sorted(await tallied(g))).toEqual(sorted(await recount(g)));
  });
});
