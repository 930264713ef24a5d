import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Executor } from '../db/index.ts';
import {
  type CursorRow,
  type EventRow,
  type Outbox,
  type OutboxTables,
  toOutboxEvent,
  wants,
} from './outbox.ts';

export interface DispatcherOptions {
  pollMs: number;
  batchSize?: number;
  logger?: Logger;
  now?: () => Date;
  /** Longest wait between retries of a failing subscriber. */
  maxBackoffMs?: number;
}

/** Retry delay after `attempts` failures: 1 s, 2 s, 4 s … up to the cap. */
export function retryDelayMs(attempts: number, capMs: number): number {
  return Math.min(capMs, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers every outbox event at least once to every subscriber, in order, each subscriber
 * with its own cursor. A failing subscriber backs off without holding up the others. On
 * PostgreSQL several processes may dispatch at once: a subscriber's cursor row is locked
 * (`FOR UPDATE SKIP LOCKED`) while its batch runs, so no event is delivered twice at once.
 */
export class Dispatcher {
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly maxBackoffMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;
  /** After a batch fails, a subscriber is fed one event per transaction for this many events. */
  private readonly singleSteps = new Map<string, number>();
  private cursorsReady: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly options: DispatcherOptions,
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.now = options.now ?? (() => new Date());
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    outbox.onCommitted(() => this.wake());
  }

  /** Creates missing cursors (new subscribers start from the first event) and starts polling. */
  async start(): Promise<void> {
    await this.cursorsOnce();
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a pass soon, instead of waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Delivers until no committed event is left that is due (for the CLI and tests). On PostgreSQL
   * an event waits while any older transaction in the cluster is still open, so this polls briefly.
   */
  async drain(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    for (;;) {
      const delivered = await this.runOnce();
      total += delivered;
      if (delivered > 0) continue;
      if (!(await this.hasDueEvents()) || Date.now() > deadline) return total;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** True when some subscriber that is not backing off has committed events after its cursor. */
  private async hasDueEvents(): Promise<boolean> {
    const now = this.now().toISOString();
    const names = this.outbox.listSubscribers().map((s) => s.name);
    if (names.length === 0) return false;
    const q = this.db.kysely.withTables<OutboxTables>();
    const cursors = await q
      .selectFrom('platform_outbox_cursor')
      .selectAll()
      .where('subscriber', 'in', names)
      .execute();
    for (const cursor of cursors) {
      if (cursor.next_attempt_at && cursor.next_attempt_at > now) continue;
      const next = await q
        .selectFrom('platform_outbox_event')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('tx', '>', Number(cursor.tx)),
            eb.and([eb('tx', '=', Number(cursor.tx)), eb('id', '>', Number(cursor.event_id))]),
          ]),
        )
        .limit(1)
        .executeTakeFirst();
      if (next) return true;
    }
    return false;
  }

  /** One pass over every subscriber; returns how many events were processed. */
  async runOnce(): Promise<number> {
    await this.cursorsOnce();
    const counts = await Promise.all(this.outbox.listSubscribers().map((s) => this.dispatchTo(s.name)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.loop().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async loop(): Promise<void> {
    let delivered = 0;
    try {
      delivered = await this.runOnce();
    } catch (error) {
      this.options.logger?.error({ err: error }, 'outbox dispatch pass failed');
    }
    const again = delivered > 0 || this.wakeRequested;
    this.wakeRequested = false;
    this.schedule(again ? 0 : this.options.pollMs);
  }

  private async cursorsOnce(): Promise<void> {
    this.cursorsReady ??= this.ensureCursors().catch((error: unknown) => {
      this.cursorsReady = undefined; // try again on the next pass
      throw error;
    });
    await this.cursorsReady;
  }

  private async ensureCursors(): Promise<void> {
    const names = this.outbox.listSubscribers().map((s) => s.name);
    if (names.length === 0) return;
    await this.db.transaction(async (tx) => {
      const q = tx.withTables<OutboxTables>();
      const existing = await q
        .selectFrom('platform_outbox_cursor')
        .select('subscriber')
        .where('subscriber', 'in', names)
        .execute();
      const have = new Set(existing.map((r) => r.subscriber));
      const missing = names.filter((name) => !have.has(name));
      if (missing.length === 0) return;
      await q
        .insertInto('platform_outbox_cursor')
        .values(
          missing.map((subscriber) => ({
            subscriber,
            tx: 0,
            event_id: 0,
            delivered: 0,
            attempts: 0,
            next_attempt_at: null,
            last_error: null,
            updated_at: this.now().toISOString(),
          })),
        )
        .onConflict((oc) => oc.column('subscriber').doNothing())
        .execute();
    });
  }

  private async dispatchTo(name: string): Promise<number> {
    const subscriber = this.outbox.listSubscribers().find((s) => s.name === name);
    if (!subscriber) return 0;
    const single = (this.singleSteps.get(name) ?? 0) > 0;
    try {
      const processed = await this.db.transaction(
        async (tx) => {
          const cursor = await this.lockCursor(tx, name);
          if (!cursor) return 0;
          if (cursor.next_attempt_at && cursor.next_attempt_at > this.now().toISOString()) return 0;
          const events = await this.readAfter(tx, cursor, single ? 1 : this.batchSize);
          const last = events.at(-1);
          if (!last) return 0;
          let delivered = 0;
          for (const row of events) {
            if (!wants(subscriber, row.type)) continue;
            await subscriber.handle(toOutboxEvent(row), tx);
            delivered++;
          }
          await tx
            .withTables<OutboxTables>()
            .updateTable('platform_outbox_cursor')
            .set({
              tx: Number(last.tx),
              event_id: Number(last.id),
              delivered: Number(cursor.delivered) + delivered,
              attempts: 0,
              next_attempt_at: null,
              last_error: null,
              updated_at: this.now().toISOString(),
            })
            .where('subscriber', '=', name)
            .execute();
          return events.length;
        },
        { maxAttempts: 3 },
      );
      if (single && processed > 0) this.singleSteps.set(name, (this.singleSteps.get(name) ?? 1) - 1);
      return processed;
    } catch (error) {
      if (!single) {
        // Find the failing event: deliver one at a time, so the events before it still get through.
        this.singleSteps.set(name, this.batchSize);
        return 1;
      }
      await this.recordFailure(name, error);
      return 0;
    }
  }

  private async lockCursor(tx: Executor, name: string): Promise<CursorRow | undefined> {
    const query = tx
      .withTables<OutboxTables>()
      .selectFrom('platform_outbox_cursor')
      .selectAll()
      .where('subscriber', '=', name);
    return this.db.engine === 'postgres'
      ? query.forUpdate().skipLocked().executeTakeFirst()
      : query.executeTakeFirst();
  }

  private async readAfter(tx: Executor, cursor: CursorRow, limit: number): Promise<EventRow[]> {
    let query = tx
      .withTables<OutboxTables>()
      .selectFrom('platform_outbox_event')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('tx', '>', Number(cursor.tx)),
          eb.and([eb('tx', '=', Number(cursor.tx)), eb('id', '>', Number(cursor.event_id))]),
        ]),
      );
    if (this.db.engine === 'postgres') {
      // Only events of transactions older than every running one: none can still appear before them.
      query = query.where('tx', '<', sql<number>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`);
    }
    return query.orderBy('tx').orderBy('id').limit(limit).execute();
  }

  private async recordFailure(name: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.db.transaction(async (tx) => {
      const q = tx.withTables<OutboxTables>();
      const cursor = await q
        .selectFrom('platform_outbox_cursor')
        .select('attempts')
        .where('subscriber', '=', name)
        .executeTakeFirst();
      const attempts = Number(cursor?.attempts ?? 0) + 1;
      const next = new Date(this.now().getTime() + retryDelayMs(attempts, this.maxBackoffMs));
      await q
        .updateTable('platform_outbox_cursor')
        .set({
          attempts,
          next_attempt_at: next.toISOString(),
          last_error: message.slice(0, 2000),
          updated_at: this.now().toISOString(),
        })
        .where('subscriber', '=', name)
        .execute();
    });
    this.options.logger?.warn({ subscriber: name, err: error }, 'outbox subscriber failed; will retry');
  }
}
