import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCreditDemo } from '../src/cli/demo/credit.demo.ts';
import { cebSamples } from '../src/modules/ecommerce/index.ts';
import { firstReplay, HEAVY, MIXED, type Planned, planned, SOAP, staged } from './helpers/ceb-crash-plan.ts';
import { CrashingDelivery, type ReplayDoc, replayDoc, toMessages } from './helpers/ceb-replay.ts';
import { TEST_ENGINE } from './helpers/database.ts';
import { createTestPlatform, type TestPlatform } from './helpers/platform.ts';
import { seededRandom } from './helpers/seeded-random.ts';
import { startServeProcess } from './helpers/server-process.ts';

// Issue #7: SIGKILL the real server several times during a replay of CEB batches, restart it, send
// again what got no answer (and some of what did), then prove from the database that every
// acknowledged document took effect exactly once, no quota counts twice and nothing is half-applied.

const { SAMPLE_PARTIES: P, sampleCancel, sampleRefund } = cebSamples;
// Every random choice (goods, arrival order, when to kill, what to repeat) comes from this seed.
const SEED = Number(process.env.JINGUAN_CRASH_SEED ?? 20261111);
const ANNUAL_LIMIT_FEN = 2_600_000;
// Kills per stage: the replay's early documents, its last ones, the endings, buyer 1's last three.
const KILLS = { early: 1, last: 2, endings: 1, moreLast: 1 };
const TOTAL_KILLS = KILLS.early + KILLS.last + KILLS.endings + KILLS.moreLast;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const nOf = (copNo: string | null) => Number(copNo?.slice(1));

interface ListRow {
  id: string;
  sender: string;
  guid: string;
  cop_no: string;
  pre_no: string;
  invt_no: string | null;
  buyer_hash: string;
  status: string;
  return_status: string;
  quota_year: number;
  quota_fen: number | null;
  tax: unknown;
  reasons: unknown;
  risk_decision_id: string | null;
}

