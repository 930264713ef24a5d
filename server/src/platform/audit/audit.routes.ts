import { z } from 'zod';
import type { Database } from '../db/index.ts';
import type { HttpApp } from '../http/index.ts';
import { searchAudit } from './audit-search.ts';
import type { AuditTrail } from './audit-trail.ts';

const IsoInstant = z.iso.datetime({ offset: true });

const AuditQuerySchema = z.strictObject({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  recordType: z.string().max(100).optional(),
  recordId: z.string().max(200).optional(),
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const AuditRecordSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.string(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  changeHash: z.string(),
  hash: z.string(),
});

const VerifySchema = z.object({
  ok: z.boolean(),
  records: z.number(),
  firstBroken: z.object({ seq: z.number(), reason: z.string() }).optional(),
});

export function registerAuditRoutes(app: HttpApp, db: Database, trail: AuditTrail): void {
  const config = { access: { permission: 'audit.read' } } as const;
  app.get(
    '/api/v1/audit/records',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (auditors)',
        querystring: AuditQuerySchema,
        response: { 200: z.object({ records: z.array(AuditRecordSchema), next: z.number().optional() }) },
      },
      config,
    },
    async (request) => {
      const query = request.query;
      const page = await searchAudit(db, {
        ...query,
        from: query.from ? new Date(query.from).toISOString() : undefined,
        to: query.to ? new Date(query.to).toISOString() : undefined,
      });
      return {
        next: page.next,
        records: page.records.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          action: r.action,
          recordType: r.record_type,
          recordId: r.record_id,
          ip: r.ip,
          requestId: r.request_id,
          changeHash: r.change_hash,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: { tags: ['audit'], summary: 'Verify the hash chain', response: { 200: VerifySchema } },
      config,
    },
    async () => trail.verify(),
  );
}
