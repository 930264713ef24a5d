import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import { startOfChinaDay } from '../../platform/time/index.ts';
import { DashboardSchema } from './dashboard.ts';
import type { DeclarationContent } from './declaration.model.ts';
import {
  ChangeRequestBodySchema,
  ChangeRequestPageSchema,
  ChangeRequestSchema,
  CreateDeclarationRequestSchema,
  DecideRequestSchema,
  DeclarationIdParamsSchema,
  DeclarationPageSchema,
  DeclarationSchema,
  HistorySchema,
  InspectionSchema,
  ListDeclarationsQuerySchema,
  ListRequestsQuerySchema,
  ReasonSchema,
  RejectSchema,
  RequestParamsSchema,
  SecureDutySchema,
} from './declaration.schemas.ts';
import type { DeclarationService } from './declaration.service.ts';
import type { ReviewService } from './review.service.ts';

export function registerDeclarationRoutes(
  app: HttpApp,
  declarations: DeclarationService,
  review: ReviewService,
): void {
  const tags = ['clearance'];
  const read = { access: { permission: 'declaration.read' } } as const;
  const params = DeclarationIdParamsSchema;
  const one = { 200: DeclarationSchema };
  const base = '/api/v1/declarations';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Declarations in scope, newest first',
        querystring: ListDeclarationsQuerySchema,
        response: { 200: DeclarationPageSchema },
      },
      config: read,
    },
    async (request) => declarations.list(request.principal, request.query),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Save a draft, or declare at once (declare: true)',
        body: CreateDeclarationRequestSchema,
        response: { 201: DeclarationSchema },
      },
      config: { access: { permission: 'declaration.draft' } },
    },
    async (request, reply) => {
      const { content, declare } = request.body;
      return reply
        .code(201)
        .send(await declarations.create(request.principal, content as DeclarationContent, declare));
    },
  );

  app.get(
    `${base}/dashboard`,
    {
      schema: {
        tags,
        summary: "Today's declarations, channel mix, releases and duty collected (in scope)",
        querystring: z.strictObject({ since: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: DashboardSchema },
      },
      config: read,
    },
    async (request) => {
      const since = request.query.since ? new Date(request.query.since) : startOfChinaDay(new Date());
      return declarations.dashboard(request.principal, since.toISOString());
    },
  );

  app.get(
    `${base}/requests`,
    {
      schema: {
        tags,
        summary:
          'Amendment and withdrawal requests on declarations in scope, oldest first (?status=pending: the queue)',
        querystring: ListRequestsQuerySchema,
        response: { 200: ChangeRequestPageSchema },
      },
      config: read,
    },
    async (request) => review.listRequestsInScope(request.principal, request.query),
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: 'One declaration', params, response: one }, config: read },
    async (request) => declarations.get(request.principal, request.params.id),
  );

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Replace a draft',
        params,
        body: z.strictObject({
          content: CreateDeclarationRequestSchema.shape.content,
          version: z.number().int().positive().optional(),
        }),
        response: one,
      },
      config: { access: { permission: 'declaration.draft' } },
    },
    async (request) =>
      declarations.update(
        request.principal,
        request.params.id,
        request.body.content as DeclarationContent,
        request.body.version,
      ),
  );

  app.post(
    `${base}/:id/declare`,
    {
      schema: { tags, summary: 'Declare a saved draft', params, response: one },
      config: { access: { permission: 'declaration.declare' } },
    },
    async (request) => declarations.declare(request.principal, request.params.id),
  );

  app.get(
    `${base}/:id/history`,
    {
      schema: { tags, summary: 'Every step of the declaration', params, response: { 200: HistorySchema } },
      config: read,
    },
    async (request) => declarations.history(request.principal, request.params.id),
  );

  const review$ = { access: { permission: 'declaration.review' } } as const;
  app.post(
    `${base}/:id/review/start`,
    { schema: { tags, summary: 'Take a declaration for review', params, response: one }, config: review$ },
    async (request) => review.startReview(request.principal, request.params.id),
  );
  app.post(
    `${base}/:id/review/accept`,
    {
      schema: {
        tags,
        summary: 'Accept after review: duty is assessed',
        params,
        body: ReasonSchema,
        response: one,
      },
      config: review$,
    },
    async (request) => review.accept(request.principal, request.params.id, request.body.reason),
  );
  app.post(
    `${base}/:id/review/reject`,
    {
      schema: { tags, summary: 'Refuse with reasons', params, body: RejectSchema, response: one },
      config: review$,
    },
    async (request) => review.reject(request.principal, request.params.id, request.body.reasons),
  );
  app.post(
    `${base}/:id/duty/secure`,
    {
      schema: {
        tags,
        summary: 'Record duty paid or guaranteed',
        params,
        body: SecureDutySchema,
        response: one,
      },
      config: { access: { permission: 'declaration.duty.secure' } },
    },
    async (request) =>
      review.secureDuty(request.principal, request.params.id, request.body.method, request.body.reference),
  );
  app.post(
    `${base}/:id/inspection`,
    {
      schema: {
        tags,
        summary: 'Record the result of an ordered inspection',
        params,
        body: InspectionSchema,
        response: one,
      },
      config: { access: { permission: 'declaration.inspect' } },
    },
    async (request) =>
      review.recordInspection(
        request.principal,
        request.params.id,
        request.body.result,
        request.body.findings,
      ),
  );
  app.post(
    `${base}/:id/release`,
    {
      schema: { tags, summary: 'Release inspected goods', params, body: ReasonSchema, response: one },
      config: { access: { permission: 'declaration.release' } },
    },
    async (request) => review.release(request.principal, request.params.id, request.body.reason),
  );

  app.get(
    `${base}/:id/requests`,
    {
      schema: {
        tags,
        summary: 'Amendment and withdrawal requests',
        params,
        response: { 200: z.array(ChangeRequestSchema) },
      },
      config: read,
    },
    async (request) => review.listRequests(request.principal, request.params.id),
  );
  app.post(
    `${base}/:id/requests`,
    {
      schema: {
        tags,
        summary: 'Ask to amend or withdraw (修撤)',
        params,
        body: ChangeRequestBodySchema,
        response: { 201: ChangeRequestSchema },
      },
      config: { access: { permission: 'declaration.declare' } },
    },
    async (request, reply) => {
      const { kind, reason, content } = request.body;
      return reply
        .code(201)
        .send(
          await review.request(
            request.principal,
            request.params.id,
            kind,
            reason,
            content as DeclarationContent | undefined,
          ),
        );
    },
  );
  app.post(
    `${base}/:id/requests/:requestId/decision`,
    {
      schema: {
        tags,
        summary: 'Approve or refuse a request',
        params: RequestParamsSchema,
        body: DecideRequestSchema,
        response: one,
      },
      config: review$,
    },
    async (request) =>
      review.decide(
        request.principal,
        request.params.id,
        request.params.requestId,
        request.body.approve,
        request.body.reason,
      ),
  );
}
