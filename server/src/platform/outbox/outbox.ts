import type { Generated, Selectable } from 'kysely';
import type { Database, Executor } from '../db/index.ts';

/** An event as a module appends it. */
export interface NewEvent<P = unknown> {
  /** `aggregate.happened`, e.g. `declaration.released`. */
  type: string;
  aggregateId: string;
  payload: P;
}

/** An event as subscribers receive it. */
export interface OutboxEvent<P = unknown> extends NewEvent<P> {
  id: number;
  occurredAt: string;
}

/**
 * A consumer of events. `handle` runs inside the transaction that advances the subscriber's
 * cursor, so its database effects and the delivery commit together; it must be idempotent
 * for anything outside the database.
 */
export interface Subscriber {
  name: string;
  /** Event types it wants: exact (`declaration.released`) or a prefix (`declaration.*`); all when absent. */
  types?: readonly string[];
  handle(event: OutboxEvent, tx: Executor): Promise<void>;
}

interface EventTable {
  id: Generated<number>;
  tx: Generated<number>;
  type: string;
  aggregate_id: string;
  payload: string;
  occurred_at: string;
}

export type EventRow = Selectable<EventTable>;

export interface CursorRow {
  subscriber: string;
  tx: number;
  event_id: number;
  delivered: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  updated_at: string;
}

export type OutboxTables = { platform_outbox_event: EventTable; platform_outbox_cursor: CursorRow };

/** The transactional outbox: modules append events in the same transaction as their change. */
export class Outbox {
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly commitListeners: (() => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends events inside the caller's transaction; they are delivered only if it commits. */
  async append(tx: Executor, ...events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const occurredAt = this.now().toISOString();
    const rows = events.map((event) => ({
      type: event.type,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
      occurred_at: occurredAt,
    }));
    if (rows.length === 1) {
      await tx.withTables<OutboxTables>().insertInto('platform_outbox_event').values(rows).execute();
    } else {
      await this.db.bulkInsert(tx, 'platform_outbox_event', rows);
    }
    this.db.afterCommit(tx, () => {
      for (const listener of this.commitListeners) listener();
    });
  }

  /** Registers a subscriber; names are unique and keep their cursor across restarts. */
  subscribe(subscriber: Subscriber): void {
    if (this.subscribers.has(subscriber.name)) throw new Error(`subscriber ${subscriber.name} exists`);
    this.subscribers.set(subscriber.name, subscriber);
  }

  listSubscribers(): Subscriber[] {
    return [...this.subscribers.values()];
  }

  /** Called after a transaction that appended events commits (the dispatcher wakes on it). */
  onCommitted(listener: () => void): void {
    this.commitListeners.push(listener);
  }
}

export function wants(subscriber: Subscriber, type: string): boolean {
  if (!subscriber.types) return true;
  return subscriber.types.some((pattern) =>
    pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
  );
}

export function toOutboxEvent(row: EventRow): OutboxEvent {
  return {
    id: Number(row.id),
    type: row.type,
    aggregateId: row.aggregate_id,
    payload: JSON.parse(row.payload) as unknown,
    occurredAt: row.occurred_at,
  };
}
