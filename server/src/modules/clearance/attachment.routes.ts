import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import { ACCEPTED_MEDIA_TYPES, type AttachmentService } from './attachment.service.ts';

const AttachmentSchema = z.object({
  id: z.string(),
  declarationId: z.string(),
  documentType: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
const Params = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/) });

export function registerAttachmentRoutes(
  app: HttpApp,
  attachments: AttachmentService,
  maxBytes: number,
): void {
  const tags = ['clearance'];
  // The file is the body itself (PDF, JPEG or PNG); what it is comes from the query string.
  for (const type of ACCEPTED_MEDIA_TYPES) {
    if (!app.hasContentTypeParser(type)) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
        done(null, body),
      );
    }
  }
  app.post(
    '/api/v1/declarations/:id/attachments',
    {
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary: 'Upload a supporting document (the body is the PDF, JPEG or PNG file)',
        params: Params,
        querystring: z.strictObject({
          documentType: z
            .string()
            .regex(/^[0-9A-Za-z]{1,8}$/)
            .describe('EdocCode, e.g. 00000001 invoice'),
          fileName: z.string().min(1).max(200),
        }),
        response: { 201: AttachmentSchema },
      },
      config: { access: { permission: 'declaration.draft' } },
    },
    async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const attachment = await attachments.upload(request.principal, request.params.id, {
        documentType: request.query.documentType,
        fileName: request.query.fileName,
        mediaType: (request.headers['content-type'] ?? '').split(';')[0]!.trim(),
        bytes,
      });
      return reply.code(201).send(attachment);
    },
  );
  app.get(
    '/api/v1/declarations/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Supporting documents of a declaration',
        params: Params,
        response: { 200: z.array(AttachmentSchema) },
      },
      config: { access: { permission: 'declaration.read' } },
    },
    async (request) => attachments.list(request.principal, request.params.id),
  );
  app.get(
    '/api/v1/declarations/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download a supporting document',
        params: z.strictObject({ id: Params.shape.id, attachmentId: Params.shape.id }),
      },
      config: { access: { permission: 'declaration.read' } },
    },
    async (request, reply) => {
      const { attachment, bytes } = await attachments.download(
        request.principal,
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', attachment.mediaType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
        )
        .header('x-content-sha256', attachment.sha256)
        .send(bytes);
    },
  );
}
