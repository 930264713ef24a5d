import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/identity/index.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';
import type { SummarisedBill, TaxSummary, TaxSummaryKey } from './tax-summary.ts';

/** What the tax summary routes ask of the module. */
export interface TaxSummaryRoutesDeps {
  list(
    actor: Actor,
    filter: { period?: string; page: number; pageSize: number },
  ): Promise<{ items: TaxSummary[]; total: number }>;
  bills(
    actor: Actor,
    key: TaxSummaryKey,
    page: { page: number; pageSize: number },
  ): Promise<{ summary: TaxSummary; items: SummarisedBill[]; total: number }>;
}

const PeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
  .describe('the month (China) the return windows closed, YYYY-MM');

const TaxSummarySchema = z.object({
  assureCode: z.string(),
  customsCode: z.string(),
  period: z.string(),
  entDutyNo: z.string().describe('缴款书编号: the payment notice the guarantor pays the month against'),
  bills: z.number().int(),
  customsTax: z.string(),
  valueAddedTax: z.string(),
  consumptionTax: z.string(),
  totalTax: z.string().describe('customs duty, VAT and consumption tax together: what the guarantor pays'),
  payBy: z.iso
    .date()
    .nullable()
    .describe('the earliest day (China) one of its bills must be paid by: its 45th day after release'),
  updatedAt: z.string(),
});

/** 汇总征税: the guarantors' monthly summaries and the bills in one. */
export function registerTaxSummaryRoutes(app: HttpApp, taxSummaries: TaxSummaryRoutesDeps): void {
  const tags = ['ecommerce'];
  app.get(
    '/api/v1/ecommerce/tax-summaries',
    {
      schema: {
        tags,
        summary:
          "汇总征税: each guarantor's monthly sums of the tax bills whose 30-day return window has closed (status 2), " +
          'per customs: an enterprise sees those it guarantees (assureCode), an officer those of its district',
        querystring: z.object({
          period: PeriodSchema.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(TaxSummarySchema),
            total: z.number().int(),
          }),
        },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.read } },
    },
    async (request) => taxSummaries.list(request.principal, request.query),
  );

  app.get(
    '/api/v1/ecommerce/tax-summaries/:assureCode/:customsCode/:period/bills',
    {
      schema: {
        tags,
        summary:
          "汇总征税: the tax bills added up in one guarantor's month at one customs, in the order their lists were " +
          'released, with the summary itself; 404 for a summary the caller may not see',
        params: z.object({
          assureCode: z
            .string()
            .regex(/^[0-9A-Za-z]{1,18}$/, 'an enterprise code of up to 18 letters and digits'),
          customsCode: z.string().regex(/^\d{4}$/, 'a 4-digit customs code'),
          period: PeriodSchema,
        }),
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            summary: TaxSummarySchema,
            items: z.array(
              z.object({
                taxNo: z.string(),
                invtNo: z.string(),
                copNo: z.string().nullable(),
                ebcCode: z.string(),
                releasedAt: z.string(),
                windowClosedAt: z.string(),
                payBy: z.iso.date().describe('the last day (China) to pay it: the 45th after release'),
                customsTax: z.string(),
                valueAddedTax: z.string(),
                consumptionTax: z.string(),
                totalTax: z.string(),
              }),
            ),
            total: z.number().int(),
          }),
        },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.read } },
    },
    async (request) => taxSummaries.bills(request.principal, request.params, request.query),
  );
}
