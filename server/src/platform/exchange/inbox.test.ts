import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/database.ts';
import { Database, type Executor, Migrator, runDdl } from '../db/index.ts';
import type { AppError } from '../errors/index.ts';
import { exchangeMigrations } from './exchange.migrations.ts';
import type { InboundMessage, ReceiveResult } from './exchange.types.ts';
import { Inbox, payloadSha256 } from './inbox.ts';
import { Receipts } from './receipts.ts';

const effectMigrations = {
  module: 'test_effect',
  migrations: [
    {
      id: '0001',
      up: (db: Executor) =>
        runDdl(
          db,
          'CREATE TABLE test_effect (sender TEXT NOT NULL, guid TEXT NOT NULL, payload TEXT NOT NULL)',
        ),
    },
  ],
};

describe(`inbox on ${TEST_ENGINE}`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let inbox: Inbox;
  let run = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = Database.open({ url: testDb.url });
    await new Migrator(db, [exchangeMigrations, effectMigrations]).migrate();
    inbox = new Inbox(db, new Receipts(db));
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  // The effect under test: one row per message it is run for, in the inbox's transaction.
  async function effect(tx: Executor, fresh: InboundMessage[]) {
    for (const m of fresh) {
      await sql`INSERT INTO test_effect (sender, guid, payload) VALUES (${m.sender}, ${m.guid}, ${String(m.payload)})`.execute(
        tx,
      );
    }
    return fresh.map(() => undefined);
  }

  async function effects(sender: string): Promise<{ guid: string; payload: string }[]> {
    const result = await sql<{ guid: string; payload: string }>`
      SELECT guid, payload FROM test_effect WHERE sender = ${sender} ORDER BY guid`.execute(db.kysely);
    return result.rows;
  }

  it('returns the stored receipt for a repeat and runs the effect once', async () => {
    const message = { sender: 'S0', messageType: 'CEB621Message', guid: 'G-1', payload: '<a/>' };
    const first = await inbox.receive(message, (tx) =>
      effect(tx, [message]).then(() => ({ data: { n: 1 } })),
    );
    const again = await inbox.receive(message, (tx) => effect(tx, [message]).then(() => undefined));
    expect(first.outcome).toBe('accepted');
    expect(again).toEqual({ ...first, outcome: 'duplicate' });
    expect(again.receipt.data).toEqual({ n: 1 });
    expect(await effects('S0')).toEqual([{ guid: 'G-1', payload: '<a/>' }]);
  });

  it('refuses a GUID reused for another payload with 409 and changes nothing', async () => {
    const message = { sender: 'S1', messageType: 'CEB621Message', guid: 'G-1', payload: Buffer.from('<a/>') };
    await inbox.receive(message, (tx) => effect(tx, [message]).then(() => undefined));
    const before = await db.kysely
      .withTables<{ exchange_receipt: { seq: number } }>()
      .selectFrom('exchange_receipt')
      .select('seq')
      .execute();
    const error = await inbox
      .receive({ ...message, payload: Buffer.from('<b/>') }, async () => {
        throw new Error('the effect must not run');
      })
      .then(
        () => undefined,
        (e: AppError) => e,
      );
    expect([error?.code, error?.status, error?.params]).toEqual([
      'EXCHANGE.GUID_REUSED',
      409,
      { guid: 'G-1' },
    ]);
    const after = await db.kysely
      .withTables<{ exchange_receipt: { seq: number } }>()
      .selectFrom('exchange_receipt')
      .select('seq')
      .execute();
    expect(after).toEqual(before);
    expect(await effects('S1')).toHaveLength(1);
  });

  it('names every bad field of a message and stores nothing', async () => {
    const error = await inbox
      .receiveBatch(
        [
          { sender: 'S2', messageType: 'T', guid: 'ok', payload: 'x' },
          { sender: 'bad sender', messageType: '', guid: 'g'.repeat(65), payload: 'x' },
          { sender: 'S2', messageType: 'T', guid: 'no-payload' },
          { sender: 'S2', messageType: 'T', guid: 'bad-hash', payloadSha256: 'ABC' },
          { sender: 'S2', messageType: 'T', guid: 'both', payload: 'x', payloadSha256: payloadSha256('x') },
        ],
        effect,
      )
      .then(
        () => undefined,
        (e: AppError) => e,
      );
    expect(error?.code).toBe('EXCHANGE.INVALID_MESSAGE');
    expect(error?.details?.map((d) => `${d.path} ${d.rule}`)).toEqual([
      'messages[1].sender format',
      'messages[1].messageType format',
      'messages[1].guid format',
      'messages[2].payload required',
      'messages[3].payloadSha256 format',
      'messages[4].payloadSha256 exclusive',
    ]);
    expect(await effects('S2')).toEqual([]);
  });

  it('takes a payload hash made elsewhere as the same payload', async () => {
    const first = await inbox.receive(
      { sender: 'S4', messageType: 'T', guid: 'G', payload: '<a>中</a>' },
      (tx) =>
        effect(tx, [{ sender: 'S4', messageType: 'T', guid: 'G', payload: '<a>中</a>' }]).then(
          () => undefined,
        ),
    );
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const [again, other] = await inbox.receiveBatch(
      [
        { sender: 'S4', messageType: 'T', guid: 'G', payloadSha256: sha('<a>中</a>') },
        { sender: 'S4', messageType: 'T', guid: 'G', payloadSha256: sha('<a>文</a>') },
      ],
      effect,
    );
    expect(again).toEqual({ ...first, outcome: 'duplicate' });
    expect(other!.outcome).toBe('guid_reused');
  });

  it('refuses clearly, changing nothing, when an inbox row names a receipt that does not exist', async () => {
    await sql`INSERT INTO exchange_message (sender, guid, message_type, payload_sha256, receipt_id, received_at)
      VALUES ('S5', 'G', 'T', ${payloadSha256('p')}, 'R-GONE', '2026-11-01T00:00:00.000Z')`.execute(
      db.kysely,
    );
    const message = { sender: 'S5', messageType: 'T', guid: 'G', payload: 'p' };
    await expect(inbox.receiveBatch([message], effect)).rejects.toThrow(
      /inbox row of S5\/G names receipt R-GONE, which does not exist/,
    );
    expect(await effects('S5')).toEqual([]);
  });

  it('rolls back the inbox record when the effect fails, so a retry runs it', async () => {
    const message = { sender: 'S3', messageType: 'T', guid: 'G', payload: 'p' };
    await expect(inbox.receive(message, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    const retry = await inbox.receive(message, (tx) => effect(tx, [message]).then(() => undefined));
    expect(retry.outcome).toBe('accepted');
    expect(await effects('S3')).toHaveLength(1);
  });

  // Any mix of duplicate, reordered, reused and concurrent deliveries: exactly one effect per GUID.
  it('gives each message exactly one effect under any mix of deliveries', async () => {
    const delivery = fc.record({ message: fc.nat(5), variant: fc.nat(4), batch: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(delivery, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        async (rounds) => {
          const sender = `P${run++}`;
          // Variant 0 is the usual payload; variant 4 is a different payload under the same GUID.
          const build = (d: { message: number; variant: number }): InboundMessage => ({
            sender,
            messageType: 'CEB621Message',
            guid: `G-${d.message}`,
            payload: d.variant === 4 ? `other-${d.message}` : `payload-${d.message}`,
          });
          const results: { message: InboundMessage; result: ReceiveResult }[] = [];
          for (const round of rounds) {
            const singles = round.filter((d) => !d.batch).map(build);
            const batch = round.filter((d) => d.batch).map(build);
            const calls = [
              ...singles.map((m) =>
                inbox
                  .receiveBatch([m], effect)
                  .then(([result]) => results.push({ message: m, result: result! })),
              ),
              batch.length > 0
                ? inbox.receiveBatch(batch, effect).then((rs) => {
                    for (const [i, result] of rs.entries()) results.push({ message: batch[i]!, result });
                  })
                : Promise.resolve(),
            ];
            await Promise.all(calls);
          }
          const stored = await effects(sender);
          const guids = new Set(results.map((r) => r.message.guid));
          expect(stored.map((s) => s.guid).sort()).toEqual([...guids].sort());
          for (const row of stored) {
            const mine = results.filter((r) => r.message.guid === row.guid);
            const receiptIds = new Set<string>();
            for (const { message, result } of mine) {
              if (message.payload === row.payload) {
                expect(result.outcome).not.toBe('guid_reused');
                if (result.outcome !== 'guid_reused') receiptIds.add(result.receipt.id);
              } else expect(result.outcome).toBe('guid_reused');
            }
            expect(receiptIds.size).toBe(1);
            expect(mine.filter((r) => r.result.outcome === 'accepted')).toHaveLength(1);
          }
        },
      ),
      { numRuns: TEST_ENGINE === 'postgres' ? 30 : 60 },
    );
  });

  it('keeps the messages of an inbox rebuilt by migration 0004, still one per sender and GUID', async () => {
    await onOlderInbox(3, async (older, migrateTheRest) => {
      const message = { sender: 'S8', messageType: 'CEB311Message', guid: 'G-0003', payload: '<kept/>' };
      const [first] = await new Inbox(older, new Receipts(older)).receiveBatch(
        [message],
        async (_tx, fresh) => fresh.map(() => ({ status: '120' })),
      );
      await migrateTheRest();
      const [again] = await new Inbox(older, new Receipts(older)).receiveBatch([message], async () => {
        throw new Error('a repeat has no effect');
      });
      expect(again).toEqual({ ...first, outcome: 'duplicate' });
      // SQLite: a rowid table again (ADR 0018); a WITHOUT ROWID table has no rowid to select.
      if (TEST_ENGINE === 'sqlite')
        await expect(sql`SELECT rowid FROM exchange_message`.execute(older.kysely)).resolves.toBeDefined();
      await expect(
        sql`INSERT INTO exchange_message (sender, guid, message_type, payload_sha256, receipt_id, received_at)
          VALUES ('S8', 'G-0003', 'T', 'x', 'R', '2026-11-01T00:00:00.000Z')`.execute(older.kysely),
      ).rejects.toThrow(/unique|duplicate/i);
    });
  });

  it('answers a repeat of a message stored before migration 0002 with the receipt kept in its row', async () => {
    await onOlderInbox(1, async (legacy, migrateTheRest) => {
      const receipt = {
        id: 'R-OLD',
        enterpriseCode: 'S9',
        messageType: 'CEB621Message',
        guid: 'G-OLD',
        status: '120',
        data: { preNo: 'B1' },
        createdAt: '2026-11-01T00:00:00.000Z',
      };
      const sha = createHash('sha256').update('<old/>').digest('hex');
      await sql`INSERT INTO exchange_message (sender, guid, message_type, payload_sha256, receipt, received_at)
        VALUES ('S9', 'G-OLD', 'CEB621Message', ${sha}, ${JSON.stringify(receipt)}, '2026-11-01T00:00:00.000Z')`.execute(
        legacy.kysely,
      );
      await migrateTheRest();
      const legacyInbox = new Inbox(legacy, new Receipts(legacy));
      const message = { sender: 'S9', messageType: 'CEB621Message', guid: 'G-OLD', payload: '<old/>' };
      const [again, reused] = await legacyInbox.receiveBatch(
        [message, { ...message, guid: 'G-OLD', payload: '<other/>' }],
        async (_tx, fresh) => fresh.map(() => undefined),
      );
      expect(again).toEqual({ outcome: 'duplicate', guid: 'G-OLD', receipt });
      expect(reused!.outcome).toBe('guid_reused');
      // A row must name its receipt one way or the other.
      await expect(
        sql`INSERT INTO exchange_message (sender, guid, message_type, payload_sha256, received_at)
          VALUES ('S9', 'G-NONE', 'T', ${sha}, '2026-11-01T00:00:00.000Z')`.execute(legacy.kysely),
      ).rejects.toThrow(/check constraint/i);
    });
  });
});

/**
 * A database of its own with only the exchange's first `applied` migrations, for a test of what later
 * ones do to rows written before them; `migrateTheRest` runs them all. Dropped afterwards.
 */
async function onOlderInbox(
  applied: number,
  body: (db: Database, migrateTheRest: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const testDb = await createTestDatabase();
  const db = Database.open({ url: testDb.url });
  try {
    const older = { ...exchangeMigrations, migrations: exchangeMigrations.migrations.slice(0, applied) };
    await new Migrator(db, [older, effectMigrations]).migrate();
    await body(db, () => new Migrator(db, [exchangeMigrations, effectMigrations]).migrate().then(() => {}));
  } finally {
    await db.close();
    await testDb.drop();
  }
}
