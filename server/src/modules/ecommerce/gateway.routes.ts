import { z } from 'zod';
import { AppError } from '../../platform/errors/index.ts';
import { type Receipts, ReceiveResponseSchema, XmlBytes } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { enterpriseOf } from '../../platform/identity/index.ts';
import { CebJsonMessageSchema } from './ceb.json.ts';
import { toReceiptXml } from './ceb-receipt.xml.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';
import type { EcommerceGateway } from './gateway.service.ts';

// The body is official XML (its bytes, parsed by the gateway's reader: route config xmlBody) or the JSON form.
const MessageBodySchema = z.union([
  z
    .custom<XmlBytes>((body) => body instanceof XmlBytes)
    .meta({
      description: 'application/xml or text/xml: a CEBnnnMessage as the CEB standard writes it',
    }),
  CebJsonMessageSchema,
]);

/** The CEB gateway: messages in (XML or JSON), the sender's receipts out as official XML. */
export function registerGatewayRoutes(app: HttpApp, gateway: EcommerceGateway, receipts: Receipts): void {
  const tags = ['ecommerce'];
  app.post(
    '/api/v1/ecommerce/messages',
    {
      schema: {
        tags,
        summary:
          'Submit a CEB311/411/511/513/621/623/625/711 message, one or many documents, as official XML ' +
          '(application/xml) or its JSON form (application/json)',
        consumes: ['application/xml', 'text/xml', 'application/json'],
        body: MessageBodySchema,
        response: { 200: ReceiveResponseSchema },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.submit }, xmlBody: 'bytes' },
    },
    async (request) => ({ results: await gateway.submit(request.principal, request.body) }),
  );

  app.get(
    '/api/v1/ecommerce/receipts',
    {
      schema: {
        tags,
        summary:
          "The caller's CEB receipts (CEB312/412/512/514/622/624/626/712, CEB816 tax bills) with their official XML",
        querystring: z.object({
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.submit } },
    },
    async (request) => {
      const enterpriseCode = enterpriseOf(request.principal);
      if (!enterpriseCode)
        throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: ECOMMERCE_PERMISSIONS.submit });
      const page = await receipts.list(enterpriseCode, request.query.after, request.query.limit);
      return {
        items: page.items
          .filter((r) => r.messageType.startsWith('CEB'))
          .map((r) => ({ ...r, xml: toReceiptXml(r) ?? null })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
