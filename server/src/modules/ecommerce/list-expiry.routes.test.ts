import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { SAMPLE_PARTIES as P, sampleInventory, samplePayment } from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';
import { lockDocumentKeys, orderLockOf } from './document-locks.ts';

describe(`CEB gateway with CEB_INCOMPLETE_AFTER_HOURS on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  beforeAll(async () => {
    g = await cebGatewayPlatform({ CEB_INCOMPLETE_AFTER_HOURS: '1' });
  });
  afterAll(() => g?.close());

  it('refuses a list waiting for its documents after the configured hours, not the default day', async () => {
    // The list alone: its order, payment and waybill never come.
    const [entered] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(g.tx(700))]);
    expect(entered!.receipt.status).toBe('120');
    const platform = g.platform;
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

  // PostgreSQL only: SQLite runs the sweep's transaction alone, so nothing can commit inside it.
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'names as missing only what is still missing once it holds the keys, not what came while it waited',
    async () => {
      const platform = g.platform;
      const db = platform.db;
      // Two lists alone; the second's payment arrives, and will be moved onto the first while the sweep
      // waits for the first's keys (as a payment committed between its first read and its locks).
      const [first] = await g.results('CEB621Message', P.ebcCode, [sampleInventory(g.tx(710))]);
      expect(first!.receipt.status).toBe('120');
      await g.results('CEB621Message', P.ebcCode, [sampleInventory(g.tx(711))]);
      await g.results('CEB411Message', P.payCode, [samplePayment(g.tx(711))]);
      const keyOf = async (n: number) =>
        (
          await sql<{
            k: string;
          }>`SELECT order_key AS k FROM ecommerce_list WHERE cop_no = ${`C${n}`}`.execute(db.kysely)
        ).rows[0]!.k;
      const [key710, key711] = [await keyOf(710), await keyOf(711)];
      await sql`UPDATE ecommerce_list SET created_at = ${new Date(Date.now() - 2 * 3_600_000).toISOString()}
        WHERE cop_no = 'C710'`.execute(db.kysely);

      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = db.transaction(async (tx) => {
        await lockDocumentKeys(db, tx, [orderLockOf(key710)]);
        locked();
        await held;
      });
      await isLocked;
      const sweep = platform.ecommerce.expireIncomplete();
      // The sweep has read its lists and waits for their keys.
      await expect
        .poll(
          async () =>
            Number(
              (
                await sql<{
                  n: string;
                }>`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(
                  db.kysely,
                )
              ).rows[0]!.n,
            ),
          { timeout: 10_000 },
        )
        .toBeGreaterThan(0);
      await sql`UPDATE ecommerce_payment SET order_key = ${key710} WHERE order_key = ${key711}`.execute(
        db.kysely,
      );
      release();
      await holder;
      expect(await sweep).toBe(1);
      const refused = await sql<{
        reasons: string;
      }>`SELECT reasons FROM ecommerce_list WHERE cop_no = 'C710'`.execute(db.kysely);
      expect(JSON.parse(refused.rows[0]!.reasons)).toEqual([
        { path: 'Inventory', rule: 'documents_missing', params: { missing: ['CEB311', 'CEB511'] } },
      ]);
    },
  );
});
