import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/index.ts';
import type { ExchangeTables } from './exchange.types.ts';
import { isPublicAddress, literalAddress, PrivateAddressError, publicOnlyLookup } from './webhook-address.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts';

export interface DelivererOptions {
  now?: () => Date;
  /** Deliver to loopback, private and link-local addresses too (WEBHOOK_ALLOW_PRIVATE); off by default. */
  allowPrivate?: boolean;
  /** Per-request timeout: a receiver that never answers costs one slot for this long. */
  timeoutMs?: number;
  /** Requests in flight at once, over all webhooks; each webhook has at most one. */
  concurrency?: number;
  /** How long a delivery is retried before it is dead-lettered. */
  retryWindowMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  logger?: Logger;
}

/** Retry delay after `attempts` failures: 10 s, 20 s, 40 s … up to the cap (1 h by default). */
export function deliveryDelayMs(attempts: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

interface Due {
  id: number;
  webhook_id: string;
  body: string;
  attempts: number;
  window_started_at: string;
  url: string;
  secret: string;
  /** This claim's lease: the delivery's status is written only while it still holds it. */
  lease_until: string;
}

/**
 * Pushes queued receipts to webhooks: one queue per webhook (its oldest due delivery goes first,
 * one request at a time), bounded concurrency overall and a timeout per request, so a slow or
 * dead receiver holds one slot and never the others. Failures back off exponentially for the
 * retry window (24 h), then the delivery is dead-lettered until an operator re-delivers it.
 * A claimed delivery carries a lease, so several processes can share the work; a webhook with a live
 * lease gets no other request, and a status is written only under its own attempt's lease.
 */
export class WebhookDeliverer {
  private readonly now: () => Date;
  private readonly o: Required<Omit<DelivererOptions, 'now' | 'logger'>>;
  private readonly busy = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pumping: Promise<number> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: DelivererOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.o = {
      allowPrivate: options.allowPrivate ?? false,
      timeoutMs: options.timeoutMs ?? 10_000,
      concurrency: options.concurrency ?? 8,
      retryWindowMs: options.retryWindowMs ?? 24 * 3600_000,
      baseDelayMs: options.baseDelayMs ?? 10_000,
      maxDelayMs: options.maxDelayMs ?? 3600_000,
      pollMs: options.pollMs ?? 1000,
    };
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
    await this.idle();
  }

  /** Looks for due deliveries now (called when a transaction queued some). */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** True while a request to this webhook is in flight. */
  isBusy(webhookId: string): boolean {
    return this.busy.has(webhookId);
  }

  /** Waits for every request in flight. */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await Promise.all(this.busy.values());
  }

  /** Delivers until nothing is due (for tests and the CLI; time comes from the injected clock). */
  async drain(): Promise<void> {
    for (;;) {
      const started = await this.pump();
      await this.idle();
      if (started === 0) return;
    }
  }

  /** Claims due deliveries for free slots and starts them; answers how many it started. */
  pump(): Promise<number> {
    this.pumping ??= this.claimAndStart().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pump()
        .catch((error: unknown) => this.options.logger?.error({ err: error }, 'webhook pump failed'))
        .finally(() => this.schedule(this.o.pollMs));
    }, delayMs);
  }

  private async claimAndStart(): Promise<number> {
    const free = this.o.concurrency - this.busy.size;
    if (free <= 0) return 0;
    const claimed = await this.claim(free);
    for (const due of claimed) {
      const done = this.attempt(due)
        // A status write that failed (database away, pool timeout) leaves the delivery leased, so it
        // is sent again once the lease expires; and Node ends the process on a rejection nobody handles.
        .catch((error: unknown) =>
          this.options.logger?.error(
            { err: error, delivery: due.id, webhook: due.webhook_id },
            'webhook delivery status not saved',
          ),
        )
        .finally(() => {
          this.busy.delete(due.webhook_id);
          this.wake();
        });
      this.busy.set(due.webhook_id, done);
    }
    return claimed.length;
  }

  private async claim(free: number): Promise<Due[]> {
    const at = this.now().toISOString();
    const leaseUntil = new Date(this.now().getTime() + this.o.timeoutMs * 2 + 5000).toISOString();
    const busy = [...this.busy.keys()];
    return this.db.transaction(async (tx) => {
      const q = tx.withTables<ExchangeTables>();
      // A webhook with a live lease has a request in flight, perhaps from another process: it gets
      // no second one, or its receipts could arrive out of order.
      const inFlight = (webhookId: string) =>
        q
          .selectFrom('exchange_delivery as l')
          .select('l.id')
          .where('l.webhook_id', '=', sql.ref<string>(webhookId))
          .where('l.status', '=', 'pending')
          .where('l.lease_until', '>', at);
      // The oldest due delivery of each webhook: a webhook with a long backlog cannot crowd out others.
      let select = q
        .selectFrom('exchange_delivery as d')
        .innerJoin('exchange_webhook as w', 'w.id', 'd.webhook_id')
        .select((eb) => ['d.webhook_id', eb.fn.min('d.id').as('id')])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', at)
        .where('w.deleted_at', 'is', null)
        .where((eb) => eb.not(eb.exists(inFlight('d.webhook_id'))))
        .groupBy('d.webhook_id')
        .limit(free);
      if (busy.length > 0) select = select.where('d.webhook_id', 'not in', busy);
      let heads = await select.execute();
      if (heads.length > 0 && this.db.engine === 'postgres') {
        // Two processes may read different heads of one webhook from snapshots taken before either
        // claimed (a retry falling due in between): the webhook's row lock orders their claims, so the
        // claim below sees the other's lease. NO KEY: queueing a delivery takes KEY SHARE (the foreign
        // key) and must not wait for this.
        const locked = await q
          .selectFrom('exchange_webhook')
          .select('id')
          .where(
            'id',
            'in',
            heads.map((h) => h.webhook_id),
          )
          .where('deleted_at', 'is', null)
          .forNoKeyUpdate()
          .skipLocked()
          .execute();
        const ours = new Set(locked.map((w) => w.id));
        heads = heads.filter((h) => ours.has(h.webhook_id));
      }
      if (heads.length === 0) return [];
      // Conditional claim: a webhook leased by another process meanwhile is not returned.
      const claimed = await q
        .updateTable('exchange_delivery')
        .set({ lease_until: leaseUntil })
        .where(
          'id',
          'in',
          heads.map((h) => Number(h.id)),
        )
        .where('status', '=', 'pending')
        .where((eb) => eb.not(eb.exists(inFlight('exchange_delivery.webhook_id'))))
        .returning('id')
        .execute();
      if (claimed.length === 0) return [];
      const rows = await q
        .selectFrom('exchange_delivery as d')
        .innerJoin('exchange_webhook as w', 'w.id', 'd.webhook_id')
        .select(['d.id', 'd.webhook_id', 'd.body', 'd.attempts', 'd.window_started_at', 'w.url', 'w.secret'])
        .where(
          'd.id',
          'in',
          claimed.map((c) => Number(c.id)),
        )
        .execute();
      return rows.map((row) => ({ ...row, lease_until: leaseUntil }));
    });
  }

  private async attempt(due: Due): Promise<void> {
    const error = await this.post(due);
    const at = this.now();
    const attempts = Number(due.attempts) + 1;
    const expired =
      error !== undefined && at.getTime() - Date.parse(due.window_started_at) >= this.o.retryWindowMs;
    const next = new Date(at.getTime() + deliveryDelayMs(attempts, this.o.baseDelayMs, this.o.maxDelayMs));
    const outcome = !error
      ? {
          status: 'delivered' as const,
          attempts,
          delivered_at: at.toISOString(),
          lease_until: null,
          last_error: null,
        }
      : {
          status: expired ? ('dead' as const) : ('pending' as const),
          attempts,
          next_attempt_at: next.toISOString(),
          dead_at: expired ? at.toISOString() : null,
          lease_until: null,
          last_error: error.slice(0, 500),
        };
    // Only while the delivery is still this attempt's: once its lease expired another process may have
    // claimed and delivered it, and a deleted webhook's deliveries stay dead letters.
    const result = await this.db.transaction((tx) =>
      tx
        .withTables<ExchangeTables>()
        .updateTable('exchange_delivery')
        .set(outcome)
        .where('id', '=', Number(due.id))
        .where('status', '=', 'pending')
        .where('lease_until', '=', due.lease_until)
        .executeTakeFirst(),
    );
    if (expired && Number(result.numUpdatedRows) > 0)
      this.options.logger?.warn(
        { delivery: due.id, webhook: due.webhook_id },
        'webhook delivery dead-lettered',
      );
  }

  /**
   * One signed POST, redirects not followed; answers the failure reason, or undefined on a 2xx.
   * Unless private addresses are allowed, the receiver must be on a public address (SSRF). Each
   * request has its own connection (no agent shared with other requests, which might have
   * connected unscreened) and is closed once the status is known: the body is never read.
   */
  private post(due: Due): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(due.url);
    } catch {
      return Promise.resolve(`not a URL: ${due.url}`);
    }
    const literal = literalAddress(url);
    if (!this.o.allowPrivate && literal && !isPublicAddress(literal))
      return Promise.resolve(new PrivateAddressError(literal, literal).message);
    return new Promise((resolve) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      let request: ClientRequest;
      try {
        request = send(
          url,
          {
            method: 'POST',
            agent: false,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(due.body),
              [SIGNATURE_HEADER]: signWebhook(due.secret, due.body, this.now()),
              'x-jinguan-delivery': String(due.id),
            },
            ...(this.o.allowPrivate ? {} : { lookup: publicOnlyLookup }),
          },
          (response) => {
            clearTimeout(timer);
            const status = response.statusCode ?? 0;
            resolve(status >= 200 && status < 300 ? undefined : `HTTP ${status}`);
            response.destroy();
          },
        );
      } catch (error) {
        return resolve((error as Error).message); // e.g. a stored URL that is not http(s)
      }
      const timer = setTimeout(() => {
        resolve(`timeout after ${this.o.timeoutMs} ms`);
        request.destroy();
      }, this.o.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        resolve(error.message);
      });
      request.end(due.body);
    });
  }
}
