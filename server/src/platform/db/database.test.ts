import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database } from './database.ts';
import { runDdl } from './migrator.ts';
import type { Executor } from './types.ts';

type Tables = {
  t_item: { id: number; amount: string; at: string; doc: string; flag: number; day: string };
};

describe(`Database on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = Database.open({ url: testDb.url });
    const t = db.columnTypes;
    await runDdl(
      db.kysely,
      `CREATE TABLE t_item (id ${t.bigint} PRIMARY KEY, amount ${t.money} NOT NULL, at ${t.timestamp} NOT NULL,
        doc ${t.json} NOT NULL, flag ${t.flag} NOT NULL, day ${t.date} NOT NULL)`,
    );
  });

  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  const count = async () =>
    Number(
      (
        await db.kysely
          .withTables<Tables>()
          .selectFrom('t_item')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('reads back portable values in the same shapes on both engines', async () => {
    const at = '2026-11-27T09:44:26.123Z';
    await db.transaction(async (tx) => {
      await tx
        .withTables<Tables>()
        .insertInto('t_item')
        .values({ id: 1, amount: '12345678901234.56', at, doc: '{"a":[1,2]}', flag: 1, day: '2026-11-27' })
        .execute();
    });
    const row = await db.kysely
      .withTables<Tables>()
      .selectFrom('t_item')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.amount).toBe('12345678901234.56');
    expect(row.at).toBe(at);
    expect(JSON.parse(row.doc)).toEqual({ a: [1, 2] });
    expect(Number(row.flag)).toBe(1);
    expect(row.day).toBe('2026-11-27');
  });

  it('rolls back everything when the transaction throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx
          .withTables<Tables>()
          .insertInto('t_item')
          .values({ id: 1, amount: '1', at: new Date().toISOString(), doc: '{}', flag: 0, day: '2026-01-01' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(0);
  });

  it('runs after-commit hooks only after a commit', async () => {
    const seen: string[] = [];
    await db.transaction(async (tx) => {
      db.afterCommit(tx, () => seen.push('committed'));
      expect(seen).toEqual([]);
    });
    await db
      .transaction(async (tx) => {
        db.afterCommit(tx, () => seen.push('rolled back'));
        throw new Error('no');
      })
      .catch(() => {});
    expect(seen).toEqual(['committed']);
  });

  const insert = (tx: Executor, id: number) =>
    tx
      .withTables<Tables>()
      .insertInto('t_item')
      .values({ id, amount: '1.00', at: '2026-11-27T00:00:00.000Z', doc: '{}', flag: 0, day: '2026-11-27' })
      .execute();
  const ids = async () =>
    (await db.kysely.withTables<Tables>().selectFrom('t_item').select('id').orderBy('id').execute()).map(
      (r) => Number(r.id),
    );

  it('answers each of many concurrent transactions only once its writes are committed and visible', async () => {
    const seen: [number, number[]][] = [];
    const before = { ...db.stats };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction(async (tx) => {
            await insert(tx, i + 1);
            await sql`SELECT 1`.execute(tx);
          })
          .then(async () => {
            seen.push([i + 1, await ids()]);
          }),
      ),
    );
    // Every caller, when answered, already sees its own row from another connection. (Not how many
    // rows: on PostgreSQL the reads run concurrently and may finish in any order.)
    expect(seen).toHaveLength(20);
    for (const [own, visible] of seen) expect(visible).toContain(own);
    expect(await count()).toBe(20);
    expect(db.stats.transactions - before.transactions).toBe(20);
    // SQLite commits the waiting transactions together; PostgreSQL commits each (it groups them itself).
    if (TEST_ENGINE === 'sqlite') expect(db.stats.commits - before.commits).toBeLessThan(5);
    else expect(db.stats.commits - before.commits).toBe(20);
  });

  it.runIf(TEST_ENGINE === 'sqlite')(
    'syncs the WAL before answering, once for transactions committed together',
    async () => {
      const before = db.stats.syncs;
      await db.transaction((tx) => insert(tx, 1));
      expect(db.stats.syncs).toBe(before + 1);
      await Promise.all(Array.from({ length: 10 }, (_, i) => db.transaction((tx) => insert(tx, i + 2))));
      expect(db.stats.syncs - before - 1).toBeGreaterThanOrEqual(1);
      expect(db.stats.syncs - before - 1).toBeLessThan(10);
      expect(await count()).toBe(11);
    },
  );

  it.runIf(TEST_ENGINE === 'sqlite')(
    'copies committed pages into the database file in the background',
    async () => {
      const file = db.sqliteFile!;
      const before = statSync(file).size;
      const rows = Array.from({ length: 2000 }, (_, i) => ({
        id: i + 1,
        amount: '1.00',
        at: '2026-11-27T00:00:00.000Z',
        doc: JSON.stringify({ filler: 'x'.repeat(200) }),
        flag: 0,
        day: '2026-11-27',
      }));
      await db.transaction((tx) => db.bulkInsert(tx, 't_item', rows));
      // The writer alone would leave these pages in the WAL (its own checkpoint waits for 256 MB).
      const deadline = Date.now() + 10_000;
      while (statSync(file).size < before + 400_000 && Date.now() < deadline) await sleep(50);
      expect(statSync(file).size).toBeGreaterThanOrEqual(before + 400_000);
    },
  );

  it.runIf(TEST_ENGINE === 'postgres')(
    'keeps connections free for reads made while transactions are open, however many are open',
    async () => {
      const small = Database.open({ url: testDb.url, poolSize: 4 });
      try {
        // Each transaction reads through another connection while it holds its own (a use case
        // asking another module). Four at once on a pool of four would wait for each other forever.
        const all = Promise.all(
          Array.from({ length: 8 }, () =>
            small.transaction(async (tx) => {
              await sql`SELECT 1`.execute(tx);
              await sleep(20);
              return (await sql<{ n: number }>`SELECT 2 AS n`.execute(small.kysely)).rows[0]!.n;
            }),
          ),
        );
        const result = await Promise.race([all, sleep(10_000).then(() => 'stuck')]);
        expect(result).toEqual(Array(8).fill(2));
      } finally {
        await small.close();
      }
    },
  );

  it('gives each of concurrent transactions its own executor, so state kept per transaction stays its own', async () => {
    // As use cases do: buffer writes per transaction (keyed by its executor) and flush them before COMMIT.
    const buffered = new WeakMap<Executor, number[]>();
    const buffer = (tx: Executor, id: number) => {
      let ids = buffered.get(tx);
      if (!ids) {
        const created: number[] = [];
        ids = created;
        buffered.set(tx, created);
        db.beforeCommit(tx, async (t) => {
          for (const n of created) await insert(t, n);
        });
      }
      ids.push(id);
    };
    const executors = new Set<Executor>();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction(async (tx) => {
          executors.add(tx);
          buffer(tx, i + 1);
          await sql`SELECT 1`.execute(tx);
          buffer(tx, i + 101);
        }),
      ),
    );
    expect(executors.size).toBe(10);
    expect(await count()).toBe(20);
  });

  it('rolls back only the transaction that throws among concurrent ones', async () => {
    const results = await Promise.allSettled([
      db.transaction((tx) => insert(tx, 1)),
      db.transaction(async (tx) => {
        await insert(tx, 2);
        throw new Error('refused');
      }),
      db.transaction((tx) => insert(tx, 3)),
      // A duplicate key fails its own statement; the others are unaffected.
      db.transaction((tx) => insert(tx, 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await ids()).toEqual([1, 3]);
  });

  it('re-runs the transactions whose work was lost when another ended the shared transaction', async () => {
    const hooks: number[] = [];
    const results = await Promise.allSettled([
      db.transaction(async (tx) => {
        await insert(tx, 1);
        db.afterCommit(tx, () => hooks.push(1));
      }),
      db.transaction(async (tx) => {
        await insert(tx, 2);
        // Ends the whole transaction, as a disk-full or I/O error would on SQLite.
        await sql.raw('ROLLBACK').execute(tx);
        throw new Error('the transaction ended');
      }),
      db.transaction((tx) => insert(tx, 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual([1, 3]);
    expect(hooks).toEqual([1]);
  });

  it('retries a transaction that fails with a retryable error', async () => {
    let attempts = 0;
    const result = await db.transaction(async () => {
      attempts++;
      if (attempts < 3)
        throw Object.assign(new Error('busy'), {
          code: TEST_ENGINE === 'postgres' ? '40001' : 'SQLITE_BUSY',
        });
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
  });

  it('bulk-inserts thousands of rows in one transaction, and none when it rolls back', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      id: i + 1,
      amount: `${i}.25`,
      at: new Date(0).toISOString(),
      doc: '{}',
      flag: i % 2,
      day: '2026-01-01',
    }));
    await db.transaction((tx) => db.bulkInsert(tx, 't_item', rows));
    expect(await count()).toBe(5000);
    await expect(
      db.transaction(async (tx) => {
        await db.bulkInsert(tx, 't_item', [{ ...rows[0]!, id: 9001 }]);
        await db.bulkInsert(tx, 't_item', [rows[0]!]); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(5000);
  });

  it('refuses a bulk insert outside a transaction', async () => {
    await expect(db.bulkInsert(db.kysely, 't_item', [{ id: 1 }])).rejects.toThrow(/inside a transaction/);
  });

  it('answers a ping', async () => {
    await expect(db.ping()).resolves.toBeUndefined();
    await expect(sql`SELECT 1 AS one`.execute(db.kysely)).resolves.toBeDefined();
  });
});
