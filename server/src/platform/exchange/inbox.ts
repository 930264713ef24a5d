import { createHash } from 'node:crypto';
import type { Database, Executor } from '../db/index.ts';
import { AppError, type Issue, invalid } from '../errors/index.ts';
import type {
  ExchangeTables,
  InboundMessage,
  Receipt,
  ReceiptDraft,
  ReceiveResult,
} from './exchange.types.ts';
import { MESSAGE_GUID } from './message-guid.ts';
import { type Receipts, toReceipt } from './receipts.ts';

/**
 * Runs a batch's effect on the messages seen for the first time (the caller's own objects, so a caller may
 * find its documents by identity even when a GUID repeats); answers one draft per message.
 */
export type BatchEffect = (tx: Executor, fresh: InboundMessage[]) => Promise<(ReceiptDraft | undefined)[]>;

const SENDER = /^[A-Za-z0-9]{1,32}$/;
const MESSAGE_TYPE = /^[A-Za-z0-9_.:-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const LOOKUP_CHUNK = 500;
const CONFLICT_ATTEMPTS = 5;

interface Prepared {
  message: InboundMessage;
  key: string;
  sha: string;
}

/**
 * The inbox: every inbound message is recorded with its payload hash and first receipt in the
 * transaction of its effect, so a repeat delivery gets the stored receipt and no second effect,
 * and a GUID reused for a different payload is refused (EXCHANGE.GUID_REUSED) with nothing changed.
 */
export class Inbox {
  constructor(
    private readonly db: Database,
    private readonly receipts: Receipts,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One message and its effect; throws 409 EXCHANGE.GUID_REUSED for a reused GUID. */
  async receive(message: InboundMessage, effect: (tx: Executor) => Promise<ReceiptDraft | undefined>) {
    const [result] = await this.receiveBatch([message], async (tx) => [await effect(tx)]);
    if (!result || result.outcome === 'guid_reused') {
      throw new AppError('EXCHANGE.GUID_REUSED', 409, { guid: message.guid });
    }
    return result;
  }

  /**
   * Many messages in one transaction, with one effect call for all messages not seen before.
   * Answers one result per message, in input order. A GUID repeated within the batch counts as
   * a repeat delivery of its first occurrence.
   */
  async receiveBatch(messages: readonly InboundMessage[], effect: BatchEffect): Promise<ReceiveResult[]> {
    const prepared = prepare(messages);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.runBatch(tx, prepared, effect));
      } catch (error) {
        // A concurrent transaction inserted one of these GUIDs first: rerun, and see it as a repeat.
        if (attempt >= CONFLICT_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  private async runBatch(tx: Executor, prepared: Prepared[], effect: BatchEffect): Promise<ReceiveResult[]> {
    const stored = await this.findStored(tx, prepared);
    const fresh: Prepared[] = [];
    const firstInBatch = new Map<string, Prepared>();
    for (const item of prepared) {
      if (stored.has(item.key) || firstInBatch.has(item.key)) continue;
      firstInBatch.set(item.key, item);
      fresh.push(item);
    }
    const drafts =
      fresh.length > 0
        ? await effect(
            tx,
            fresh.map((f) => f.message),
          )
        : [];
    if (drafts.length !== fresh.length)
      throw new Error('exchange: the effect must answer one draft per message');

    const receipts = await this.receipts.append(
      tx,
      fresh.map((item, i) => {
        const draft = drafts[i] ?? {};
        return {
          enterpriseCode: item.message.sender,
          messageType: item.message.messageType,
          guid: item.message.guid,
          status: draft.status ?? 'accepted',
          reasons: draft.reasons,
          data: draft.data,
        };
      }),
    );
    const receivedAt = this.now().toISOString();
    const receiptByKey = new Map<string, Receipt>();
    await this.db.bulkInsert(
      tx,
      'exchange_message',
      fresh.map((item, i) => {
        receiptByKey.set(item.key, receipts[i]!);
        return {
          sender: item.message.sender,
          guid: item.message.guid,
          message_type: item.message.messageType,
          payload_sha256: item.sha,
          receipt_id: receipts[i]!.id,
          received_at: receivedAt,
        };
      }),
    );
    for (const [key, row] of stored) receiptByKey.set(key, row.receipt);

    return prepared.map((item): ReceiveResult => {
      const first = firstInBatch.get(item.key);
      const sha = stored.get(item.key)?.sha ?? first?.sha;
      if (sha !== item.sha)
        return { outcome: 'guid_reused', guid: item.message.guid, error: { code: 'EXCHANGE.GUID_REUSED' } };
      const receipt = receiptByKey.get(item.key)!;
      return { outcome: first === item ? 'accepted' : 'duplicate', guid: item.message.guid, receipt };
    });
  }

  /** The stored hash and first receipt of every message of the batch already in the inbox. */
  private async findStored(
    tx: Executor,
    prepared: Prepared[],
  ): Promise<Map<string, { sha: string; receipt: Receipt }>> {
    const bySender = new Map<string, string[]>();
    for (const item of prepared) {
      const guids = bySender.get(item.message.sender) ?? [];
      guids.push(item.message.guid);
      bySender.set(item.message.sender, guids);
    }
    const found = new Map<string, { sha: string; receipt: Receipt }>();
    const byReceiptId = new Map<string, { key: string; sha: string }>();
    const q = tx.withTables<ExchangeTables>();
    for (const [sender, guids] of bySender) {
      for (let start = 0; start < guids.length; start += LOOKUP_CHUNK) {
        const rows = await q
          .selectFrom('exchange_message')
          .select(['guid', 'payload_sha256', 'receipt_id', 'receipt'])
          .where('sender', '=', sender)
          .where('guid', 'in', [...new Set(guids.slice(start, start + LOOKUP_CHUNK))])
          .execute();
        for (const row of rows) {
          const key = keyOf(sender, row.guid);
          if (row.receipt_id) byReceiptId.set(row.receipt_id, { key, sha: row.payload_sha256 });
          else found.set(key, { sha: row.payload_sha256, receipt: JSON.parse(row.receipt!) });
        }
      }
    }
    const ids = [...byReceiptId.keys()];
    for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
      const rows = await q
        .selectFrom('exchange_receipt')
        .select(['id', 'enterprise_code', 'message_type', 'guid', 'status', 'reasons', 'data', 'created_at'])
        .where('id', 'in', ids.slice(start, start + LOOKUP_CHUNK))
        .execute();
      for (const row of rows) {
        const { key, sha } = byReceiptId.get(row.id)!;
        found.set(key, { sha, receipt: toReceipt(row) });
        byReceiptId.delete(row.id);
      }
    }
    // Receipts are never deleted; a missing one means the database was changed by hand.
    const [missing] = byReceiptId;
    if (missing)
      throw new Error(
        `exchange: the inbox row of ${missing[1].key.replace('\u0000', '/')} names receipt ${missing[0]}, which does not exist`,
      );
    return found;
  }
}

function prepare(messages: readonly InboundMessage[]): Prepared[] {
  const issues: Issue[] = [];
  messages.forEach((message, i) => {
    const at = messages.length === 1 ? 'message' : `messages[${i}]`;
    if (!SENDER.test(message.sender ?? ''))
      issues.push({ path: `${at}.sender`, rule: 'format', params: { format: SENDER.source } });
    if (!MESSAGE_TYPE.test(message.messageType ?? ''))
      issues.push({ path: `${at}.messageType`, rule: 'format', params: { format: MESSAGE_TYPE.source } });
    if (!MESSAGE_GUID.test(message.guid ?? ''))
      issues.push({ path: `${at}.guid`, rule: 'format', params: { format: MESSAGE_GUID.source } });
    if (message.payloadSha256 !== undefined && message.payload !== undefined)
      issues.push({
        path: `${at}.payloadSha256`,
        rule: 'exclusive',
        params: { fields: 'payload, payloadSha256' },
      });
    else if (message.payloadSha256 !== undefined) {
      if (!SHA256.test(message.payloadSha256))
        issues.push({ path: `${at}.payloadSha256`, rule: 'format', params: { format: SHA256.source } });
    } else if (typeof message.payload !== 'string' && !(message.payload instanceof Uint8Array))
      issues.push({ path: `${at}.payload`, rule: 'required', params: { or: 'payloadSha256' } });
  });
  if (issues.length > 0) throw invalid('EXCHANGE.INVALID_MESSAGE', issues);
  return messages.map((message) => ({
    message,
    key: keyOf(message.sender, message.guid),
    sha: message.payloadSha256 ?? payloadSha256(message.payload!),
  }));
}

/** What the inbox keeps of a payload: its SHA-256, hex (a string is hashed as UTF-8). */
export function payloadSha256(payload: Uint8Array | string): string {
  return createHash('sha256').update(payload).digest('hex');
}

function keyOf(sender: string, guid: string): string {
  return `${sender}\u0000${guid}`;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
