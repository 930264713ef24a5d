import { createHash, randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { Database, Migrator } from '../../server/src/platform/db/index.ts';
import {
  DEFAULT_XML_LIMITS,
  exchangeMigrations,
  type InboundMessage,
  Inbox,
  parseWithSaxes,
  parseXml,
  Receipts,
} from '../../server/src/platform/exchange/index.ts';
import { seededRandom } from '../../server/test/helpers/seeded-random.ts';
import type { BenchArgs } from '../lib/args.ts';
import { freshDatabase } from '../lib/database.ts';
import { progress, report } from '../lib/report.ts';
import { ceb621Xml, guidOf, inventoryXml } from './ceb-sample.ts';

const BATCH = 500;

/** MB/s of `fn` over `bytes`, repeated for about `ms` after a warm-up. */
function throughput(bytes: number, fn: () => void, ms = 1500): number {
  for (let i = 0; i < 3; i++) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    runs++;
  }
  return (bytes * runs) / 1024 / 1024 / ((performance.now() - start) / 1000);
}

/**
 * Parser candidates on a CEB621 batch in the official field order (ADR 0005): parseXml as the
 * gateway runs it (the scanner, ADR 0017), its saxes path alone, and fast-xml-parser.
 */
function benchParsers(args: BenchArgs): void {
  const xml = ceb621Xml(seededRandom(args.seed), 200);
  const bytes = Buffer.from(xml);
  progress(`parsers: CEB621 batch of 200 inventories, ${(bytes.length / 1024).toFixed(0)} KiB`);
  const decode = throughput(bytes.length, () => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const limit = { metric: 'utf8_decode_mb_per_s', value: decode };
  const hardened = throughput(bytes.length, () => parseXml(bytes));
  const saxes = throughput(bytes.length, () =>
    parseWithSaxes(new TextDecoder('utf-8', { fatal: true }).decode(bytes), DEFAULT_XML_LIMITS),
  );
  const fxp = new XMLParser({ preserveOrder: true, ignoreAttributes: false, processEntities: false });
  const fastXml = throughput(bytes.length, () => fxp.parse(bytes));
  const common = { bench: 'exchange', engine: 'none', unit: 'MB/s', n: bytes.length, limit };
  report({ ...common, metric: 'parse_hardened_mb_per_s', value: hardened });
  report({ ...common, metric: 'parse_saxes_path_mb_per_s', value: saxes });
  report({ ...common, metric: 'parse_fast_xml_parser_mb_per_s', value: fastXml });
}

function messages(sender: string, count: number, seed: number): InboundMessage[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    sender,
    messageType: 'CEB621Message',
    guid: guidOf(rand),
    payload: inventoryXml(rand),
  }));
}

/** The same two rows per message the inbox writes, bulk-inserted with no platform logic. */
async function rawInsert(db: Database, batch: InboundMessage[]): Promise<void> {
  await db.transaction(async (tx) => {
    const at = new Date().toISOString();
    const receipts = batch.map((m) => ({
      id: randomUUID(),
      enterprise_code: m.sender,
      message_type: m.messageType,
      guid: m.guid,
      status: 'accepted',
      reasons: null,
      data: null,
      created_at: at,
    }));
    await db.bulkInsert(tx, 'exchange_receipt', receipts);
    await db.bulkInsert(
      tx,
      'exchange_message',
      batch.map((m, i) => ({
        sender: m.sender,
        guid: m.guid,
        message_type: m.messageType,
        payload_sha256: createHash('sha256').update(m.payload!).digest('hex'),
        receipt_id: receipts[i]!.id,
        received_at: at,
      })),
    );
  });
}

/** Messages/s through the inbox with a trivial effect, against raw bulk inserts of the same rows. */
export async function benchExchange(args: BenchArgs): Promise<void> {
  benchParsers(args);
  const n = args.n ?? 20_000;
  const database = await freshDatabase(args);
  const db = Database.open({
    url: database.url,
    sqliteSynchronous: (process.env.SQLITE_SYNCHRONOUS as 'FULL') ?? 'FULL',
  });
  try {
    await new Migrator(db, [exchangeMigrations]).migrate();
    const inbox = new Inbox(db, new Receipts(db));
    const trivial = async (_tx: unknown, fresh: InboundMessage[]) => fresh.map(() => undefined);
    const time = async (
      items: InboundMessage[],
      size: number,
      fn: (batch: InboundMessage[]) => Promise<unknown>,
    ) => {
      const start = performance.now();
      for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
      return items.length / ((performance.now() - start) / 1000);
    };

    progress(`limit: raw bulk insert of ${n} messages' rows in batches of ${BATCH} (${args.engine})`);
    const limitRate = await time(messages('RAW', n, args.seed), BATCH, (b) => rawInsert(db, b));
    const limit = { metric: 'raw_insert_messages_per_s', value: limitRate };

    progress(`inbox: ${n} messages in batches of ${BATCH}`);
    const batch = messages('INBOX', n, args.seed + 1);
    const batchRate = await time(batch, BATCH, (b) => inbox.receiveBatch(b, trivial));
    report({
      bench: 'exchange',
      engine: args.engine,
      metric: 'inbox_messages_per_s',
      value: batchRate,
      unit: '1/s',
      n,
      limit,
    });

    progress(`inbox: ${n} repeat deliveries (stored receipts, no effect)`);
    const repeatRate = await time(batch, BATCH, (b) => inbox.receiveBatch(b, trivial));
    report({
      bench: 'exchange',
      engine: args.engine,
      metric: 'inbox_repeats_per_s',
      value: repeatRate,
      unit: '1/s',
      n,
      limit,
    });

    const singles = Math.max(100, Math.floor(n / 10));
    progress(`inbox: ${singles} messages one transaction each`);
    const singleRate = await time(messages('SINGLE', singles, args.seed + 2), 1, (b) =>
      inbox.receiveBatch(b, trivial),
    );
    report({
      bench: 'exchange',
      engine: args.engine,
      metric: 'inbox_single_messages_per_s',
      value: singleRate,
      unit: '1/s',
      n: singles,
      limit,
    });
  } finally {
    await db.close();
    await database.drop();
  }
}
