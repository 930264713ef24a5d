import { z } from 'zod';
import { notFound } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import {
  AnnualReportDecisionRequestSchema,
  AnnualReportRequestSchema,
  AnnualReportSchema,
  AnnualReportsQuerySchema,
  AppealDecisionRequestSchema,
  AppealRequestSchema,
  AppealSchema,
  AppealsQuerySchema,
  CertifyRequestSchema,
  EconomyParamsSchema,
  EnterpriseCodeParamsSchema,
  ForeignAeoParamsSchema,
  ForeignAeoRequestSchema,
  ForeignAeoSchema,
  IdParamsSchema,
  InspectionRateSchema,
  LevelChangeCountSchema,
  MraPartnerRequestSchema,
  MraPartnerSchema,
  NoteRequestSchema,
  OnDateQuerySchema,
  PeriodQuerySchema,
  ScoreDropSchema,
  ScoreDropsQuerySchema,
} from './credit.schemas.ts';
import type { CreditServices } from './credit.services.ts';

const tags = ['credit'];
const decide = { access: { permission: 'credit.decide' } } as const;
const monitoring = { access: { permission: 'credit.monitoring.read' } } as const;
const mraManage = { access: { permission: 'credit.mra.manage' } } as const;

/** Certification, appeals and repair, annual reports, mutual recognition, monitoring. */
export function registerDecisionRoutes(app: HttpApp, s: CreditServices): void {
  const params = EnterpriseCodeParamsSchema;
  app.post(
    '/api/v1/credit/enterprises/:code/certifications',
    {
      schema: {
        tags,
        summary: 'Certify an enterprise as AEO (officer decision)',
        params,
        body: CertifyRequestSchema,
      },
      config: decide,
    },
    async (req, reply) => {
      await s.standing.certify(req.principal, req.params.code, req.body);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/credit/enterprises/:code/certifications/revoke',
    {
      schema: { tags, summary: 'Revoke the certification in force', params, body: NoteRequestSchema },
      config: decide,
    },
    async (req, reply) => {
      await s.standing.revokeCertification(req.principal, req.params.code, req.body.note);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/credit/enterprises/:code/appeals',
    {
      schema: {
        tags,
        summary: 'Apply for credit repair or appeal a discredited status',
        params,
        body: AppealRequestSchema,
        response: { 201: AppealSchema },
      },
      config: { access: { permission: 'credit.appeals.submit' } },
    },
    async (req, reply) =>
      reply.code(201).send(await s.standing.submitAppeal(req.principal, req.params.code, req.body)),
  );
  app.get(
    '/api/v1/credit/appeals',
    {
      schema: {
        tags,
        summary: 'Appeals and repair applications in scope',
        querystring: AppealsQuerySchema,
        response: { 200: z.array(AppealSchema) },
      },
      config: { access: { permission: 'credit.score.read' } },
    },
    async (req) => s.standing.listAppeals(req.principal, req.query.status),
  );
  app.post(
    '/api/v1/credit/appeals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Grant or refuse an appeal or repair',
        params: IdParamsSchema,
        body: AppealDecisionRequestSchema,
        response: { 200: AppealSchema },
      },
      config: decide,
    },
    async (req) => s.standing.decideAppeal(req.principal, req.params.id, req.body),
  );
  app.post(
    '/api/v1/credit/annual-reports',
    {
      schema: {
        tags,
        summary: 'File an annual report (accepted automatically when every check passes)',
        body: AnnualReportRequestSchema,
        response: { 201: AnnualReportSchema },
      },
      config: { access: { permission: 'credit.annual_reports.submit' } },
    },
    async (req, reply) => reply.code(201).send(await s.annualReports.file(req.principal, req.body)),
  );
  app.get(
    '/api/v1/credit/annual-reports',
    {
      schema: {
        tags,
        summary: 'Annual reports in scope (the officer queue: status=queued)',
        querystring: AnnualReportsQuerySchema,
        response: { 200: z.array(AnnualReportSchema) },
      },
      config: { access: { permission: 'credit.enterprises.read' } },
    },
    async (req) => s.annualReports.list(req.principal, req.query),
  );
  app.post(
    '/api/v1/credit/annual-reports/:id/decision',
    {
      schema: {
        tags,
        summary: 'Accept or reject a queued annual report',
        params: IdParamsSchema,
        body: AnnualReportDecisionRequestSchema,
        response: { 200: AnnualReportSchema },
      },
      config: decide,
    },
    async (req) => s.annualReports.decide(req.principal, req.params.id, req.body),
  );
  app.get(
    '/api/v1/credit/mra/partners',
    {
      schema: {
        tags,
        summary: 'AEO mutual recognition partners (in force on a day)',
        querystring: OnDateQuerySchema,
        response: { 200: z.array(MraPartnerSchema) },
      },
      config: { access: 'authenticated' },
    },
    async (req) => s.mra.listPartners(req.query.on),
  );
  app.put(
    '/api/v1/credit/mra/partners/:economy',
    {
      schema: {
        tags,
        summary: 'Record a mutual recognition partner',
        params: EconomyParamsSchema,
        body: MraPartnerRequestSchema,
        response: { 200: MraPartnerSchema },
      },
      config: mraManage,
    },
    async (req) => s.mra.savePartner(req.principal, { ...req.body, economy: req.params.economy }),
  );
  app.put(
    '/api/v1/credit/mra/foreign-aeo/:economy/:aeoCode',
    {
      schema: {
        tags,
        summary: "Record a foreign operator's AEO status",
        params: ForeignAeoParamsSchema,
        body: ForeignAeoRequestSchema,
        response: { 200: ForeignAeoSchema },
      },
      config: mraManage,
    },
    async (req) => s.mra.saveForeignAeo(req.principal, { ...req.body, ...req.params }),
  );
  app.get(
    '/api/v1/credit/mra/foreign-aeo/:economy/:aeoCode',
    {
      schema: {
        tags,
        summary: 'A foreign AEO and whether it is recognized on a day',
        params: ForeignAeoParamsSchema,
        querystring: OnDateQuerySchema,
        response: { 200: ForeignAeoSchema },
      },
      config: { access: 'authenticated' },
    },
    async (req) => {
      const found = await s.mra.findForeignAeo(req.params.economy, req.params.aeoCode, req.query.on);
      if (!found) throw notFound('CREDIT.UNKNOWN_FOREIGN_AEO', req.params);
      return found;
    },
  );
  app.get(
    '/api/v1/credit/monitoring/inspection-rates',
    {
      schema: {
        tags,
        summary: 'Actual inspection rate per level against its target',
        querystring: PeriodQuerySchema,
        response: { 200: z.array(InspectionRateSchema) },
      },
      config: monitoring,
    },
    async (req) => s.monitoring.inspectionRates(req.principal, req.query.from, req.query.to),
  );
  app.get(
    '/api/v1/credit/monitoring/level-changes',
    {
      schema: {
        tags,
        summary: 'Level changes per month',
        querystring: PeriodQuerySchema,
        response: { 200: z.array(LevelChangeCountSchema) },
      },
      config: monitoring,
    },
    async (req) => s.monitoring.levelChanges(req.principal, req.query.from, req.query.to),
  );
  app.get(
    '/api/v1/credit/monitoring/score-drops',
    {
      schema: {
        tags,
        summary: 'Enterprises whose score fell below a threshold at the last run',
        querystring: ScoreDropsQuerySchema,
        response: { 200: z.array(ScoreDropSchema) },
      },
      config: monitoring,
    },
    async (req) => s.monitoring.scoreDrops(req.principal, req.query.threshold),
  );
}
