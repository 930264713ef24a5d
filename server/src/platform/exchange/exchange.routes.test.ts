import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import { ceb621, encodeGb18030, inventory } from '../../../test/helpers/xml.ts';
import { demoApiKeySecret } from '../../cli/demo/identity.demo.ts';
import { Database } from '../db/index.ts';
import { Receipts } from './receipts.ts';

describe(`exchange HTTP API on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  let shtrade: Record<string, string>;
  let gzshop: Record<string, string>;
  let shKey: Record<string, string>;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await seedDemoAccounts(platform, platform.identity.policy.listSystemScopes());
    await platform.app.ready();
    shtrade = await loginAs(platform.app, 'shtrade.declarant');
    gzshop = await loginAs(platform.app, 'gzshop.declarant');
    const keys = await platform.identity.users.listApiKeys({ kind: 'operator', name: 'test' });
    const id = keys.find((k) => k.enterpriseCode === '3120980001')!.id;
    shKey = { 'x-api-key': `jgk_${id}.${demoApiKeySecret('shtrade')}` };
  });
  afterAll(() => platform.close());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const echo = (headers: Record<string, string>, messages: object[]) =>
    inject({ method: 'POST', url: '/api/v1/exchange/echo', headers, payload: { messages } });
  const sendXml = (headers: Record<string, string>, body: string | Buffer, type = 'application/xml') =>
    inject({
      method: 'POST',
      url: '/api/v1/exchange/echo/xml',
      headers: { ...headers, 'content-type': type, 'accept-language': 'en' },
      payload: body,
    });
  const receiptsNow = async (headers: Record<string, string>, after = '') =>
    (await inject({ url: `/api/v1/exchange/receipts?after=${after}&limit=1000`, headers })).json();
  // On PostgreSQL the cursor holds receipts back while any older transaction is open, and other test
  // files run transactions beside this one: wait (bounded) for what has been committed to show.
  const receipts = async (headers: Record<string, string>, after = '', expected = 1) => {
    for (let attempt = 0; ; attempt++) {
      const page = await receiptsNow(headers, after);
      if (page.items.length >= expected || TEST_ENGINE !== 'postgres' || attempt >= 100) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(platform.db.kysely))
        .rows[0]!.n,
    );

  it('answers one receipt per message, the stored one for a repeat, 409-style results for a reused GUID', async () => {
    const first = await echo(shKey, [
      { messageType: 'T', guid: 'E-1', payload: 'a' },
      { messageType: 'T', guid: 'E-2', payload: 'b' },
    ]);
    expect(first.statusCode).toBe(200);
    const again = await echo(shtrade, [
      { messageType: 'T', guid: 'E-1', payload: 'a' },
      { messageType: 'T', guid: 'E-2', payload: 'changed' },
    ]);
    const [a, b] = again.json().results;
    expect(a).toEqual({ ...first.json().results[0], outcome: 'duplicate' });
    expect(b).toEqual({ guid: 'E-2', outcome: 'guid_reused', error: { code: 'EXCHANGE.GUID_REUSED' } });
  });

  it('lists only the caller enterprise receipts, in order, and reads on from the cursor', async () => {
    await echo(gzshop, [{ messageType: 'T', guid: 'E-1', payload: 'gz' }]); // same GUID, other sender: no conflict
    const mine = await receipts(shKey, '', 2);
    expect(mine.items.map((r: { guid: string }) => r.guid)).toEqual(['E-1', 'E-2']);
    const theirs = await receipts(gzshop);
    expect(theirs.items.map((r: { enterpriseCode: string }) => r.enterpriseCode)).toEqual(['4401960002']);
    await echo(shtrade, [{ messageType: 'T', guid: 'E-3', payload: 'c' }]);
    const next = await receipts(shtrade, mine.nextCursor);
    expect(next.items.map((r: { guid: string }) => r.guid)).toEqual(['E-3']);
    expect((await receiptsNow(shtrade, next.nextCursor)).items).toEqual([]);
  });

  it('shows a person the newest receipts first', async () => {
    const newest = (
      await inject({ url: '/api/v1/exchange/receipts?order=newest&limit=2', headers: shKey })
    ).json();
    expect(newest.items.map((r: { guid: string }) => r.guid)).toEqual(['E-3', 'E-2']);
    const other = (await inject({ url: '/api/v1/exchange/receipts?order=newest', headers: gzshop })).json();
    expect(other.items.map((r: { enterpriseCode: string }) => r.enterpriseCode)).toEqual(['4401960002']);
    const bad = await inject({ url: '/api/v1/exchange/receipts?order=oldest', headers: shKey });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a webhook to the cloud metadata address, saying why in the caller language', async () => {
    const manager = await loginAs(platform.app, 'shtrade.manager');
    const answer = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/webhooks',
      headers: { ...manager, 'accept-language': 'en' },
      payload: { url: 'http://169.254.169.254/latest/meta-data' },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().details[0]).toMatchObject({
      path: 'body.url',
      rule: 'public_address',
      message: expect.stringContaining('169.254.169.254 is not a public address'),
    });
  });

  it('refuses a malformed cursor by name', async () => {
    const response = await inject({ url: '/api/v1/exchange/receipts?after=abc', headers: shtrade });
    expect([response.statusCode, response.json().code]).toEqual([400, 'EXCHANGE.CURSOR_INVALID']);
  });

  it('never skips a receipt whose transaction commits after a later one', async () => {
    const before = await receipts(shtrade, '', 3);
    // A: takes its position first and stays open. (On SQLite writers are serialized, so A commits first.)
    const { release, done: slow, close } = await receiptInOpenTransaction('LATE');
    // B: commits while A is open (PostgreSQL only; SQLite's single writer would wait for A).
    const fast = echo(shtrade, [{ messageType: 'T', guid: 'EARLY', payload: 'x' }]);
    if (TEST_ENGINE === 'postgres') {
      await fast;
      const during = await receiptsNow(shtrade, before.nextCursor);
      expect(during.items).toEqual([]); // B is held back while A, which is older, may still commit
    }
    release();
    await slow;
    await fast;
    const after = await receipts(shtrade, before.nextCursor, 2);
    expect(after.items.map((r: { guid: string }) => r.guid)).toEqual(['LATE', 'EARLY']);
    await close();
  });

  it('gives the newest receipts a cursor that a transaction committing late is not behind', async () => {
    // A: takes its position first and stays open while a person looks at the newest receipts.
    const { release, done: slow, close } = await receiptInOpenTransaction('LATE-2');
    // B commits meanwhile (PostgreSQL only; SQLite's single writer would wait for A, so B follows it).
    const early = () => echo(shtrade, [{ messageType: 'T', guid: 'EARLY-2', payload: 'x' }]);
    if (TEST_ENGINE === 'postgres') await early();
    // On PostgreSQL, of five shown some are older than A; of one, none is (its cursor is looked up apart).
    const newest = async (limit: number) =>
      (
        await inject({ url: `/api/v1/exchange/receipts?order=newest&limit=${limit}`, headers: shtrade })
      ).json();
    const shown = [await newest(5), await newest(1)];
    if (TEST_ENGINE === 'postgres')
      expect(shown.map((page) => page.items[0].guid)).toEqual(['EARLY-2', 'EARLY-2']);
    release();
    await slow;
    if (TEST_ENGINE !== 'postgres') await early();
    // Going on from either cursor, a system gets A's receipt (and B's, unless shown already).
    for (const page of shown) {
      const next = await receipts(shtrade, page.nextCursor, 2);
      const seen = [...page.items, ...next.items].map((r: { guid: string }) => r.guid);
      expect(seen).toEqual(expect.arrayContaining(['LATE-2', 'EARLY-2']));
      expect(next.items.map((r: { guid: string }) => r.guid)).toContain('LATE-2');
    }
    await close();
  });

  /** A receipt appended on another connection, in a transaction that stays open until `release`. */
  async function receiptInOpenTransaction(guid: string) {
    const other = Database.open({ url: platform.database.url });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const done = other.transaction(async (tx) => {
      await new Receipts(other).append(tx, [
        { enterpriseCode: '3120980001', messageType: 'T', guid, status: 'released' },
      ]);
      started();
      await held;
    });
    await inside;
    return { release, done, close: () => other.close() };
  }

  it('takes a CEB batch as XML, UTF-8 or GB18030, one receipt per document', async () => {
    const xml = ceb621(inventory('X-1'), inventory('X-2'));
    const response = await sendXml(shtrade, xml);
    expect(response.statusCode, response.body).toBe(200);
    expect(
      response.json().results.map((r: { guid: string; outcome: string }) => `${r.guid} ${r.outcome}`),
    ).toEqual(['X-1 accepted', 'X-2 accepted']);
    const gb = encodeGb18030(xml.replace('encoding="UTF-8"', 'encoding="GB18030"'));
    const repeat = await sendXml(shtrade, gb, 'text/xml; charset=gb18030');
    expect(repeat.json().results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
    ]);
  });

  it.each([
    [
      'an entity definition',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>',
      400,
      'EXCHANGE.XML_DOCTYPE',
    ],
    ['10,000-deep nesting', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, 400, 'EXCHANGE.XML_TOO_DEEP'],
    ['the wrong encoding', encodeGb18030(ceb621(inventory('W-1'))), 400, 'EXCHANGE.XML_ENCODING_INVALID'],
    ['a document without its GUID', ceb621(inventory('')), 400, 'EXCHANGE.XML_INVALID'],
    ['JSON sent to the XML endpoint', '{}', 415, 'EXCHANGE.XML_REQUIRED'],
  ])('refuses %s with a clear code and stores nothing', async (_name, body, status, code) => {
    const before = [await count('exchange_message'), await count('exchange_receipt')];
    const response = await sendXml(
      shtrade,
      body,
      code === 'EXCHANGE.XML_REQUIRED' ? 'application/json' : 'application/xml',
    );
    expect([response.statusCode, response.json().code]).toEqual([status, code]);
    expect(response.json().message).not.toMatch(/^EXCHANGE\./);
    expect([await count('exchange_message'), await count('exchange_receipt')]).toEqual(before);
  });

  it('refuses 50 MB before reading it all', async () => {
    const response = await sendXml(shtrade, Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(response.statusCode).toBe(413);
  });

  it('keeps officers and the public out of enterprise exchange routes', async () => {
    const officer = await loginAs(platform.app, 'sh.reviewer');
    expect((await inject({ url: '/api/v1/exchange/receipts', headers: officer })).statusCode).toBe(403);
    expect((await inject({ url: '/api/v1/exchange/receipts' })).statusCode).toBe(401);
  });
});
