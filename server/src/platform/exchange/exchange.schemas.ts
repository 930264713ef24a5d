import { z } from 'zod';
import { RECEIPT_PAGE_MAX } from './receipts.ts';

const IssueSchema = z.object({
  path: z.string(),
  rule: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  message: z.string().optional(),
});

export const ReceiptSchema = z.object({
  id: z.string(),
  enterpriseCode: z.string(),
  messageType: z.string(),
  guid: z.string(),
  status: z.string(),
  reasons: z.array(IssueSchema).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
});

export const ListReceiptsQuerySchema = z
  .object({
    after: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(RECEIPT_PAGE_MAX).default(100),
    /** `newest`: the latest `limit` receipts, newest first (for people; systems follow the cursor). */
    order: z.enum(['cursor', 'newest']).default('cursor'),
  })
  .strict();

export const ReceiptPageSchema = z.object({ items: z.array(ReceiptSchema), nextCursor: z.string() });

export const ReceiveResultSchema = z.object({
  guid: z.string(),
  outcome: z.enum(['accepted', 'duplicate', 'guid_reused']),
  receipt: ReceiptSchema.optional(),
  error: z.object({ code: z.string() }).optional(),
});

export const EchoRequestSchema = z
  .object({
    messages: z
      .array(
        z
          .object({
            messageType: z.string().min(1).max(64),
            guid: z.string().min(1).max(64),
            payload: z.string().max(1_000_000),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

export const ReceiveResponseSchema = z.object({ results: z.array(ReceiveResultSchema) });

export const CreateWebhookRequestSchema = z
  .object({ url: z.string().min(1).max(2000), description: z.string().max(200).optional() })
  .strict();

export const WebhookSchema = z.object({
  id: z.string(),
  enterpriseCode: z.string(),
  url: z.string(),
  description: z.string(),
  createdAt: z.string(),
});

export const CreatedWebhookSchema = WebhookSchema.extend({ secret: z.string() });

export const IdParamsSchema = z.object({ id: z.string().max(64) });

export const DeadLetterParamsSchema = z.object({ id: z.coerce.number().int().min(1) });

export const ListDeadLettersQuerySchema = z
  .object({
    webhookId: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const DeadLetterSchema = z.object({
  id: z.number(),
  webhookId: z.string(),
  enterpriseCode: z.string(),
  url: z.string(),
  receiptId: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  deadAt: z.string(),
});
