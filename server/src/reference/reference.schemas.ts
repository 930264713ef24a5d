import { z } from 'zod';

// 'YYYY-MM-DD', a real calendar date: the day whose version of a code set applies.
const OnDateSchema = z.iso.date().describe('the day whose version applies (default: today)');

export const CodeSetParamsSchema = z.object({ codeSet: z.string().min(1).max(40) });
export const CodeParamsSchema = z.object({
  codeSet: z.string().min(1).max(40),
  code: z.string().min(1).max(20),
});

export const ListCodesQuerySchema = z.strictObject({
  on: OnDateSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListCodesQuery = z.infer<typeof ListCodesQuerySchema>;

export const OnQuerySchema = z.strictObject({ on: OnDateSchema.optional() });

export const HsSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100),
  on: OnDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const VersionSchema = z.object({
  id: z.number(),
  label: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
});

export const CodeSchema = z.object({
  code: z.string(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
});

export const CodePageSchema = z.object({
  codeSet: z.string(),
  version: VersionSchema,
  items: z.array(CodeSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const CodeResponseSchema = CodeSchema.extend({ codeSet: z.string(), version: VersionSchema });

export const CodeSetListSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      titleZh: z.string(),
      titleEn: z.string(),
      versions: z.array(VersionSchema.extend({ rows: z.number() })),
    }),
  ),
});

export const HsSearchResponseSchema = z.object({
  q: z.string(),
  on: z.string(),
  total: z.number(),
  hits: z.array(
    z.object({
      code: z.string(),
      level: z.union([z.literal(2), z.literal(4), z.literal(6), z.literal(8)]),
      nameZh: z.string().nullable(),
      nameEn: z.string().nullable(),
      score: z.number(),
    }),
  ),
});
