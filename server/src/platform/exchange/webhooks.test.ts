import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/helpers/auth.ts';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { seedDemoAccounts } from '../../../test/helpers/demo.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/helpers/platform.ts';
import type { AppError } from '../errors/index.ts';
import type { SystemPrincipal } from '../identity/index.ts';
import { deliveryDelayMs, WebhookDeliverer } from './webhook-deliverer.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature.ts';
import { WebhooksService } from './webhooks.service.ts';

interface Receiver {
  url: string;
  received: { body: string; signature: string | undefined }[];
  /** Status to answer; 'hang' never answers; 'stall' answers 200 and never ends the body. */
  answer: number | 'hang' | 'stall';
  server: Server;
}

async function startReceiver(answer: Receiver['answer']): Promise<Receiver> {
  const receiver = { received: [], answer } as unknown as Receiver;
  const hanging: ServerResponse[] = [];
  receiver.server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      if (receiver.answer === 'hang') return void hanging.push(res);
      if (receiver.answer === 'stall') {
        receiver.received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(200).write('{"partial":');
        return void hanging.push(res);
      }
      receiver.received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
      res.writeHead(receiver.answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

describe(`webhooks on ${TEST_ENGINE}`, () => {
  let platform: TestPlatform;
  const receivers: Receiver[] = [];
  // Starts at the real time, because receipts are queued with the platform's clock.
  let clock = new Date(Date.now() + 60_000);
  let enterprise = 0;

  beforeAll(async () => {
    // The receivers here listen on 127.0.0.1, which webhooks may name only when allowed.
    platform = await createTestPlatform({ WEBHOOK_ALLOW_PRIVATE: 'on' });
    await seedDemoAccounts(platform);
    await platform.app.ready();
  });
  beforeEach(() => {
    clock = new Date(Date.now() + 60_000);
  });
  afterAll(async () => {
    for (const r of receivers) r.server.closeAllConnections();
    for (const r of receivers) await new Promise((resolve) => r.server.close(resolve));
    await platform.close();
  });

  function deliverer(timeoutMs = 2000, allowPrivate = true) {
    return new WebhookDeliverer(platform.db, { now: () => clock, timeoutMs, concurrency: 4, allowPrivate });
  }

  /** A fresh enterprise with one webhook to a new receiver. */
  async function subscribe(answer: Receiver['answer']) {
    const receiver = await startReceiver(answer);
    receivers.push(receiver);
    const principal: SystemPrincipal = {
      kind: 'system',
      apiKeyId: 't',
      enterpriseCode: `E${enterprise++}`,
      scopes: [],
    };
    const webhook = await platform.exchange.webhooks.createWebhook(principal, { url: receiver.url });
    return { receiver, webhook, principal };
  }

  async function sendReceipts(enterpriseCode: string, count: number) {
    await platform.db.transaction((tx) =>
      platform.exchange.receipts.append(
        tx,
        Array.from({ length: count }, (_, i) => ({
          enterpriseCode,
          messageType: 'T',
          guid: `G${i}`,
          status: 'accepted',
        })),
      ),
    );
  }

  it('pushes each receipt signed with HMAC-SHA256 over timestamp and body', async () => {
    const { receiver, webhook, principal } = await subscribe(200);
    await sendReceipts(principal.enterpriseCode, 2);
    await deliverer().drain();
    expect(receiver.received.map((r) => JSON.parse(r.body).guid).sort()).toEqual(['G0', 'G1']);
    for (const { body, signature } of receiver.received) {
      expect(verifyWebhookSignature(webhook.secret, signature, body, clock)).toBe(true);
      expect(verifyWebhookSignature(webhook.secret, signature, `${body} `, clock)).toBe(false);
      expect(verifyWebhookSignature('whsec_other', signature, body, clock)).toBe(false);
    }
  });

  it('retries with exponential backoff until the receiver answers', async () => {
    const { receiver, principal } = await subscribe(503);
    await sendReceipts(principal.enterpriseCode, 1);
    const worker = deliverer();
    await worker.drain();
    await worker.drain(); // not due yet: no second attempt
    expect(receiver.received).toHaveLength(1);
    clock = new Date(clock.getTime() + deliveryDelayMs(1, 10_000, 3600_000));
    await worker.drain();
    expect(receiver.received).toHaveLength(2);
    receiver.answer = 200;
    clock = new Date(clock.getTime() + deliveryDelayMs(2, 10_000, 3600_000));
    await worker.drain();
    expect(receiver.received).toHaveLength(3);
    clock = new Date(clock.getTime() + 24 * 3600_000);
    await worker.drain();
    expect(receiver.received).toHaveLength(3); // delivered: never sent again
  });

  it('dead-letters after 24 hours of failures; an operator lists and re-delivers it', async () => {
    const { receiver, webhook, principal } = await subscribe(500);
    await sendReceipts(principal.enterpriseCode, 1);
    const worker = deliverer();
    const start = clock.getTime();
    for (let attempt = 1; clock.getTime() - start <= 24 * 3600_000; attempt++) {
      await worker.drain();
      clock = new Date(clock.getTime() + deliveryDelayMs(attempt, 10_000, 3600_000));
    }
    await worker.drain();
    const attempts = receiver.received.length;
    expect(attempts).toBeGreaterThan(20);

    const admin = await loginAs(platform.app, 'sh.system-admin');
    const list = await platform.app.inject({
      url: `/api/v1/exchange/dead-letters?webhookId=${webhook.id}`,
      headers: admin,
    });
    expect(list.statusCode).toBe(200);
    const [dead] = list.json().items;
    expect(dead).toMatchObject({ webhookId: webhook.id, attempts, lastError: 'HTTP 500' });

    const declarant = await loginAs(platform.app, 'shtrade.manager');
    const url = `/api/v1/exchange/dead-letters/${dead.id}/redeliver`;
    expect((await platform.app.inject({ method: 'POST', url, headers: declarant })).statusCode).toBe(403);
    receiver.answer = 200;
    const redeliver = await platform.app.inject({ method: 'POST', url, headers: admin });
    expect(redeliver.json()).toEqual({ id: dead.id, status: 'pending' });
    const again = await platform.app.inject({ method: 'POST', url, headers: admin });
    expect([again.statusCode, again.json().code]).toEqual([404, 'EXCHANGE.DEAD_LETTER_NOT_FOUND']);
    await worker.drain();
    expect(receiver.received).toHaveLength(attempts + 1);
  });

  it('keeps delivering to others while one receiver never answers', async () => {
    const dead = await subscribe('hang');
    const alive = await subscribe(200);
    await sendReceipts(dead.principal.enterpriseCode, 3);
    await sendReceipts(alive.principal.enterpriseCode, 20);
    // The dead receiver's timeout is long enough for 20 local deliveries on a loaded CI machine.
    const worker = deliverer(5000);
    worker.start();
    const started = Date.now();
    while (alive.receiver.received.length < 20 && Date.now() - started < 4500) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // All 20 arrived while the dead receiver's first request was still waiting for its timeout.
    expect(alive.receiver.received).toHaveLength(20);
    expect(worker.isBusy(dead.webhook.id)).toBe(true);
    await worker.stop();
  });

  it('closes the connection once the status is known, even when the body never ends', async () => {
    const { receiver, principal } = await subscribe('stall');
    await sendReceipts(principal.enterpriseCode, 3);
    await deliverer().drain();
    expect(receiver.received).toHaveLength(3);
    const open = async () =>
      new Promise<number>((resolve, reject) =>
        receiver.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    await expect.poll(open, { timeout: 5000 }).toBe(0);
    const delivered = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM exchange_delivery d
      JOIN exchange_webhook w ON w.id = d.webhook_id
      WHERE w.enterprise_code = ${principal.enterpriseCode} AND d.status = 'delivered'`.execute(
      platform.db.kysely,
    );
    expect(Number(delivered.rows[0]?.n)).toBe(3);
  });

  it('fails a delivery, and nothing else, when the stored URL cannot be requested', async () => {
    const broken = await subscribe(200);
    const pointTo = (url: string) =>
      sql`UPDATE exchange_webhook SET url = ${url} WHERE id = ${broken.webhook.id}`.execute(
        platform.db.kysely,
      );
    const lastError = async () =>
      (
        await sql<{ last_error: string; status: string }>`SELECT last_error, status FROM exchange_delivery
          WHERE webhook_id = ${broken.webhook.id}`.execute(platform.db.kysely)
      ).rows[0];
    await sendReceipts(broken.principal.enterpriseCode, 1);
    await pointTo('not a url');
    await deliverer().drain();
    expect(await lastError()).toEqual({ last_error: 'not a URL: not a url', status: 'pending' });
    await pointTo('ftp://127.0.0.1/hook');
    clock = new Date(clock.getTime() + deliveryDelayMs(1, 10_000, 3600_000));
    await deliverer().drain();
    expect((await lastError())?.last_error).toMatch(/ftp/);
    expect(broken.receiver.received).toEqual([]);
  });

  it('refuses a webhook URL that is not http(s), and webhooks for officers', async () => {
    const manager = await loginAs(platform.app, 'shtrade.manager');
    const bad = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/webhooks',
      headers: { ...manager, 'accept-language': 'en' },
      payload: { url: 'file:///etc/passwd' },
    });
    expect([bad.statusCode, bad.json().code, bad.json().details[0].path]).toEqual([
      400,
      'EXCHANGE.INVALID_WEBHOOK',
      'body.url',
    ]);
    const list = await platform.app.inject({ url: '/api/v1/exchange/webhooks', headers: manager });
    expect(list.json().items).toEqual([]);
    const created = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/webhooks',
      headers: manager,
      payload: { url: 'https://example.com/hook' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().secret).toMatch(/^whsec_/);
    const listed = (await platform.app.inject({ url: '/api/v1/exchange/webhooks', headers: manager })).json()
      .items;
    expect(listed).toHaveLength(1);
    expect(listed[0].secret).toBeUndefined();
  });

  it('refuses private, loopback and link-local receivers unless allowed, when registered and when delivered', async () => {
    const strict = new WebhooksService(platform.db, platform.identity.audit);
    const principal: SystemPrincipal = {
      kind: 'system',
      apiKeyId: 't',
      enterpriseCode: 'E-ssrf',
      scopes: [],
    };
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[::ffff:192.168.1.1]/hook',
      'http://localhost/hook',
    ]) {
      const refused = await strict.createWebhook(principal, { url }).then(
        () => undefined,
        (error: AppError) => error,
      );
      expect(refused, url).toMatchObject({ code: 'EXCHANGE.INVALID_WEBHOOK', status: 400 });
      expect(refused?.details?.[0]).toMatchObject({ path: 'body.url', rule: 'public_address' });
    }
    expect(await strict.listWebhooks(principal)).toEqual([]);
    // A public name is accepted now and checked again each time it is resolved.
    await strict.createWebhook(principal, { url: 'https://hooks.example.com/jinguan' });

    // Registered while allowed (or pointed there later by DNS): each delivery is refused, nothing sent.
    const byAddress = await subscribe(200);
    const byName = await subscribe(200);
    await platform.db.kysely
      .updateTable('exchange_webhook' as never)
      .set({ url: byName.receiver.url.replace('127.0.0.1', 'localhost') } as never)
      .where('id' as never, '=', byName.webhook.id as never)
      .execute();
    await sendReceipts(byAddress.principal.enterpriseCode, 1);
    await sendReceipts(byName.principal.enterpriseCode, 1);
    await deliverer(2000, false).drain();
    expect(byAddress.receiver.received).toEqual([]);
    expect(byName.receiver.received).toEqual([]);
    const errors = await sql<{ webhook_id: string; last_error: string }>`SELECT webhook_id, last_error
      FROM exchange_delivery WHERE webhook_id IN (${byAddress.webhook.id}, ${byName.webhook.id})`.execute(
      platform.db.kysely,
    );
    const errorOf = (id: string) => errors.rows.find((r) => r.webhook_id === id)?.last_error;
    expect(errorOf(byAddress.webhook.id)).toMatch(/^refused: 127\.0\.0\.1 is not a public address/);
    expect(errorOf(byName.webhook.id)).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1)/);
  });
});
