import { z } from 'zod';
import { AppError } from '../../platform/errors/index.ts';
import type { XmlDocument } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { EcommerceGateway } from './gateway.service.ts';
import type { MonitoringService } from './monitoring.service.ts';

const IssueSchema = z.object({
  path: z.string(),
  rule: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const ResultSchema = z.object({
  outcome: z.enum(['accepted', 'duplicate', 'guid_reused']),
  guid: z.string(),
  receipt: z
    .object({
      id: z.string(),
      enterpriseCode: z.string(),
      messageType: z.string(),
      guid: z.string(),
      status: z.string(),
      reasons: z.array(IssueSchema).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
      createdAt: z.string(),
    })
    .optional(),
  error: z.object({ code: z.string() }).optional(),
});

export const ECOMMERCE_PERMISSIONS = { submit: 'ecommerce.submit', monitor: 'ecommerce.monitor' } as const;

/** The CEB gateway route and the command dashboard's figures. */
export function registerEcommerceRoutes(
  app: HttpApp,
  gateway: EcommerceGateway,
  monitoring: MonitoringService,
): void {
  const tags = ['ecommerce'];
  app.post(
    '/api/v1/ecommerce/messages',
    {
      schema: {
        tags,
        summary: 'Submit a CEB311/411/511/621/623/625 message (application/xml), one or many documents',
        response: { 200: z.object({ results: z.array(ResultSchema) }) },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.submit } },
    },
    async (request) => {
      const document = request.body as XmlDocument;
      if (!document || typeof document !== 'object' || !('root' in document)) {
        throw new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 415, {
          contentType: request.headers['content-type'] ?? '(none)',
        });
      }
      return { results: await gateway.submit(request.principal, document) };
    },
  );

  app.get(
    '/api/v1/ecommerce/monitoring',
    {
      schema: {
        tags,
        summary: 'Lists per minute, pending by missing document, refusals by reason, tax collected',
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.monitor } },
    },
    async () => monitoring.snapshot(),
  );
}
