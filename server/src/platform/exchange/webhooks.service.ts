import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { AppError, invalid, notFound } from '../errors/index.ts';
import { type Actor, enterpriseOf, type Principal } from '../identity/index.ts';
import type { ExchangeTables, WebhookRow } from './exchange.types.ts';
import { isPublicAddress, literalAddress } from './webhook-address.ts';
import { newWebhookSecret } from './webhook-signature.ts';

export interface Webhook {
  id: string;
  enterpriseCode: string;
  url: string;
  description: string;
  createdAt: string;
}

export interface DeadLetter {
  id: number;
  webhookId: string;
  enterpriseCode: string;
  url: string;
  receiptId: string;
  attempts: number;
  lastError: string | null;
  deadAt: string;
}

const MAX_WEBHOOKS = 10;

/** Webhook registrations of enterprises, and the operator's view of dead letters. */
export class WebhooksService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly onRedeliver: () => void = () => {},
    private readonly now: () => Date = () => new Date(),
    /** Accept URLs naming loopback and private addresses (WEBHOOK_ALLOW_PRIVATE). */
    private readonly allowPrivate = false,
  ) {}

  /** Registers a webhook for the caller's enterprise; the secret is answered here and never again. */
  async createWebhook(principal: Principal, input: { url: string; description?: string }) {
    const enterpriseCode = ownEnterprise(principal);
    checkUrl(input.url, this.allowPrivate);
    return this.db.transaction(async (tx) => {
      const q = tx.withTables<ExchangeTables>();
      const count = await q
        .selectFrom('exchange_webhook')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('enterprise_code', '=', enterpriseCode)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_WEBHOOKS)
        throw new AppError('EXCHANGE.WEBHOOK_LIMIT', 409, { limit: MAX_WEBHOOKS });
      const row: WebhookRow = {
        id: randomUUID(),
        enterprise_code: enterpriseCode,
        url: input.url,
        secret: newWebhookSecret(),
        description: input.description ?? '',
        created_by: principal.kind === 'enterprise' ? principal.username : principal.kind,
        created_at: this.now().toISOString(),
        deleted_at: null,
      };
      await q.insertInto('exchange_webhook').values(row).execute();
      await this.audit.record(tx, principal, {
        action: 'exchange.webhook.create',
        recordType: 'exchange_webhook',
        recordId: row.id,
        change: { url: row.url },
      });
      return { ...toWebhook(row), secret: row.secret };
    });
  }

  async listWebhooks(principal: Principal): Promise<Webhook[]> {
    const rows = await this.db.kysely
      .withTables<ExchangeTables>()
      .selectFrom('exchange_webhook')
      .selectAll()
      .where('enterprise_code', '=', ownEnterprise(principal))
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map(toWebhook);
  }

  /** Stops pushing to a webhook; its pending deliveries are dead-lettered with a reason. */
  async deleteWebhook(principal: Principal, id: string): Promise<void> {
    const enterpriseCode = enterpriseOf(principal);
    await this.db.transaction(async (tx) => {
      const q = tx.withTables<ExchangeTables>();
      const row = await q
        .selectFrom('exchange_webhook')
        .select(['id', 'enterprise_code'])
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!row || row.enterprise_code !== enterpriseCode)
        throw notFound('EXCHANGE.WEBHOOK_NOT_FOUND', { id });
      const at = this.now().toISOString();
      await q.updateTable('exchange_webhook').set({ deleted_at: at }).where('id', '=', id).execute();
      await q
        .updateTable('exchange_delivery')
        .set({ status: 'dead', dead_at: at, last_error: 'webhook deleted' })
        .where('webhook_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      await this.audit.record(tx, principal, {
        action: 'exchange.webhook.delete',
        recordType: 'exchange_webhook',
        recordId: id,
      });
    });
  }

  /** Dead-lettered deliveries, newest first (an operator's view, across enterprises). */
  async listDeadLetters(query: { webhookId?: string; limit: number }): Promise<DeadLetter[]> {
    let select = this.db.kysely
      .withTables<ExchangeTables>()
      .selectFrom('exchange_delivery as d')
      .innerJoin('exchange_webhook as w', 'w.id', 'd.webhook_id')
      .select([
        'd.id',
        'd.webhook_id',
        'w.enterprise_code',
        'w.url',
        'd.receipt_id',
        'd.attempts',
        'd.last_error',
        'd.dead_at',
      ])
      .where('d.status', '=', 'dead')
      .orderBy('d.id', 'desc')
      .limit(query.limit);
    if (query.webhookId) select = select.where('d.webhook_id', '=', query.webhookId);
    const rows = await select.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      webhookId: r.webhook_id,
      enterpriseCode: r.enterprise_code,
      url: r.url,
      receiptId: r.receipt_id,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      deadAt: r.dead_at ?? '',
    }));
  }

  /** Puts a dead letter back in its webhook's queue with a fresh retry window. */
  async redeliver(actor: Actor, id: number): Promise<{ id: number; status: 'pending' }> {
    await this.db.transaction(async (tx) => {
      const q = tx.withTables<ExchangeTables>();
      const at = this.now().toISOString();
      const updated = await q
        .updateTable('exchange_delivery')
        .set({
          status: 'pending',
          attempts: 0,
          window_started_at: at,
          next_attempt_at: at,
          dead_at: null,
          lease_until: null,
        })
        .where('id', '=', id)
        .where('status', '=', 'dead')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('exchange_webhook as w')
              .select('w.id')
              .whereRef('w.id', '=', 'exchange_delivery.webhook_id')
              .where('w.deleted_at', 'is', null),
          ),
        )
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw notFound('EXCHANGE.DEAD_LETTER_NOT_FOUND', { id });
      await this.audit.record(tx, actor, {
        action: 'exchange.dead_letter.redeliver',
        recordType: 'exchange_delivery',
        recordId: String(id),
      });
      this.db.afterCommit(tx, this.onRedeliver);
    });
    return { id, status: 'pending' };
  }
}

function ownEnterprise(principal: Principal): string {
  const code = enterpriseOf(principal);
  if (!code) throw new AppError('EXCHANGE.ENTERPRISE_ONLY', 403);
  return code;
}

function checkUrl(url: string, allowPrivate: boolean): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw invalid('EXCHANGE.INVALID_WEBHOOK', [
      { path: 'body.url', rule: 'format', params: { format: 'http(s) URL without credentials' } },
    ]);
  }
  // Names are checked again when each delivery resolves them; a literal address or localhost now.
  const literal = literalAddress(parsed);
  const local = /(^|\.)localhost\.?$/i.test(parsed.hostname);
  if (!allowPrivate && (local || (literal && !isPublicAddress(literal)))) {
    throw invalid('EXCHANGE.INVALID_WEBHOOK', [
      { path: 'body.url', rule: 'public_address', params: { host: parsed.hostname } },
    ]);
  }
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    enterpriseCode: row.enterprise_code,
    url: row.url,
    description: row.description,
    createdAt: row.created_at,
  };
}
