import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import type { HttpApp } from '../http/index.ts';
import type { Policy } from '../identity/index.ts';
import { EXCHANGE_PERMISSIONS, registerExchangeRoutes } from './exchange.routes.ts';
import { Inbox } from './inbox.ts';
import { Receipts } from './receipts.ts';
import { type DelivererOptions, WebhookDeliverer } from './webhook-deliverer.ts';
import { WebhooksService } from './webhooks.service.ts';
import { registerXmlContentTypes, XmlBytes } from './xml/xml-content-type.ts';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './xml/xml-parser.ts';

export { exchangeCatalogue } from './exchange.errors.ts';
export { exchangeMigrations } from './exchange.migrations.ts';
export { ReceiveResponseSchema } from './exchange.schemas.ts';
export type * from './exchange.types.ts';
export { type BatchEffect, Inbox, payloadSha256 } from './inbox.ts';
export { MESSAGE_GUID } from './message-guid.ts';
export { Receipts } from './receipts.ts';
export { type DelivererOptions, deliveryDelayMs, WebhookDeliverer } from './webhook-deliverer.ts';
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';
export { type DeadLetter, type Webhook, WebhooksService } from './webhooks.service.ts';
export { checkFields, type FieldSpec, fieldSpecsOf } from './xml/field-spec.ts';
export { splitXmlBatch, type XmlBatchItem } from './xml/xml-batch.ts';
export { declaredEncoding, decodeXml } from './xml/xml-decode.ts';
export { childNamed, childrenNamed, sourceOf, type XmlDocument, type XmlElement } from './xml/xml-element.ts';
export {
  DEFAULT_XML_LIMITS,
  expectNamespace,
  parseWithSaxes,
  parseXml,
  XML_NAMESPACES,
  type XmlLimits,
} from './xml/xml-parser.ts';
export { EXCHANGE_PERMISSIONS, registerXmlContentTypes, XmlBytes };

/** The data exchange (数据交换): inbox, receipts, webhooks and the XML gateway plumbing. */
export interface Exchange {
  inbox: Inbox;
  receipts: Receipts;
  webhooks: WebhooksService;
  deliverer: WebhookDeliverer;
  /** Grants the exchange permissions to roles and API-key scopes, and registers the routes. */
  register(app: HttpApp, policy: Policy): void;
}

export interface ExchangeOptions {
  audit: AuditTrail;
  logger?: Logger;
  now?: () => Date;
  xmlLimits?: XmlLimits;
  delivery?: DelivererOptions;
  /** Webhooks may name loopback and private addresses (WEBHOOK_ALLOW_PRIVATE); off by default. */
  allowPrivateWebhooks?: boolean;
}

export function createExchange(db: Database, options: ExchangeOptions): Exchange {
  const now = options.now ?? (() => new Date());
  const receipts = new Receipts(db, now);
  const inbox = new Inbox(db, receipts, now);
  const allowPrivate = options.allowPrivateWebhooks ?? false;
  const deliverer = new WebhookDeliverer(db, {
    now,
    logger: options.logger,
    allowPrivate,
    ...options.delivery,
  });
  receipts.onDeliveriesQueued(() => deliverer.wake());
  const webhooks = new WebhooksService(db, options.audit, () => deliverer.wake(), now, allowPrivate);
  return {
    inbox,
    receipts,
    webhooks,
    deliverer,
    register(app, policy) {
      const P = EXCHANGE_PERMISSIONS;
      policy.grant('declarant', [P.submit, P.readReceipts]);
      policy.grant('manager', [P.readReceipts, P.manageWebhooks]);
      policy.grant('system_admin', [P.operate]);
      policy.allowSystemScopes([P.submit, P.readReceipts]);
      registerXmlContentTypes(app, options.xmlLimits ?? DEFAULT_XML_LIMITS);
      registerExchangeRoutes(app, inbox, receipts, webhooks);
    },
  };
}
