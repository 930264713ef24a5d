import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import {
  SAMPLE_PARTIES as P,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';

describe(`E-commerce gateway under concurrency on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  beforeAll(async () => {
    g = await cebGatewayPlatform();
  });
  afterAll(() => g.close());

  // SQLite runs one transaction at a time: the race this guards against exists on PostgreSQL only.
  it.runIf(TEST_ENGINE === 'postgres')(
    'decides every list when it and its last missing document are committed at the same moment',
    async () => {
      const warm = g.tx(1);
      await g.results('CEB311Message', P.ebcCode, [sampleOrder(warm)]);
      await g.results('CEB411Message', P.payCode, [samplePayment(warm)]);
      await g.results('CEB511Message', P.logisticsCode, [sampleWaybill(warm)]);
      await g.results('CEB621Message', P.ebcCode, [sampleInventory(warm)]);

      const txs = Array.from({ length: 30 }, (_, i) => g.tx(100 + i));
      await g.results('CEB311Message', P.ebcCode, txs.map(sampleOrder));
      await g.results('CEB411Message', P.payCode, txs.map(samplePayment));
      // Each list races the waybill that completes it, in separate requests and transactions.
      await Promise.all(
        txs.flatMap((t) => [
          g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]),
          g.results('CEB621Message', P.ebcCode, [sampleInventory(t)]),
        ]),
      );
      const statuses = await g.rows(
        sql<{ status: string; n: number }>`SELECT status, COUNT(*) AS n FROM ecommerce_list GROUP BY status`,
      );
      const pending = statuses.find((r) => r.status === 'pending');
      expect(Number(pending?.n ?? 0)).toBe(0);
      const decided = statuses
        .filter((r) => r.status === 'released' || r.status === 'held')
        .reduce((sum, r) => sum + Number(r.n), 0);
      expect(decided).toBe(31);
    },
  );

  it.runIf(TEST_ENGINE === 'postgres')(
    'decides a stored list when its order and its waybill are committed at the same moment',
    async () => {
      const before = await pendingCount();
      const txs = Array.from({ length: 30 }, (_, i) => g.tx(200 + i));
      await g.results('CEB621Message', P.ebcCode, txs.map(sampleInventory));
      await g.results('CEB411Message', P.payCode, txs.map(samplePayment));
      // The order locks the platform's order number, the waybill its parcel number (it names no
      // platform): only the order number they share makes them wait for each other.
      await Promise.all(
        txs.flatMap((t) => [
          g.results('CEB311Message', P.ebcCode, [sampleOrder(t)]),
          g.results('CEB511Message', P.logisticsCode, [sampleWaybill(t)]),
        ]),
      );
      expect(await pendingCount()).toBe(before);
    },
  );

  async function pendingCount(): Promise<number> {
    const [row] = await g.rows(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM ecommerce_list WHERE status = 'pending'`,
    );
    return Number(row?.n ?? 0);
  }
});
