import { sql } from 'kysely';
import { type Database, type Executor, uuidv7 } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import type { ExchangeTables, NewReceipt, Receipt, ReceiptPage, ReceiptRow } from './exchange.types.ts';

export const RECEIPT_PAGE_MAX = 1000;

/** PostgreSQL: the oldest transaction still running; no receipt of an older one can appear now (ADR 0003). */
const horizon = sql<number>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/**
 * The receipts (回执) of every message, per enterprise, in commit order. Pull reads them with a
 * (tx, seq) cursor that only moves past transactions no open one can precede (ADR 0003), so a
 * receipt committed late is never skipped. Push: each receipt is queued, in the same
 * transaction, for every webhook its enterprise has registered.
 */
export class Receipts {
  private readonly appendedListeners: (() => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds receipts inside the caller's transaction (modules use this for later status changes). */
  async append(tx: Executor, receipts: readonly NewReceipt[]): Promise<Receipt[]> {
    if (receipts.length === 0) return [];
    const createdAt = this.now().toISOString();
    const rows = receipts.map((r) => ({
      id: uuidv7(),
      enterprise_code: r.enterpriseCode,
      message_type: r.messageType,
      guid: r.guid,
      status: r.status,
      reasons: r.reasons && r.reasons.length > 0 ? JSON.stringify(r.reasons) : null,
      data: r.data ? JSON.stringify(r.data) : null,
      created_at: createdAt,
    }));
    await this.db.bulkInsert(tx, 'exchange_receipt', rows);
    // As read back, without parsing back the JSON just written.
    const result = rows.map((row, i) =>
      receiptOf(
        row,
        row.reasons ? receipts[i]!.reasons : undefined,
        row.data ? receipts[i]!.data : undefined,
      ),
    );
    await this.queueDeliveries(tx, result);
    return result;
  }

  /** The caller's enterprise's receipts after `cursor`, oldest first. */
  async list(enterpriseCode: string, after: string | undefined, limit: number): Promise<ReceiptPage> {
    const cursor = decodeCursor(after);
    let query = this.db.kysely
      .withTables<ExchangeTables>()
      .selectFrom('exchange_receipt')
      .selectAll()
      .where('enterprise_code', '=', enterpriseCode)
      .where((eb) =>
        eb.or([eb('tx', '>', cursor.tx), eb.and([eb('tx', '=', cursor.tx), eb('seq', '>', cursor.seq)])]),
      );
    if (this.db.engine === 'postgres') {
      // Only receipts of transactions older than every running one: none can still commit before them.
      query = query.where('tx', '<', horizon);
    }
    const rows = await query.orderBy('tx').orderBy('seq').limit(limit).execute();
    const last = rows.at(-1);
    return {
      items: rows.map(toReceipt),
      nextCursor: last
        ? encodeCursor(Number(last.tx), Number(last.seq))
        : encodeCursor(cursor.tx, cursor.seq),
    };
  }

  /**
   * The latest `limit` receipts of an enterprise, newest first, for a person's screen. Its cursor is
   * the newest one's that `list` could have reached (on PostgreSQL, of a transaction older than every
   * running one), so a system may go on from there without passing a receipt still to commit; systems
   * that must see every receipt page with `list` from their last cursor.
   */
  async newest(enterpriseCode: string, limit: number): Promise<ReceiptPage> {
    const q = this.db.kysely.withTables<ExchangeTables>();
    const latest = q
      .selectFrom('exchange_receipt')
      .selectAll()
      .where('enterprise_code', '=', enterpriseCode)
      .orderBy('tx', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit);
    if (this.db.engine !== 'postgres') {
      const rows = await latest.execute();
      const first = rows[0];
      return {
        items: rows.map(toReceipt),
        nextCursor: first ? encodeCursor(Number(first.tx), Number(first.seq)) : encodeCursor(0, 0),
      };
    }
    // The horizon comes from the snapshot the rows were read in, so the cursor matches what is shown.
    const rows = await latest.select(horizon.as('horizon')).execute();
    const below = Number(rows[0]?.horizon);
    // The newest shown receipt may be of a transaction that committed while an older one, whose
    // receipts would sort before it, is still open: the cursor stays before the open one.
    const settled =
      rows.find((r) => Number(r.tx) < below) ??
      (rows.length === 0
        ? undefined
        : await q
            .selectFrom('exchange_receipt')
            .select(['tx', 'seq'])
            .where('enterprise_code', '=', enterpriseCode)
            .where('tx', '<', below)
            .orderBy('tx', 'desc')
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst());
    return {
      items: rows.map(toReceipt),
      nextCursor: settled ? encodeCursor(Number(settled.tx), Number(settled.seq)) : encodeCursor(0, 0),
    };
  }

  /** Called after a transaction that queued webhook deliveries commits (the deliverer wakes on it). */
  onDeliveriesQueued(listener: () => void): void {
    this.appendedListeners.push(listener);
  }

  private async queueDeliveries(tx: Executor, receipts: readonly Receipt[]): Promise<void> {
    const enterprises = [...new Set(receipts.map((r) => r.enterpriseCode))];
    const webhooks = await tx
      .withTables<ExchangeTables>()
      .selectFrom('exchange_webhook')
      .select(['id', 'enterprise_code'])
      .where('enterprise_code', 'in', enterprises)
      .where('deleted_at', 'is', null)
      .execute();
    if (webhooks.length === 0) return;
    const at = this.now().toISOString();
    const rows = receipts.flatMap((receipt) =>
      webhooks
        .filter((w) => w.enterprise_code === receipt.enterpriseCode)
        .map((w) => ({
          webhook_id: w.id,
          receipt_id: receipt.id,
          body: JSON.stringify(receipt),
          status: 'pending',
          attempts: 0,
          window_started_at: at,
          next_attempt_at: at,
        })),
    );
    await this.db.bulkInsert(tx, 'exchange_delivery', rows);
    this.db.afterCommit(tx, () => {
      for (const listener of this.appendedListeners) listener();
    });
  }
}

export function toReceipt(row: Omit<ReceiptRow, 'seq' | 'tx'>): Receipt {
  return receiptOf(
    row,
    row.reasons ? JSON.parse(row.reasons) : undefined,
    row.data ? JSON.parse(row.data) : undefined,
  );
}

function receiptOf(
  row: Omit<ReceiptRow, 'seq' | 'tx' | 'reasons' | 'data'>,
  reasons: Receipt['reasons'],
  data: Receipt['data'],
): Receipt {
  return {
    id: row.id,
    enterpriseCode: row.enterprise_code,
    messageType: row.message_type,
    guid: row.guid,
    status: row.status,
    ...(reasons ? { reasons } : {}),
    ...(data ? { data } : {}),
    createdAt: row.created_at,
  };
}

/** Cursors are opaque to callers: `<tx>.<seq>` (tx is 0 on SQLite). */
export function encodeCursor(tx: number, seq: number): string {
  return `${tx}.${seq}`;
}

export function decodeCursor(cursor: string | undefined): { tx: number; seq: number } {
  if (cursor === undefined || cursor === '') return { tx: 0, seq: 0 };
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(cursor);
  const tx = Number(match?.[1]);
  const seq = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(tx) || !Number.isSafeInteger(seq)) {
    throw new AppError('EXCHANGE.CURSOR_INVALID', 400, { cursor: cursor.slice(0, 64) });
  }
  return { tx, seq };
}
