import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database, Migrator } from '../../platform/db/index.ts';
import { takeQuotas } from './list-statements.ts';
import { ecommerceMigrations } from './migrations/index.ts';
import { ANNUAL_LIMIT_FEN } from './tax.rules.ts';

describe(`quota takes in one statement per round on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = Database.open({ url: testDb.url });
    await new Migrator(db, [ecommerceMigrations]).migrate();
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });
  beforeEach(async () => {
    await sql`DELETE FROM ecommerce_quota`.execute(db.kysely);
  });

  const used = async () =>
    (
      await sql<{ buyer_hash: string; year: number; used_fen: number }>`
        SELECT buyer_hash, year, used_fen FROM ecommerce_quota ORDER BY buyer_hash, year`.execute(db.kysely)
    ).rows.map((r) => [r.buyer_hash, Number(r.year), Number(r.used_fen)]);
  const seed = (rows: [string, number, number][]) =>
    db.transaction((tx) =>
      db.bulkInsert(
        tx,
        'ecommerce_quota',
        rows.map(([buyer_hash, year, used_fen]) => ({ buyer_hash, year, used_fen })),
      ),
    );

  it('tells a buyer’s quota years apart: the year that is full refuses, the other takes', async () => {
    await seed([
      ['B', 2026, ANNUAL_LIMIT_FEN - 100_000],
      ['B', 2027, 0],
    ]);
    const taken = await db.transaction((tx) =>
      takeQuotas(db, tx, [
        { buyerHash: 'B', year: 2026, fen: 400_000 },
        { buyerHash: 'B', year: 2027, fen: 400_000 },
      ]),
    );
    expect(taken).toEqual([false, true]);
    expect(await used()).toEqual([
      ['B', 2026, ANNUAL_LIMIT_FEN - 100_000],
      ['B', 2027, 400_000],
    ]);
  });

  it('takes each buyer’s lists in the order given, many buyers per statement, to the fen', async () => {
    await seed([
      ['A', 2026, 0],
      ['C', 2026, ANNUAL_LIMIT_FEN],
      ['D', 2026, 0],
    ]);
    const takes = [
      ...Array.from({ length: 7 }, () => ({ buyerHash: 'A', year: 2026, fen: 400_000 })),
      { buyerHash: 'A', year: 2026, fen: 200_000 },
      { buyerHash: 'C', year: 2026, fen: 1 },
      { buyerHash: 'D', year: 2026, fen: ANNUAL_LIMIT_FEN },
      // No quota row (or no year): nothing to take from.
      { buyerHash: 'E', year: 2026, fen: 1 },
      { buyerHash: 'D', year: null, fen: 1 },
    ];
    const taken = await db.transaction((tx) => takeQuotas(db, tx, takes));
    expect(taken).toEqual([true, true, true, true, true, true, false, true, false, true, false, false]);
    expect(await used()).toEqual([
      ['A', 2026, 2_600_000],
      ['C', 2026, ANNUAL_LIMIT_FEN],
      ['D', 2026, ANNUAL_LIMIT_FEN],
    ]);
  });
});
