import type { Issue } from '../errors/index.ts';

/** A business message as it enters the platform. */
export interface InboundMessage {
  /** Enterprise code of the sender (from the authenticated principal, never from the payload alone). */
  sender: string;
  /** `CEB621Message`, `DecMessage`, … */
  messageType: string;
  /** The sender's unique id for this message (CEB `guid`, DEC `ClientSeqNo`…). */
  guid: string;
  /** Raw bytes or canonical text; only its SHA-256 is kept. */
  payload?: Uint8Array | string;
  /** Or that SHA-256 (hex) already computed where the message was read (a reading thread, say). */
  payloadSha256?: string;
}

/** What a message's effect answers: accepted by default, or rejected with every reason. */
export interface ReceiptDraft {
  status?: string;
  reasons?: Issue[];
  data?: Record<string, unknown>;
}

/** A receipt (回执): one step in the life of a message, addressed to its sender. */
export interface Receipt {
  id: string;
  enterpriseCode: string;
  messageType: string;
  guid: string;
  /** `accepted`, `rejected`, or a business status a module adds later (`released`). */
  status: string;
  reasons?: Issue[];
  data?: Record<string, unknown>;
  createdAt: string;
}

/** A receipt a module adds after the first one (a later business status change). */
export interface NewReceipt {
  enterpriseCode: string;
  messageType: string;
  guid: string;
  status: string;
  reasons?: Issue[];
  data?: Record<string, unknown>;
}

/** The answer for one message: its first receipt, and whether this delivery was a repeat. */
export type ReceiveResult =
  | { outcome: 'accepted' | 'duplicate'; guid: string; receipt: Receipt }
  | { outcome: 'guid_reused'; guid: string; error: { code: 'EXCHANGE.GUID_REUSED' } };

export interface ReceiptPage {
  items: Receipt[];
  /** Pass as `after` to read on; unchanged when nothing new was committed. */
  nextCursor: string;
}

export interface MessageRow {
  sender: string;
  guid: string;
  message_type: string;
  payload_sha256: string;
  /** The first receipt, in exchange_receipt. */
  receipt_id: string | null;
  /** The first receipt itself, on rows written before receipt_id (migration 0002). */
  receipt: string | null;
  received_at: string;
}

export interface ReceiptRow {
  seq: number;
  tx: number;
  id: string;
  enterprise_code: string;
  message_type: string;
  guid: string;
  status: string;
  reasons: string | null;
  data: string | null;
  created_at: string;
}

export interface WebhookRow {
  id: string;
  enterprise_code: string;
  url: string;
  secret: string;
  description: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

export interface DeliveryRow {
  id: number;
  webhook_id: string;
  receipt_id: string;
  body: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  window_started_at: string;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  dead_at: string | null;
}

export type ExchangeTables = {
  exchange_message: MessageRow;
  exchange_receipt: ReceiptRow;
  exchange_webhook: WebhookRow;
  exchange_delivery: DeliveryRow;
};
