import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database, Migrator } from '../../platform/db/index.ts';
import { markDecided, takeQuotas } from './list-statements.ts';
import { ecommerceMigrations } from './migrations/index.ts';
import { ANNUAL_LIMIT_FEN } from './tax.rules.ts';

// One database for the file: the quota tests clear their table before each test; the list tests use their own ids.
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

describe(`quota takes in one statement per round on ${TEST_ENGINE}`, () => {
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

describe(`lists decided in one statement per batch on ${TEST_ENGINE}`, () => {
  const list = (id: string, status: string) => ({
    id,
    sender: 'S',
    guid: `G-${id}`,
    order_key: `o-${id}`,
    parcel_key: `p-${id}`,
    pre_no: `PRE-${id}`,
    customs_code: '5141',
    ebc_code: 'E',
    buyer_hash: 'B',
    status,
    return_status: status === 'pending' ? '120' : '800',
    doc: '{}',
    created_at: '2026-11-11T00:00:00.000Z',
  });
  const decision = (id: string) => ({
    id,
    status: 'released' as const,
    returnStatus: '800',
    invtNo: `INVT-${id}`,
    quotaFen: 12_345,
    riskDecisionId: `R-${id}`,
    reasons: null,
  });
  const rows = async () =>
    (
      await sql<{ id: string; status: string; invt_no: string | null; quota_fen: number | null }>`
        SELECT id, status, invt_no, quota_fen FROM ecommerce_list ORDER BY id`.execute(db.kysely)
    ).rows.map((r) => [r.id, r.status, r.invt_no, r.quota_fen === null ? null : Number(r.quota_fen)]);

  it('decides only lists still pending: one that is not fails the whole batch and changes nothing', async () => {
    await db.transaction((tx) =>
      db.bulkInsert(tx, 'ecommerce_list', [
        list('A', 'pending'),
        list('B', 'released'),
        list('C', 'pending'),
      ]),
    );
    await expect(
      db.transaction((tx) =>
        markDecided(db, tx, [decision('A'), decision('B'), decision('C')], '2026-11-11T00:01:00.000Z'),
      ),
    ).rejects.toThrow('1 of 3 lists to decide were no longer pending');
    expect(await rows()).toEqual([
      ['A', 'pending', null, null],
      ['B', 'released', null, null],
      ['C', 'pending', null, null],
    ]);

    await db.transaction((tx) =>
      markDecided(db, tx, [decision('A'), decision('C')], '2026-11-11T00:01:00.000Z'),
    );
    expect(await rows()).toEqual([
      ['A', 'released', 'INVT-A', 12_345],
      ['B', 'released', null, null],
      ['C', 'released', 'INVT-C', 12_345],
    ]);
  });
});
