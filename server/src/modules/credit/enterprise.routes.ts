import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import {
  ChangeEnterpriseRequestSchema,
  EnterpriseChangeSchema,
  EnterpriseCodeParamsSchema,
  EnterpriseSchema,
  FactSchema,
  FactsQuerySchema,
  LevelChangeSchema,
  ListEnterprisesQuerySchema,
  MeasuresSchema,
  OnDateQuerySchema,
  RecordFactsRequestSchema,
  RecordFactsResponseSchema,
  RegisterEnterpriseRequestSchema,
  ScoreSchema,
} from './credit.schemas.ts';
import type { CreditServices } from './credit.services.ts';

const tags = ['credit'];
const params = EnterpriseCodeParamsSchema;
const read = { access: { permission: 'credit.enterprises.read' } } as const;
const manage = { access: { permission: 'credit.enterprises.manage' } } as const;
const score = { access: { permission: 'credit.score.read' } } as const;

/** The registry, facts, and each enterprise's score, levels and measures. */
export function registerEnterpriseRoutes(app: HttpApp, s: CreditServices): void {
  app.post(
    '/api/v1/credit/enterprises',
    {
      schema: {
        tags,
        summary: 'Register an enterprise',
        body: RegisterEnterpriseRequestSchema,
        response: { 201: EnterpriseSchema },
      },
      config: manage,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await s.enterprises.register(req.principal, { ...req.body, nameEn: req.body.nameEn ?? null })),
  );
  app.get(
    '/api/v1/credit/enterprises',
    {
      schema: {
        tags,
        summary: 'Enterprises in scope',
        querystring: ListEnterprisesQuerySchema,
        response: { 200: z.array(EnterpriseSchema) },
      },
      config: read,
    },
    async (req) => s.enterprises.list(req.principal, req.query),
  );
  app.get(
    '/api/v1/credit/enterprises/:code',
    {
      schema: { tags, summary: 'One enterprise', params, response: { 200: EnterpriseSchema } },
      config: read,
    },
    async (req) => s.enterprises.get(req.principal, req.params.code),
  );
  app.patch(
    '/api/v1/credit/enterprises/:code',
    {
      schema: {
        tags,
        summary: 'Change registered particulars (kept in the history)',
        params,
        body: ChangeEnterpriseRequestSchema,
        response: { 200: EnterpriseSchema },
      },
      config: manage,
    },
    async (req) => s.enterprises.change(req.principal, req.params.code, req.body),
  );
  app.get(
    '/api/v1/credit/enterprises/:code/history',
    {
      schema: { tags, summary: 'Change history', params, response: { 200: z.array(EnterpriseChangeSchema) } },
      config: read,
    },
    async (req) => s.enterprises.history(req.principal, req.params.code),
  );
  app.post(
    '/api/v1/credit/enterprises/:code/facts',
    {
      schema: {
        tags,
        summary: 'Record credit facts',
        params,
        body: RecordFactsRequestSchema,
        response: { 201: RecordFactsResponseSchema },
      },
      config: { access: { permission: 'credit.facts.record' } },
    },
    async (req, reply) => {
      const facts = req.body.facts.map((f) => ({ ...f, enterpriseCode: req.params.code, source: 'officer' }));
      return reply.code(201).send({ recorded: await s.facts.record(req.principal, facts) });
    },
  );
  app.get(
    '/api/v1/credit/enterprises/:code/facts',
    {
      schema: {
        tags,
        summary: 'Credit facts, newest first',
        params,
        querystring: FactsQuerySchema,
        response: { 200: z.array(FactSchema) },
      },
      config: score,
    },
    async (req) => s.facts.list(req.principal, req.params.code, req.query.from),
  );
  app.get(
    '/api/v1/credit/enterprises/:code/score',
    {
      schema: {
        tags,
        summary: 'Score, level and the reasons behind them',
        params,
        response: { 200: ScoreSchema },
      },
      config: score,
    },
    async (req) => s.standing.getScore(req.principal, req.params.code),
  );
  app.get(
    '/api/v1/credit/enterprises/:code/levels',
    {
      schema: {
        tags,
        summary: 'Level changes over time',
        params,
        response: { 200: z.array(LevelChangeSchema) },
      },
      config: score,
    },
    async (req) => s.standing.levelHistory(req.principal, req.params.code),
  );
  app.get(
    '/api/v1/credit/enterprises/:code/measures',
    {
      schema: {
        tags,
        summary: 'Differentiated measures on a day',
        params,
        querystring: OnDateQuerySchema,
        response: { 200: MeasuresSchema },
      },
      config: score,
    },
    async (req) => {
      await s.enterprises.get(req.principal, req.params.code);
      return s.standing.getMeasures(req.params.code, req.query.on ?? chinaDay(new Date()));
    },
  );
}
