import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { SystemPrincipal } from '../identity/index.ts';
import { type DelivererOptions, WebhookDeliverer } from './webhook-deliverer.ts';

/** A receiver whose answers the test decides, request by request, and may hold back. */
interface Receiver {
  url: string;
  /** GUIDs of the receipts posted, in the order the requests arrived. */
  received: string[];
  /** Most requests in flight at once. */
  peak: number;
  server: Server;
}

type Answer = (request: number) => number | Promise<number>;

/** A promise of a status the test answers later with `open(status)`. */
function gate(): { answer: Promise<number>; open: (status: number) => void } {
  let open!: (status: number) => void;
  const answer = new Promise<number>((resolve) => {
    open = resolve;
  });
  return { answer, open };
}

async function startReceiver(answer: Answer): Promise<Receiver> {
  const receiver = { received: [], peak: 0 } as unknown as Receiver;
  let inFlight = 0;
  receiver.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', async () => {
      receiver.received.push(JSON.parse(body).guid);
      receiver.peak = Math.max(receiver.peak, ++inFlight);
      const status = await answer(receiver.received.length);
      inFlight--;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

describe(`webhook deliverer on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const receivers: Receiver[] = [];
  // Starts at the real time, because receipts are queued with the platform's clock.
  let clock = new Date(Date.now() + 60_000);
  let enterprise = 0;
  const TIMEOUT_MS = 2000;
  const LEASE_MS = TIMEOUT_MS * 2 + 5000;

  beforeAll(async () => {
    // The receivers here listen on 127.0.0.1, which webhooks may name only when allowed.
    platform = await createTestPlatform({ WEBHOOK_ALLOW_PRIVATE: 'on' });
  });
  beforeEach(() => {
    clock = new Date(Date.now() + 60_000);
  });
  afterAll(async () => {
    for (const r of receivers) r.server.closeAllConnections();
    for (const r of receivers) await new Promise((resolve) => r.server.close(resolve));
    await platform.close();
  });

  const deliverer = (options: DelivererOptions = {}) =>
    new WebhookDeliverer(platform.db, {
      now: () => clock,
      timeoutMs: TIMEOUT_MS,
      allowPrivate: true,
      ...options,
    });
  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  /** A fresh enterprise with one webhook to a new receiver, and `count` receipts queued for it. */
  async function subscribe(answer: Answer, count = 1) {
    const receiver = await startReceiver(answer);
    receivers.push(receiver);
    const principal: SystemPrincipal = {
      kind: 'system',
      apiKeyId: 't',
      enterpriseCode: `D${enterprise++}`,
      scopes: [],
    };
    const webhook = await platform.exchange.webhooks.createWebhook(principal, { url: receiver.url });
    await platform.db.transaction((tx) =>
      platform.exchange.receipts.append(
        tx,
        Array.from({ length: count }, (_, i) => ({
          enterpriseCode: principal.enterpriseCode,
          messageType: 'T',
          guid: `G${i}`,
          status: 'accepted',
        })),
      ),
    );
    return { receiver, webhook, principal };
  }

  const deliveryOf = async (webhookId: string) =>
    (
      await sql<{ status: string; attempts: number; lease_until: unknown; last_error: string | null }>`
        SELECT status, attempts, lease_until, last_error FROM exchange_delivery
        WHERE webhook_id = ${webhookId}`.execute(platform.db.kysely)
    ).rows.map((r) => ({ ...r, attempts: Number(r.attempts) }))[0];

  /** Makes the database refuse to mark this webhook's deliveries delivered, until `allow()` (idempotent). */
  async function refuseDelivered(webhookId: string): Promise<{ allow: () => Promise<void> }> {
    const ddl = (statement: string) => platform.db.transaction((tx) => sql.raw(statement).execute(tx));
    const when = `NEW.status = 'delivered' AND NEW.webhook_id = '${webhookId}'`;
    if (TEST_ENGINE === 'postgres') {
      await ddl(`CREATE FUNCTION refuse_delivered() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'status write refused by the test'; END $$`);
      await ddl(`CREATE TRIGGER refuse_delivered BEFORE UPDATE ON exchange_delivery FOR EACH ROW
        WHEN (${when}) EXECUTE FUNCTION refuse_delivered()`);
      return {
        allow: async () => {
          await ddl('DROP TRIGGER IF EXISTS refuse_delivered ON exchange_delivery');
          await ddl('DROP FUNCTION IF EXISTS refuse_delivered()');
        },
      };
    }
    await ddl(`CREATE TRIGGER refuse_delivered BEFORE UPDATE ON exchange_delivery WHEN ${when}
      BEGIN SELECT RAISE(ABORT, 'status write refused by the test'); END`);
    return { allow: () => ddl('DROP TRIGGER IF EXISTS refuse_delivered').then(() => {}) };
  }

  it('survives a status write that fails, and sends the delivery again once its lease has expired', async () => {
    const { receiver, webhook } = await subscribe(() => 200);
    const refusal = await refuseDelivered(webhook.id);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged: string[] = [];
    const logger = { error: (_: object, message: string) => logged.push(message), warn: () => {} };
    const worker = deliverer({ pollMs: 10, logger: logger as unknown as Logger });
    try {
      worker.start();
      await expect.poll(() => receiver.received.length > 0 && !worker.isBusy(webhook.id)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50)); // an unhandled rejection is reported by now
      expect(unhandled).toEqual([]);
      expect(logged).toContain('webhook delivery status not saved');
      expect(await deliveryOf(webhook.id)).toMatchObject({ status: 'pending', attempts: 0 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.received).toHaveLength(1); // still leased: not sent again yet

      await refusal.allow();
      later(LEASE_MS);
      await expect.poll(async () => (await deliveryOf(webhook.id))?.status).toBe('delivered');
      expect(receiver.received).toEqual(['G0', 'G0']);
    } finally {
      await refusal.allow();
      process.off('unhandledRejection', onUnhandled);
      await worker.stop();
    }
  });

  it('saves a status while another transaction holds the writer, once that one commits', async () => {
    const slow = gate();
    const { receiver, webhook } = await subscribe(() => slow.answer);
    const worker = deliverer();
    expect(await worker.pump()).toBe(1);
    await expect.poll(() => receiver.received.length).toBe(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const other = platform.db.transaction(async () => {
      started();
      await held;
    });
    await inside;
    // On SQLite a write on the reader connection would wait for this transaction's lock with the event
    // loop blocked (so it never commits), and fail SQLITE_BUSY after 5 s.
    slow.open(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await other;
    await worker.idle();
    expect(await deliveryOf(webhook.id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('stops pushing to a webhook deleted while a request to it is in flight', async () => {
    const slow = gate();
    const { receiver, webhook, principal } = await subscribe(() => slow.answer);
    const worker = deliverer();
    expect(await worker.pump()).toBe(1);
    await expect.poll(() => receiver.received.length).toBe(1);
    await platform.exchange.webhooks.deleteWebhook(principal, webhook.id);
    slow.open(500);
    await worker.idle();
    later(3600_000);
    await worker.drain();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveryOf(webhook.id)).toMatchObject({ status: 'dead', last_error: 'webhook deleted' });
  });

  it('lets two processes push to one webhook only one request at a time, in order', async () => {
    const { receiver } = await subscribe(
      () => new Promise<number>((resolve) => setTimeout(() => resolve(200), 20)),
      6,
    );
    const a = deliverer({ pollMs: 5 });
    const b = deliverer({ pollMs: 5 });
    a.start();
    b.start();
    try {
      await expect.poll(() => receiver.received.length).toBe(6);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(receiver.peak).toBe(1);
    expect(receiver.received).toEqual(['G0', 'G1', 'G2', 'G3', 'G4', 'G5']);
  });

  it('changes nothing when an attempt ends after its lease expired and another process took the delivery', async () => {
    const first = gate();
    const second = gate();
    const { receiver, webhook } = await subscribe((n) => (n === 1 ? first.answer : second.answer));
    const a = deliverer({ baseDelayMs: 1000 });
    const b = deliverer({ baseDelayMs: 1000 });
    expect(await a.pump()).toBe(1);
    await expect.poll(() => receiver.received.length).toBe(1);
    later(LEASE_MS); // a's request outlived its lease (a stalled process, say): b takes the delivery over
    expect(await b.pump()).toBe(1);
    await expect.poll(() => receiver.received.length).toBe(2);
    const taken = await deliveryOf(webhook.id);

    first.open(500); // a's late failure must not free the delivery b still holds
    await a.idle();
    expect(await deliveryOf(webhook.id)).toEqual(taken);
    later(2000);
    expect(await a.pump()).toBe(0);

    second.open(200);
    await b.idle();
    expect(await deliveryOf(webhook.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_error: null,
    });
    expect(receiver.received).toHaveLength(2);
  });
});
