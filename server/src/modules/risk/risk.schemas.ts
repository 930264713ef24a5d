import { z } from 'zod';
import { CHANNELS, CREDIT_LEVELS, SUBJECT_KINDS } from './risk.types.ts';

const DecimalText = z.string().regex(/^\d{1,18}(\.\d{1,12})?$/, 'decimal string');
const Rate = z
  .string()
  .regex(/^(0(\.\d{1,12})?|1(\.0{1,12})?)$/, 'decimal string in [0, 1]')
  .describe('target inspection rate, e.g. 0.005');
const Instant = z.iso.datetime({ offset: true });

export const RiskItemSchema = z.object({
  hsCode: z.string().regex(/^\d{2,10}$/),
  originCountry: z.string().min(1).max(8),
  quantity: DecimalText,
  unit: z.string().min(1).max(8),
  valueCny: DecimalText,
  name: z.string().max(255),
});

/** The subject as callers send it; validated before any rule runs. */
export const RiskSubjectSchema = z.object({
  kind: z.enum(SUBJECT_KINDS),
  id: z.string().min(1).max(64),
  declaredAt: Instant,
  district: z.string().regex(/^\d{4}$/),
  enterpriseCode: z.string().min(1).max(32),
  creditLevel: z.enum(CREDIT_LEVELS),
  targetInspectionRate: Rate,
  ieFlag: z.enum(['I', 'E']),
  tradeMode: z.string().min(1).max(8),
  transportMode: z.string().min(1).max(8),
  tradeCountry: z.string().min(1).max(8),
  totalValueCny: DecimalText,
  items: z.array(RiskItemSchema).max(1000),
  history: z
    .object({ priorDeclarations: z.number().int().min(0), priorFindings: z.number().int().min(0) })
    .optional(),
});

const ChannelSchema = z.enum(CHANNELS);
const ReasonSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const FiredRuleSchema = z.object({
  pack: z.string(),
  version: z.number().int(),
  ruleId: z.string(),
  channel: ChannelSchema,
  reason: ReasonSchema,
});

export const DecisionSchema = z.object({
  id: z.string(),
  subjectKind: z.enum(SUBJECT_KINDS),
  subjectId: z.string(),
  district: z.string(),
  enterpriseCode: z.string(),
  channel: ChannelSchema,
  packs: z.array(z.object({ pack: z.string(), version: z.number().int() })),
  firedRules: z.array(FiredRuleSchema),
  sampling: z.object({ seedId: z.string(), draw: z.string(), rate: z.string(), sampled: z.boolean() }),
  assessedAt: z.string(),
});

export const DecisionDetailSchema = DecisionSchema.extend({
  subject: RiskSubjectSchema.describe('the subject as assessed'),
});

export const SamplingCheckSchema = z.object({
  seedId: z.string(),
  recordedDraw: z.string(),
  recomputedDraw: z.string(),
  rate: z.string(),
  sampled: z.boolean(),
  matches: z.boolean(),
});

export const PackCodeSchema = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);
export const PackParamsSchema = z.object({ code: PackCodeSchema });
export const VersionParamsSchema = z.object({
  code: PackCodeSchema,
  version: z.coerce.number().int().min(0),
});
export const DecisionParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const CreatePackRequestSchema = z.strictObject({
  code: PackCodeSchema,
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
});

/** Rules arrive as JSON and are checked by `validateRules`, which reports every bad rule at once. */
export const RulesRequestSchema = z.strictObject({
  rules: z.array(z.unknown()).describe('the rules of the pack (see the module README)'),
});

export const CreateVersionRequestSchema = RulesRequestSchema.extend({
  note: z.string().max(500).default(''),
});

export const ValidateResponseSchema = z.object({ valid: z.literal(true), ruleCount: z.number().int() });

export const TryoutRequestSchema = z.strictObject({
  from: Instant.optional().describe('decisions assessed from (default: 30 days ago)'),
  to: Instant.optional().describe('decisions assessed before (default: now)'),
  limit: z.number().int().min(1).max(200_000).default(50_000),
});

export const TryoutResponseSchema = z.object({
  pack: z.string(),
  version: z.number().int(),
  from: z.string(),
  to: z.string(),
  decisions: z.number().int(),
  changed: z.number().int(),
  transitions: z.array(z.object({ from: ChannelSchema, to: ChannelSchema, count: z.number().int() })),
  examples: z.array(
    z.object({
      decisionId: z.string(),
      subjectKind: z.string(),
      subjectId: z.string(),
      from: ChannelSchema,
      to: ChannelSchema,
      draftRules: z.array(z.string()),
    }),
  ),
});

export const ActivateRequestSchema = z.strictObject({
  effectiveFrom: Instant.optional().describe('when it takes effect (default: now); never in the past'),
});

export const InForceQuerySchema = z.strictObject({ at: Instant.optional() });

export const VersionSummarySchema = z.object({
  pack: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'active']),
  note: z.string(),
  ruleCount: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  effectiveFrom: z.string().nullable(),
  activatedAt: z.string().nullable(),
  activatedBy: z.string().nullable(),
});

export const VersionSchema = VersionSummarySchema.extend({ rules: z.array(z.unknown()) });

export const PackSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  versions: z.array(VersionSummarySchema),
});

export const SeedSchema = z.object({ id: z.string(), createdAt: z.string(), createdBy: z.string() });
