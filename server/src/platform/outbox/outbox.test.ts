import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database, type Executor, Migrator, runDdl } from '../db/index.ts';
import { Dispatcher } from './dispatcher.ts';
import { outboxMigrations } from './outbox.migrations.ts';
import { Outbox, type OutboxEvent } from './outbox.ts';

const sinkMigrations = {
  module: 'test_sink',
  migrations: [
    {
      id: '0001',
      up: (db: Executor) =>
        runDdl(db, 'CREATE TABLE test_sink (subscriber TEXT NOT NULL, event_id INTEGER NOT NULL)'),
    },
  ],
};

interface Harness {
  db: Database;
  outbox: Outbox;
  dispatcher: Dispatcher;
}

describe(`outbox on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  const opened: Harness[] = [];

  async function open(setup: (outbox: Outbox) => void, now?: () => Date, batchSize = 50): Promise<Harness> {
    const db = Database.open({ url: testDb.url });
    await new Migrator(db, [outboxMigrations, sinkMigrations]).migrate();
    const outbox = new Outbox(db);
    setup(outbox);
    const dispatcher = new Dispatcher(db, outbox, { pollMs: 20, batchSize, now });
    const harness = { db, outbox, dispatcher };
    opened.push(harness);
    return harness;
  }

  // A subscriber that records each delivery in the same transaction (so effects are exactly once).
  function sink(name: string, types?: string[]) {
    return {
      name,
      types,
      async handle(event: OutboxEvent, tx: Executor) {
        await sql`INSERT INTO test_sink (subscriber, event_id) VALUES (${name}, ${event.id})`.execute(tx);
      },
    };
  }

  async function delivered(db: Database, name: string): Promise<number[]> {
    const result = await sql<{ event_id: number }>`
      SELECT event_id FROM test_sink WHERE subscriber = ${name} ORDER BY event_id`.execute(db.kysely);
    return result.rows.map((r) => Number(r.event_id));
  }

  async function appendEvents(h: Harness, count: number, type = 'thing.happened'): Promise<void> {
    for (let i = 0; i < count; i++) {
      await h.db.transaction((tx) => h.outbox.append(tx, { type, aggregateId: `a${i}`, payload: { i } }));
    }
  }

  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    for (const h of opened.splice(0)) {
      await h.dispatcher.stop();
      await h.db.close();
    }
    await testDb.drop();
  });

  it('delivers every event to every subscriber, in order, each with its own cursor', async () => {
    const h = await open((o) => {
      o.subscribe(sink('a'));
      o.subscribe(sink('b'));
      o.subscribe(sink('only-released', ['declaration.released']));
    });
    await appendEvents(h, 120);
    await h.db.transaction((tx) =>
      h.outbox.append(
        tx,
        { type: 'declaration.released', aggregateId: 'd1', payload: {} },
        { type: 'declaration.declared', aggregateId: 'd2', payload: {} },
      ),
    );
    await h.dispatcher.drain();
    const a = await delivered(h.db, 'a');
    expect(a).toHaveLength(122);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(await delivered(h.db, 'b')).toEqual(a);
    expect(await delivered(h.db, 'only-released')).toHaveLength(1);
  });

  it('never delivers events of a transaction that rolled back', async () => {
    const h = await open((o) => o.subscribe(sink('a')));
    await h.db
      .transaction(async (tx) => {
        await h.outbox.append(tx, { type: 'x.y', aggregateId: '1', payload: {} });
        throw new Error('rollback');
      })
      .catch(() => {});
    await h.dispatcher.drain();
    expect(await delivered(h.db, 'a')).toEqual([]);
  });

  it('delivers after a crash between append and dispatch (database reopened)', async () => {
    const first = await open((o) => o.subscribe(sink('a')), undefined, 10);
    await appendEvents(first, 30);
    // At least one batch of 10 delivered. On PostgreSQL events wait while any older transaction in
    // the cluster is open (other test files run beside this one), so a run may deliver only those
    // below it: run until 10 have gone.
    for (let tries = 0; tries < 500 && (await delivered(first.db, 'a')).length < 10; tries++) {
      if ((await first.dispatcher.runOnce()) === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await appendEvents(first, 20);
    const before = (await delivered(first.db, 'a')).length;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(30);
    // The process "dies": the database is closed with the other events appended and not yet delivered.
    await first.db.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await open((o) => o.subscribe(sink('a')));
    await second.dispatcher.drain();
    const ids = await delivered(second.db, 'a');
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });

  it('wakes on commit and delivers without an explicit drain', async () => {
    const h = await open((o) => o.subscribe(sink('a')));
    await h.dispatcher.start();
    await appendEvents(h, 5);
    await expect.poll(() => delivered(h.db, 'a'), { timeout: 5000 }).toHaveLength(5);
  });

  it('keeps a failing subscriber from holding up the others, retries it with backoff, then delivers', async () => {
    let clock = Date.parse('2026-11-27T00:00:00Z');
    let failOn: number | undefined;
    const h = await open(
      (o) => {
        o.subscribe(sink('healthy'));
        o.subscribe({
          name: 'flaky',
          async handle(event, tx) {
            if (failOn === undefined) failOn = event.id + 2; // fails on the third event
            if (event.id === failOn) throw new Error('receiver down');
            await sql`INSERT INTO test_sink (subscriber, event_id) VALUES ('flaky', ${event.id})`.execute(tx);
          },
        });
      },
      () => new Date(clock),
    );
    await appendEvents(h, 10);
    await h.dispatcher.drain();
    expect(await delivered(h.db, 'healthy')).toHaveLength(10);
    // The events before the failing one got through; nothing after it (order is kept).
    expect(await delivered(h.db, 'flaky')).toHaveLength(2);
    const cursor = await sql<{ attempts: number; last_error: string; next_attempt_at: string }>`
      SELECT attempts, last_error, next_attempt_at FROM platform_outbox_cursor WHERE subscriber = 'flaky'`.execute(
      h.db.kysely,
    );
    expect(Number(cursor.rows[0]?.attempts)).toBe(1);
    expect(cursor.rows[0]?.last_error).toBe('receiver down');

    // Not retried before its time, even when asked.
    await h.dispatcher.drain();
    expect(await delivered(h.db, 'flaky')).toHaveLength(2);

    failOn = -1; // the receiver recovers
    clock += 60_000;
    await h.dispatcher.drain();
    expect(await delivered(h.db, 'flaky')).toHaveLength(10);
  });

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'two dispatchers never deliver the same event concurrently, and together deliver each once',
    async () => {
      const active = new Map<number, number>();
      let overlaps = 0;
      const deliveries: number[] = [];
      const slowSink = (o: Outbox) =>
        o.subscribe({
          name: 'shared',
          async handle(event, tx) {
            active.set(event.id, (active.get(event.id) ?? 0) + 1);
            if ((active.get(event.id) ?? 0) > 1) overlaps++;
            await new Promise((r) => setTimeout(r, 2));
            await sql`INSERT INTO test_sink (subscriber, event_id) VALUES ('shared', ${event.id})`.execute(
              tx,
            );
            deliveries.push(event.id);
            active.set(event.id, (active.get(event.id) ?? 1) - 1);
          },
        });
      const one = await open(slowSink);
      const two = await open(slowSink);
      await appendEvents(one, 200);
      await Promise.all([one.dispatcher.drain(), two.dispatcher.drain(), one.dispatcher.drain()]);
      await one.dispatcher.drain();
      expect(overlaps).toBe(0);
      const ids = await delivered(one.db, 'shared');
      expect(ids).toHaveLength(200);
      expect(new Set(ids).size).toBe(200);
    },
  );

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'does not skip an event whose transaction commits after a later one',
    async () => {
      const h = await open((o) => o.subscribe(sink('a')));
      // Transaction A appends first but commits last; B appends and commits in between.
      let releaseA: () => void = () => {};
      const aHolding = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let aAppended: () => void = () => {};
      const aReady = new Promise<void>((resolve) => {
        aAppended = resolve;
      });
      const a = h.db.transaction(async (tx) => {
        await h.outbox.append(tx, { type: 'x.a', aggregateId: 'a', payload: {} });
        aAppended();
        await aHolding;
      });
      await aReady;
      await h.db.transaction((tx) => h.outbox.append(tx, { type: 'x.b', aggregateId: 'b', payload: {} }));
      await h.dispatcher.drain(); // B is committed but must wait behind the still-open A
      releaseA();
      await a;
      await h.dispatcher.drain();
      expect(await delivered(h.db, 'a')).toHaveLength(2);
    },
  );
});
