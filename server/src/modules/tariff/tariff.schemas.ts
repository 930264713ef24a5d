import { z } from 'zod';
import { RATE_FORMS, RATE_KINDS } from './tariff-rate.rules.ts';

const OnDate = z.iso.date().describe('the day whose rates apply (default: today)');

export const LineParamsSchema = z.object({ hsCode: z.string().regex(/^\d{8}(\d{2})?$/) });
export const LineQuerySchema = z.strictObject({
  on: OnDate.optional(),
  origin: z
    .string()
    .regex(/^([A-Za-z]{3}|\d{3})$/)
    .optional()
    .describe('origin country: ISO alpha-3 (USA) or customs numeric (502)'),
});

export const RateSchema = z.object({
  hsCode: z.string(),
  kind: z.enum(RATE_KINDS),
  agreement: z.string().nullable(),
  originCountry: z.string().nullable(),
  form: z.enum(RATE_FORMS),
  adValoremPercent: z.string().nullable().describe('decimal string, percent'),
  specificAmount: z.string().nullable().describe('decimal string, CNY per unit'),
  specificUnit: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  source: z.string(),
});

export const TariffLineResponseSchema = z.object({
  hsCode: z.string(),
  line: z.object({ code: z.string(), nameZh: z.string().nullable(), nameEn: z.string().nullable() }),
  onDate: z.string(),
  originCountry: z.string().nullable(),
  rates: z.object({
    mfn: RateSchema.nullable(),
    general: RateSchema.nullable(),
    provisional: RateSchema.nullable(),
    conventional: z.array(RateSchema),
    vat: RateSchema.nullable(),
    consumption: RateSchema.nullable(),
  }),
  sample: z.boolean().describe('true when a rate comes from the shipped illustrative SAMPLE schedule'),
});

export const ExchangeRateParamsSchema = z.object({ currency: z.string().regex(/^([A-Za-z]{3}|\d{3})$/) });
export const ExchangeRateQuerySchema = z.strictObject({ on: OnDate.optional() });
export const ExchangeRateResponseSchema = z.object({
  currency: z.string(),
  month: z.string(),
  rate: z.string().describe('decimal string, CNY per one unit'),
  source: z.string(),
});
