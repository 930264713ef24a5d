import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import type { HttpApp } from '../http/index.ts';
import { enterpriseOf, type Principal } from '../identity/index.ts';
import {
  CreatedWebhookSchema,
  CreateWebhookRequestSchema,
  DeadLetterParamsSchema,
  DeadLetterSchema,
  EchoRequestSchema,
  IdParamsSchema,
  ListDeadLettersQuerySchema,
  ListReceiptsQuerySchema,
  ReceiptPageSchema,
  ReceiveResponseSchema,
  WebhookSchema,
} from './exchange.schemas.ts';
import type { Inbox } from './inbox.ts';
import type { Receipts } from './receipts.ts';
import type { WebhooksService } from './webhooks.service.ts';
import { splitXmlBatch } from './xml/xml-batch.ts';
import type { XmlDocument } from './xml/xml-element.ts';

export const EXCHANGE_PERMISSIONS = {
  submit: 'exchange.submit',
  readReceipts: 'exchange.receipts.read',
  manageWebhooks: 'exchange.webhooks.manage',
  operate: 'exchange.operate',
} as const;

const P = EXCHANGE_PERMISSIONS;

export function registerExchangeRoutes(
  app: HttpApp,
  inbox: Inbox,
  receipts: Receipts,
  webhooks: WebhooksService,
) {
  app.get(
    '/api/v1/exchange/receipts',
    {
      config: { access: { permission: P.readReceipts } },
      schema: {
        tags: ['exchange'],
        querystring: ListReceiptsQuerySchema,
        response: { 200: ReceiptPageSchema },
      },
    },
    async (req) =>
      req.query.order === 'newest'
        ? receipts.newest(senderOf(req.principal), req.query.limit)
        : receipts.list(senderOf(req.principal), req.query.after, req.query.limit),
  );

  // Diagnostic endpoints: run messages through the inbox with no business effect (an accepted
  // receipt), so integrators can test idempotency, receipts and webhooks; the benchmark uses them.
  app.post(
    '/api/v1/exchange/echo',
    {
      config: { access: { permission: P.submit } },
      schema: { tags: ['exchange'], body: EchoRequestSchema, response: { 200: ReceiveResponseSchema } },
    },
    async (req) => {
      const sender = senderOf(req.principal);
      const messages = req.body.messages.map((m) => ({ ...m, sender }));
      return {
        results: await inbox.receiveBatch(messages, async (_tx, fresh) => fresh.map(() => undefined)),
      };
    },
  );

  app.post(
    '/api/v1/exchange/echo/xml',
    {
      config: { access: { permission: P.submit } },
      schema: { tags: ['exchange'], response: { 200: ReceiveResponseSchema } },
    },
    async (req) => {
      const sender = senderOf(req.principal);
      const document = xmlBody(req.body);
      const messageType = document.root.local;
      const messages = splitXmlBatch(document).map((item) => ({
        sender,
        messageType,
        guid: item.guid,
        payload: item.payload,
      }));
      return {
        results: await inbox.receiveBatch(messages, async (_tx, fresh) => fresh.map(() => undefined)),
      };
    },
  );

  app.post(
    '/api/v1/exchange/webhooks',
    {
      config: { access: { permission: P.manageWebhooks } },
      schema: {
        tags: ['exchange'],
        body: CreateWebhookRequestSchema,
        response: { 201: CreatedWebhookSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await webhooks.createWebhook(req.principal, req.body)),
  );

  app.get(
    '/api/v1/exchange/webhooks',
    {
      config: { access: { permission: P.manageWebhooks } },
      schema: { tags: ['exchange'], response: { 200: z.object({ items: z.array(WebhookSchema) }) } },
    },
    async (req) => ({ items: await webhooks.listWebhooks(req.principal) }),
  );

  app.delete(
    '/api/v1/exchange/webhooks/:id',
    {
      config: { access: { permission: P.manageWebhooks } },
      schema: { tags: ['exchange'], params: IdParamsSchema },
    },
    async (req, reply) => {
      await webhooks.deleteWebhook(req.principal, req.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/exchange/dead-letters',
    {
      config: { access: { permission: P.operate } },
      schema: {
        tags: ['exchange'],
        querystring: ListDeadLettersQuerySchema,
        response: { 200: z.object({ items: z.array(DeadLetterSchema) }) },
      },
    },
    async (req) => ({ items: await webhooks.listDeadLetters(req.query) }),
  );

  app.post(
    '/api/v1/exchange/dead-letters/:id/redeliver',
    {
      config: { access: { permission: P.operate } },
      schema: {
        tags: ['exchange'],
        params: DeadLetterParamsSchema,
        response: { 200: z.object({ id: z.number(), status: z.literal('pending') }) },
      },
    },
    async (req) => webhooks.redeliver(req.principal, req.params.id),
  );
}

/** Messages and receipts belong to an enterprise: its users and its API keys. */
function senderOf(principal: Principal): string {
  const code = enterpriseOf(principal);
  if (!code) throw new AppError('EXCHANGE.ENTERPRISE_ONLY', 403);
  return code;
}

function xmlBody(body: unknown): XmlDocument {
  const document = body as Partial<XmlDocument> | undefined;
  if (!document?.root || typeof document.text !== 'string') throw new AppError('EXCHANGE.XML_REQUIRED', 415);
  return document as XmlDocument;
}
