import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/cli/seed.ts';
import { loginAs } from './helpers/auth.ts';
import { TEST_ENGINE } from './helpers/database.ts';
import { createTestPlatform, type TestPlatform } from './helpers/platform.ts';

// `npm start` seeds the demo on every start: what it leaves must be worth opening, and a second
// run must change nothing.
describe(`the demo seed on ${TEST_ENGINE}`, { timeout: 120_000 }, () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemo(platform, () => {});
  }, 120_000);
  afterAll(() => platform?.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of [
      'ecommerce_list',
      'ecommerce_tax_bill',
      'ecommerce_return',
      'exchange_receipt',
      'credit_enterprise',
    ]) {
      const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(
        platform.db.kysely,
      );
      out[table] = Number(rows[0]!.n);
    }
    return out;
  };
  const heldQueue = async (username: string) =>
    (
      await platform.app.inject({
        method: 'GET',
        url: '/api/v1/ecommerce/held-lists',
        headers: await loginAs(platform.app, username),
      })
    ).json() as { total: number; items: { customsCode: string; reasons: { en: string }[] }[] };

  it('leaves cross-border traffic at Guangzhou: held lists to conclude, released lists, a partial return', async () => {
    const gz = await heldQueue('gz.reviewer');
    expect(gz.total).toBeGreaterThanOrEqual(3);
    expect(gz.items.every((l) => l.customsCode === '5141' && l.reasons.length > 0)).toBe(true);
    expect((await heldQueue('sh.reviewer')).total).toBe(0);
    const statuses = await sql<{ status: string; n: number }>`
      SELECT status, COUNT(*) AS n FROM ecommerce_list GROUP BY status`.execute(platform.db.kysely);
    const by = Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)]));
    expect(by.released).toBeGreaterThan(15);
    expect(by.pending).toBe(2);
    expect(by.rejected).toBe(1);
    const revised = await sql<{ tax_no: string }>`SELECT tax_no FROM ecommerce_tax_bill
        WHERE tax_no LIKE '%T2'`.execute(platform.db.kysely);
    expect(revised.rows).toHaveLength(1);
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    expect(before.ecommerce_list).toBeGreaterThan(0);
    await seedDemo(platform, () => {});
    expect(await counts()).toEqual(before);
  });
});