describe(`e-commerce gateway killed with SIGKILL mid-replay on ${TEST_ENGINE} (seed ${SEED})`, () => {
  let platform: TestPlatform;
  let delivery: CrashingDelivery;
  let work: string;
  const transactions = new Map<number, Planned>();
  const docs: ReplayDoc[] = [];
  const keys: Record<string, string> = {};
  const random = seededRandom(SEED);
  const query = async <T>(text: RawBuilder<T>) => (await text.execute(platform.db.kysely)).rows;
  const lists = () => query<ListRow>(sql`SELECT * FROM ecommerce_list ORDER BY id`);
  const passed = (l: ListRow) => l.status === 'released' || l.status === 'held';

  beforeAll(async () => {
    platform = await createTestPlatform();
    // The demo enterprises (the sample platform, payment and logistics companies among them), no accounts.
    await seedCreditDemo(platform.credit, { facts: false });
    for (const code of new Set([P.ebcCode, P.payCode, P.logisticsCode])) {
      const issued = await platform.identity.users.issueApiKey(
        { kind: 'operator', name: 'crash-test' },
        { enterpriseCode: code, name: 'crash', scopes: ['ecommerce.submit'] },
      );
      keys[code] = issued.key;
    }
    work = mkdtempSync(join(tmpdir(), 'jinguan-crash-'));
    const start = () =>
      startServeProcess({
        DATABASE_URL: platform.database.url,
        FILE_DIR: join(work, 'files'),
        CONSOLE_DIR: join(work, 'no-console'),
      });
    delivery = new CrashingDelivery(start, keys, random);

    // 1. The replay: killed once among the early documents, twice among the last ones (which decide the lists).
    const first = firstReplay(random);
    for (const t of first) transactions.set(t.n, t);
    const firstDocs = staged(first, random);
    docs.push(...firstDocs.early, ...firstDocs.last);
    await delivery.deliver(toMessages(firstDocs.early, 5, random, 'first'), KILLS.early);
    await delivery.deliver(toMessages(firstDocs.last, 3, random, 'first-last'), KILLS.last);

    // 2. Quota given back, killed once: buyer 1 cancels (held) or returns (released) two lists; two ordinary ones too.
    // Not a list picked for inspection (500): it cannot be withdrawn until an inspector concludes it.
    const decided = (await lists())
      .filter((l) => passed(l) && l.return_status !== '500')
      .sort((a, b) => nOf(a.cop_no) - nOf(b.cop_no));
    const ending = [
      ...decided.filter((l) => transactions.get(nOf(l.cop_no))!.buyer === HEAVY[0]).slice(0, 2),
      ...decided.filter((l) => nOf(l.cop_no) >= 1000).slice(0, 2),
    ];
    const endings = ending.map((l) => {
      const t = transactions.get(nOf(l.cop_no))!;
      return l.status === 'released'
        ? replayDoc('refund', t, sampleRefund(t, l.invt_no!))
        : replayDoc('cancel', t, sampleCancel(t, l.invt_no!));
    });
    docs.push(...endings);
    await delivery.deliver(toMessages(endings, 1, random, 'endings'), KILLS.endings);

    // 3. Buyer 1 tries three more 4,000.00 lists with 16,000.00 used, killed once: two fit, one does not.
    const more = [1, 2, 3].map((i) => planned(HEAVY[0]! * 100 + 8 + i, HEAVY[0]!, SOAP));
    for (const t of more) transactions.set(t.n, t);
    const moreDocs = staged(more, random);
    docs.push(...moreDocs.early, ...moreDocs.last);
    await delivery.deliver(toMessages(moreDocs.early, 3, random, 'more'), 0);
    await delivery.deliver(toMessages(moreDocs.last, 1, random, 'more-last'), KILLS.moreLast);
    // The server started after the last kill stays up, idle, for the replay in the last test.
  }, 120_000);

  afterAll(async () => {
    await delivery?.stop();
    await platform?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const receiptOf = (doc: ReplayDoc) => delivery.receipts.get(`${doc.sender}|${doc.guid}`)!;

  it('acknowledges every document through five kills, each answer consistent with the first', () => {
    expect(delivery.kills).toBe(TOTAL_KILLS);
    // The kills did cut requests off (otherwise this would test nothing).
    expect(delivery.interrupted).toBeGreaterThan(0);
    expect(delivery.httpErrors).toEqual([]);
    expect(delivery.problems).toEqual([]);
    for (const doc of docs) expect(receiptOf(doc), doc.guid).toBeDefined();
    // No repeat after a crash reached the business rules as a new document.
    const reused = docs.filter((d) => receiptOf(d).reasons?.some((r) => r.rule === 'number_reused'));
    expect(reused.map((d) => d.guid)).toEqual([]);
  });

  it('stores every acknowledged document exactly once, with its inbox record, and nothing else', async () => {
    // Each inbox row names its first receipt (exchange_receipt): the one the sender was answered.
    const inbox = await query<{
      sender: string;
      guid: string;
      message_type: string;
      id: string;
      enterprise_code: string;
      receipt_type: string;
      receipt_guid: string;
      status: string;
      reasons: unknown;
      data: unknown;
      created_at: string;
    }>(
      sql`SELECT m.sender, m.guid, m.message_type, r.id, r.enterprise_code, r.message_type AS receipt_type,
            r.guid AS receipt_guid, r.status, r.reasons, r.data, r.created_at
          FROM exchange_message m JOIN exchange_receipt r ON r.id = m.receipt_id`,
    );
    expect(inbox).toHaveLength(docs.length);
    const inboxBy = new Map(inbox.map((m) => [`${m.sender}|${m.guid}`, m]));
    for (const doc of docs) {
      const stored = inboxBy.get(`${doc.sender}|${doc.guid}`);
      expect(stored?.message_type, doc.guid).toBe(doc.type);
      const receipt = {
        id: stored!.id,
        enterpriseCode: stored!.enterprise_code,
        messageType: stored!.receipt_type,
        guid: stored!.receipt_guid,
        status: stored!.status,
        ...(stored!.reasons ? { reasons: json(stored!.reasons) } : {}),
        ...(stored!.data ? { data: json(stored!.data) } : {}),
        createdAt: stored!.created_at,
      };
      expect(receipt, doc.guid).toEqual(receiptOf(doc));
    }
    for (const [kind, table] of [
      ['order', 'ecommerce_order'],
      ['payment', 'ecommerce_payment'],
      ['waybill', 'ecommerce_waybill'],
    ] as const) {
      const rows = await query<{ sender: string; guid: string }>(
        sql`SELECT sender, guid FROM ${sql.table(table)}`,
      );
      const expected = docs.filter((d) => d.kind === kind);
      for (const doc of expected) expect(receiptOf(doc).status, doc.guid).toBe('120');
      expect(rows.map((r) => `${r.sender}|${r.guid}`).sort()).toEqual(
        expected.map((d) => `${d.sender}|${d.guid}`).sort(),
      );
    }
    // A list has a row exactly when its first receipt gave it a preNo (refusals before storing give none).
    const rows = await lists();
    const listDocs = docs.filter((d) => d.kind === 'list');
    const stored = listDocs.filter((d) => receiptOf(d).data?.preNo);
    expect(rows.map((r) => `${r.sender}|${r.guid}`).sort()).toEqual(
      stored.map((d) => `${d.sender}|${d.guid}`).sort(),
    );
    for (const doc of stored) {
      expect(rows.find((r) => r.guid === doc.guid)!.pre_no).toBe(receiptOf(doc).data!.preNo);
    }
    // Every receipt belongs to an inbox message, or to a tax bill (CEB816 issued, CEB818 voided by a
    // return); every inbox message has its receipt.
    const receipts = await query<{
      id: string;
      enterprise_code: string;
      message_type: string;
      guid: string;
      data: string | object | null;
    }>(sql`SELECT id, enterprise_code, message_type, guid, data FROM exchange_receipt`);
    const bills = await query<{ guid: string; tax_no: string; status: string }>(
      sql`SELECT guid, tax_no, status FROM ecommerce_tax_bill`,
    );
    const billGuids = new Set(bills.map((b) => b.guid));
    const voidedBills = bills.filter((b) => b.status === '3').map((b) => b.tax_no);
    const voidedReceipts: string[] = [];
    for (const r of receipts) {
      if (r.message_type === 'CEB816Message') expect(billGuids.has(r.guid), r.guid).toBe(true);
      else if (r.message_type === 'CEB818Message') voidedReceipts.push(json<{ taxNo: string }>(r.data).taxNo);
      else expect(inboxBy.get(`${r.enterprise_code}|${r.guid}`)?.message_type, r.guid).toBe(r.message_type);
    }
    expect(receipts.filter((r) => r.message_type === 'CEB816Message')).toHaveLength(bills.length);
    expect(voidedReceipts.sort()).toEqual(voidedBills.sort());
    const receiptIds = new Set(receipts.map((r) => r.id));
    for (const doc of docs) expect(receiptIds.has(receiptOf(doc).id), doc.guid).toBe(true);
    if (TEST_ENGINE === 'sqlite') {
      // The serial counter moves in the list's transaction: no serial lost to a rolled-back batch.
      const [counter] = await query<{ value: number }>(
        sql`SELECT value FROM ecommerce_counter WHERE name = 'list'`,
      );
      expect(Number(counter!.value)).toBe(rows.length);
    }
  });

  it('decides every list once, as its receipts say, with one risk decision and one tax bill where due', async () => {
    const rows = new Map((await lists()).map((r) => [r.guid, r]));
    const later = await query<{ id: string; guid: string; status: string; reasons: unknown; data: unknown }>(
      sql`SELECT id, guid, status, reasons, data FROM exchange_receipt WHERE message_type = 'CEB621Message' ORDER BY seq`,
    );
    const ended = new Map(
      docs.filter((d) => d.kind === 'cancel' || d.kind === 'refund').map((d) => [d.n, d.kind]),
    );
    for (const doc of docs.filter((d) => d.kind === 'list')) {
      const first = receiptOf(doc);
      const t = transactions.get(doc.n)!;
      const row = rows.get(doc.guid);
      const decisions = later.filter((r) => r.guid === doc.guid && r.id !== first.id);
      if (t.fault === 'over_limit') {
        expect(first.status).toBe('100');
        expect(first.reasons?.map((r) => r.rule)).toEqual(['transaction_limit']);
        expect(row).toBeUndefined();
        continue;
      }
      // A list decided when its last document arrived says so in its first receipt, otherwise in exactly one more.
      const decided = first.status === '120' ? decisions[0] : first;
      expect(decisions.length, doc.guid).toBe(first.status === '120' && decided ? 1 : 0);
      if (t.fault === 'no_waybill') {
        expect(decided).toBeUndefined();
        expect(row!.status).toBe('pending');
        continue;
      }
      expect(decided, doc.guid).toBeDefined();
      const status = decided!.status;
      const expectedRow =
        status === '100'
          ? 'rejected'
          : status === '800'
            ? ended.has(doc.n)
              ? 'returned'
              : 'released'
            : ended.has(doc.n)
              ? 'cancelled'
              : 'held';
      expect(row!.status, doc.guid).toBe(expectedRow);
      if (status !== '100') {
        expect(['800', '300', '500']).toContain(status);
        expect(json<Record<string, unknown>>(decided!.data).invtNo).toBe(row!.invt_no);
        expect(row!.return_status).toBe(ended.has(doc.n) ? '399' : status);
      }
      if (t.fault === 'mismatch')
        expect(json<{ rule: string }[]>(decided!.reasons).map((r) => r.rule)).toContain('mismatch');
    }
    // Risk decided each list that passed its checks once; released ones got one tax bill (voided when returned).
    const all = [...rows.values()];
    const risk = await query<{ id: string; subject_id: string }>(
      sql`SELECT id, subject_id FROM risk_decision WHERE subject_kind = 'ecommerce_list'`,
    );
    const assessed = all.filter((l) => l.risk_decision_id !== null);
    expect(assessed.every((l) => ['released', 'held', 'returned', 'cancelled'].includes(l.status))).toBe(
      true,
    );
    expect(risk.map((d) => `${d.id}|${d.subject_id}`).sort()).toEqual(
      assessed.map((l) => `${l.risk_decision_id}|${l.id}`).sort(),
    );
    const bills = await query<{ list_id: string; status: string }>(
      sql`SELECT list_id, status FROM ecommerce_tax_bill`,
    );
    const taxed = all.filter((l) => l.status === 'released' || l.status === 'returned');
    expect(bills.map((b) => `${b.list_id}|${b.status}`).sort()).toEqual(
      taxed.map((l) => `${l.id}|${l.status === 'returned' ? '3' : '1'}`).sort(),
    );
    // Every ending was accepted.
    for (const doc of docs.filter((d) => d.kind === 'cancel' || d.kind === 'refund'))
      expect(receiptOf(doc).status, doc.guid).toBe('399');
  });

  it('counts every buyer’s annual quota once: used = the lists that hold it, within 26,000.00', async () => {
    const rows = await lists();
    const quota = await query<{ buyer_hash: string; year: number; used_fen: number | string }>(
      sql`SELECT buyer_hash, year, used_fen FROM ecommerce_quota`,
    );
    const holding = new Map<string, number>();
    for (const l of rows) {
      const key = `${l.buyer_hash}|${l.quota_year}`;
      holding.set(key, (holding.get(key) ?? 0) + (passed(l) ? Number(l.quota_fen) : 0));
    }
    expect(quota.map((q) => [`${q.buyer_hash}|${q.year}`, Number(q.used_fen)]).sort()).toEqual(
      [...holding.entries()].sort(),
    );
    for (const q of quota) expect(Number(q.used_fen)).toBeLessThanOrEqual(ANNUAL_LIMIT_FEN);

    const ofBuyer = (buyer: number) => rows.filter((l) => transactions.get(nOf(l.cop_no))!.buyer === buyer);
    const refusedForQuota = (l: ListRow) =>
      l.status === 'rejected' && json<{ rule: string }[]>(l.reasons).some((r) => r.rule === 'annual_limit');
    const usedBy = (buyer: number) =>
      Number(quota.find((q) => q.buyer_hash === ofBuyer(buyer)[0]!.buyer_hash)!.used_fen);
    // Buyers 2 and 3: six of eight 4,000.00 lists; buyer 1 also gave two back and took two of three more.
    for (const buyer of HEAVY) {
      const own = ofBuyer(buyer);
      expect(own.filter(passed), `buyer ${buyer}`).toHaveLength(6);
      expect(own.filter(refusedForQuota), `buyer ${buyer}`).toHaveLength(buyer === HEAVY[0] ? 3 : 2);
      expect(usedBy(buyer)).toBe(2_400_000);
    }
    expect(
      ofBuyer(HEAVY[0]!).filter((l) => l.status === 'cancelled' || l.status === 'returned'),
    ).toHaveLength(2);
    // Mixed values: a list refused for the quota would still not fit in what the buyer has used at the end.
    const mixed = ofBuyer(MIXED);
    expect(mixed.filter(refusedForQuota).length).toBeGreaterThan(0);
    for (const l of mixed.filter(refusedForQuota))
      expect(usedBy(MIXED) + json<{ taxPriceFen: number }>(l.tax).taxPriceFen).toBeGreaterThan(
        ANNUAL_LIMIT_FEN,
      );
    expect(mixed.filter((l) => !passed(l) && !refusedForQuota(l))).toEqual([]);
  });

  it('answers a replay of everything, grouped anew, with the stored receipts and changes nothing', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [table, order] of <[string, string][]>[
        ['ecommerce_order', 'order_key'],
        ['ecommerce_payment', 'order_key'],
        ['ecommerce_waybill', 'parcel_key'],
        ['ecommerce_list', 'id'],
        ['ecommerce_quota', 'buyer_hash'],
        ['ecommerce_tax_bill', 'tax_no'],
        ['ecommerce_counter', 'name'],
        ['exchange_message', 'guid'],
        ['exchange_receipt', 'seq'],
        ['risk_decision', 'id'],
      ]) {
        out[table] = await query(sql`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.ref(order)}`);
      }
      return out;
    };
    const before = await snapshot();
    const problems = delivery.problems.length;
    const stats = await delivery.deliver(toMessages(docs, 7, random, 'again'), 0);
    await delivery.stop();
    expect(stats).toEqual({ accepted: 0, duplicate: docs.length });
    expect(delivery.problems.slice(problems)).toEqual([]);
    expect(delivery.httpErrors).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
