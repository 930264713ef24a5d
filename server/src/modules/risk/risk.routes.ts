import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import type { AssessmentService } from './assessment.service.ts';
import {
  ActivateRequestSchema,
  CreatePackRequestSchema,
  CreateVersionRequestSchema,
  DecisionDetailSchema,
  DecisionParamsSchema,
  InForceQuerySchema,
  PackParamsSchema,
  PackSchema,
  RulesRequestSchema,
  SamplingCheckSchema,
  SeedSchema,
  TryoutRequestSchema,
  TryoutResponseSchema,
  ValidateResponseSchema,
  VersionParamsSchema,
  VersionSchema,
  VersionSummarySchema,
} from './risk.schemas.ts';
import type { RulePackService } from './rule-pack.service.ts';

const tags = ['risk'];
const read = { access: { permission: 'risk.rules.read' } } as const;
const manage = { access: { permission: 'risk.rules.manage' } } as const;
const decisions = { access: { permission: 'risk.decisions.read' } } as const;

/** The risk analysts' API: rule packs and their versions, tryouts, activation; decisions by id. */
export function registerRiskRoutes(
  app: HttpApp,
  packs: RulePackService,
  assessment: AssessmentService,
): void {
  app.get(
    '/api/v1/risk/packs',
    {
      schema: { tags, summary: 'Rule packs and their versions', response: { 200: z.array(PackSchema) } },
      config: read,
    },
    async (request) => packs.listPacks(request.principal),
  );

  app.post(
    '/api/v1/risk/packs',
    {
      schema: {
        tags,
        summary: 'Create an empty rule pack',
        body: CreatePackRequestSchema,
        response: { 201: PackSchema },
      },
      config: manage,
    },
    async (request, reply) => reply.code(201).send(await packs.createPack(request.principal, request.body)),
  );

  app.post(
    '/api/v1/risk/rules/validate',
    {
      schema: {
        tags,
        summary: 'Check rules without storing them: every bad rule with its path',
        body: RulesRequestSchema,
        response: { 200: ValidateResponseSchema },
      },
      config: manage,
    },
    async (request) => packs.validate(request.principal, request.body.rules),
  );

  app.post(
    '/api/v1/risk/packs/:code/versions',
    {
      schema: {
        tags,
        summary: 'Create the next version of a pack as a draft',
        params: PackParamsSchema,
        body: CreateVersionRequestSchema,
        response: { 201: VersionSchema },
      },
      config: manage,
    },
    async (request, reply) =>
      reply.code(201).send(await packs.createDraft(request.principal, request.params.code, request.body)),
  );

  app.get(
    '/api/v1/risk/packs/:code/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version with its rules',
        params: VersionParamsSchema,
        response: { 200: VersionSchema },
      },
      config: read,
    },
    async (request) => packs.getVersion(request.principal, request.params.code, request.params.version),
  );

  app.post(
    '/api/v1/risk/packs/:code/versions/:version/tryout',
    {
      schema: {
        tags,
        summary: 'How past decisions would change channel under this version (nothing stored)',
        params: VersionParamsSchema,
        body: TryoutRequestSchema,
        response: { 200: TryoutResponseSchema },
      },
      config: read,
    },
    async (request) =>
      packs.tryout(request.principal, request.params.code, request.params.version, request.body),
  );

  app.post(
    '/api/v1/risk/packs/:code/versions/:version/activate',
    {
      schema: {
        tags,
        summary: 'Put a draft in force from a time (audited)',
        params: VersionParamsSchema,
        body: ActivateRequestSchema,
        response: { 200: VersionSchema },
      },
      config: manage,
    },
    async (request) =>
      packs.activate(
        request.principal,
        request.params.code,
        request.params.version,
        request.body.effectiveFrom,
      ),
  );

  app.get(
    '/api/v1/risk/packs/:code/in-force',
    {
      schema: {
        tags,
        summary: 'The version of a pack in force at a time (default: now)',
        params: PackParamsSchema,
        querystring: InForceQuerySchema,
        response: { 200: VersionSummarySchema },
      },
      config: read,
    },
    async (request) => packs.inForce(request.principal, request.params.code, request.query.at),
  );

  app.post(
    '/api/v1/risk/sampling-seeds',
    {
      schema: {
        tags,
        summary: 'Start a new sampling seed for future draws (audited)',
        response: { 201: SeedSchema },
      },
      config: manage,
    },
    async (request, reply) => reply.code(201).send(await packs.rotateSeed(request.principal)),
  );

  app.get(
    '/api/v1/risk/decisions/:id',
    {
      schema: {
        tags,
        summary: 'A risk decision with its explanation and the subject as assessed',
        params: DecisionParamsSchema,
        response: { 200: DecisionDetailSchema },
      },
      config: decisions,
    },
    async (request) => assessment.getDecisionFor(request.principal, request.params.id),
  );

  app.get(
    '/api/v1/risk/decisions/:id/sampling-check',
    {
      schema: {
        tags,
        summary: 'Recompute the random-inspection draw of a decision from its seed',
        params: DecisionParamsSchema,
        response: { 200: SamplingCheckSchema },
      },
      config: decisions,
    },
    async (request) => assessment.checkSampling(request.principal, request.params.id),
  );
}
