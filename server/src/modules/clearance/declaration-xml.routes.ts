import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors/index.ts';
import type { Inbox, XmlDocument } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { enterpriseOf } from '../../platform/identity/index.ts';
import { DeclarationIdParamsSchema } from './declaration.schemas.ts';
import type { DeclarationService } from './declaration.service.ts';
import { fromDecMessage, toDecMessage } from './declaration.xml.ts';

const ReceiptSchema = z.object({
  outcome: z.enum(['accepted', 'duplicate']),
  guid: z.string(),
  receipt: z.object({
    id: z.string(),
    enterpriseCode: z.string(),
    messageType: z.string(),
    guid: z.string(),
    status: z.string(),
    reasons: z
      .array(
        z.object({
          path: z.string(),
          rule: z.string(),
          params: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    createdAt: z.string(),
  }),
});

/**
 * The DecMessage gateway: official XML in through the exchange inbox (ClientSeqNo is the GUID,
 * so a repeat delivery gets the same receipt and no second declaration), and XML out.
 */
export function registerDeclarationXmlRoutes(
  app: HttpApp,
  declarations: DeclarationService,
  inbox: Inbox,
): void {
  const tags = ['clearance'];
  app.post(
    '/api/v1/declarations/xml',
    {
      schema: {
        tags,
        summary: 'Submit a DecMessage (application/xml); OperType C/D declares, others save a draft',
        response: { 200: ReceiptSchema },
      },
      config: { access: { permission: 'declaration.draft' } },
    },
    async (request) => {
      const actor = request.principal;
      const enterpriseCode = enterpriseOf(actor);
      if (!enterpriseCode) throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'declaration.draft' });
      const document = request.body as XmlDocument;
      if (!document || typeof document !== 'object' || !('root' in document)) {
        throw new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 415, {
          contentType: request.headers['content-type'] ?? '(none)',
        });
      }
      const parsed = fromDecMessage(document);
      if (!parsed.clientSeqNo)
        throw invalid('CLEARANCE.INVALID', [{ path: '/DecMessage/DecSign/ClientSeqNo', rule: 'required' }]);
      if (parsed.issues.length > 0) throw invalid('CLEARANCE.INVALID', parsed.issues);
      const now = new Date();
      if (parsed.declare)
        await declarations.prefetch(parsed.content, parsed.content.head.tradeCode ?? enterpriseCode, now);
      return inbox.receive(
        {
          sender: enterpriseCode,
          messageType: 'DecMessage',
          guid: parsed.clientSeqNo,
          payload: document.text,
        },
        async (tx) => {
          // Content problems are answered in the receipt (and kept with the message), not thrown.
          if (parsed.content.head.agentCode && parsed.content.head.agentCode !== enterpriseCode) {
            return {
              status: 'rejected',
              reasons: [
                { path: 'DecHead/AgentCode', rule: 'not_own_enterprise', params: { enterpriseCode } },
              ],
            };
          }
          const issues = await declarations.checkIssues(
            parsed.content,
            parsed.declare ? 'declare' : 'save',
            now,
          );
          if (issues.length > 0) return { status: 'rejected', reasons: issues };
          const row = await declarations.createInTx(
            tx,
            actor,
            enterpriseCode,
            parsed.content,
            parsed.declare,
          );
          return {
            status: row.status,
            data: {
              declarationId: row.id,
              preEntryNo: row.pre_entry_no,
              entryId: row.entry_id,
              channel: row.channel,
            },
          };
        },
      );
    },
  );

  app.get(
    '/api/v1/declarations/:id/xml',
    {
      schema: {
        tags,
        summary: 'The declaration as an official DecMessage',
        params: DeclarationIdParamsSchema,
      },
      config: { access: { permission: 'declaration.read' } },
    },
    async (request, reply) => {
      const declaration = await declarations.get(request.principal, request.params.id);
      const xml = toDecMessage(declaration.content, { operType: declaration.status === 'draft' ? 'G' : 'C' });
      return reply.header('content-type', 'application/xml; charset=utf-8').send(xml);
    },
  );
}
