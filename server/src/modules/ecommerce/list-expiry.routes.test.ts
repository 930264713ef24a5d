import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { SAMPLE_PARTIES as P, sampleInventory } from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform } from './ceb-gateway.test-helpers.ts';

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
});
