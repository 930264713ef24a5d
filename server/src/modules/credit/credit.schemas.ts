import { z } from 'zod';
import { CREDIT_LEVELS, FACT_KINDS } from './credit-score.rules.ts';
import { ENTERPRISE_TYPES } from './enterprise.rules.ts';

// Shapes only: lengths and types. The rules (check digit, district, duplicates) answer with
// CREDIT.* errors that name the field and the rule.
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const code = z.string().min(1).max(20);
const Type = z.enum(ENTERPRISE_TYPES);
const Level = z.enum(CREDIT_LEVELS);

export const EnterpriseCodeParamsSchema = z.object({ code });
export const IdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const RegisterEnterpriseRequestSchema = z.strictObject({
  code,
  uscc: z.string().min(1).max(18),
  nameZh: z.string().min(1).max(200),
  nameEn: z.string().max(200).nullable().optional(),
  address: z.string().min(1).max(500),
  district: z.string().min(1).max(4),
  types: z.array(Type).min(1).max(8),
  registeredOn: z.string().max(10).optional(),
});

export const ChangeEnterpriseRequestSchema = RegisterEnterpriseRequestSchema.omit({
  code: true,
  registeredOn: true,
}).partial();

export const EnterpriseSchema = z.object({
  code: z.string(),
  uscc: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  address: z.string(),
  district: z.string(),
  types: z.array(Type),
  registeredOn: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const ListEnterprisesQuerySchema = z.object({
  type: Type.optional(),
  district: z.string().max(4).optional(),
  after: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const EnterpriseChangeSchema = z.object({
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});

export const FactInputSchema = z.strictObject({
  kind: z.enum(FACT_KINDS),
  occurredOn: date,
  count: z.number().int().min(1).max(1_000_000).default(1),
  amount: z.string().max(24).nullable().optional(),
  ref: z.string().max(100).nullable().optional(),
});
export const RecordFactsRequestSchema = z.strictObject({ facts: z.array(FactInputSchema).min(1).max(1000) });
export const RecordFactsResponseSchema = z.object({ recorded: z.number().int() });

export const FactSchema = FactInputSchema.extend({
  id: z.number().int(),
  enterpriseCode: z.string(),
  source: z.string(),
  recordedAt: z.string(),
});
export const FactsQuerySchema = z.object({ from: date.optional() });

const ReasonSchema = z.object({
  code: z.string(),
  points: z.number().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export const ScoreSchema = z.object({
  enterpriseCode: z.string(),
  score: z.number().nullable(),
  previousScore: z.number().nullable(),
  level: Level,
  levelSince: z.string(),
  scoredOn: z.string().nullable(),
  reasons: z.array(ReasonSchema),
});
export const LevelChangeSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  effectiveOn: z.string(),
  score: z.number().nullable(),
});
export const OnDateQuerySchema = z.object({ on: date.optional() });
export const MeasuresSchema = z.object({
  level: Level,
  targetInspectionRate: z.string(),
  documentReview: z.enum(['minimal', 'reduced', 'standard', 'intensive']),
  aggregateTaxPayment: z.boolean(),
  guaranteeWaiver: z.boolean(),
  priorityHandling: z.boolean(),
});

export const CertifyRequestSchema = z.strictObject({
  level: z.enum(['aeo_advanced', 'aeo_general']),
  validFrom: date,
  validTo: date.nullable().optional(),
  note: z.string().max(1000).optional(),
});
export const NoteRequestSchema = z.strictObject({ note: z.string().min(1).max(1000) });

export const AppealRequestSchema = z.strictObject({
  kind: z.enum(['repair', 'appeal']),
  reason: z.string().min(1).max(2000),
});
export const AppealSchema = z.object({
  id: z.number().int(),
  enterpriseCode: z.string(),
  kind: z.enum(['repair', 'appeal']),
  reason: z.string(),
  status: z.enum(['pending', 'granted', 'refused']),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export const AppealsQuerySchema = z.object({ status: z.enum(['pending', 'granted', 'refused']).optional() });
export const AppealDecisionRequestSchema = z.strictObject({
  grant: z.boolean(),
  note: z.string().min(1).max(1000),
});

export const AnnualReportRequestSchema = z.strictObject({
  enterpriseCode: code,
  year: z.number().int().min(1990).max(2100),
  uscc: z.string().min(1).max(18),
  nameZh: z.string().min(1).max(200),
  totalAssets: z.string().max(24),
  totalLiabilities: z.string().max(24),
  revenue: z.string().max(24),
  employees: z.number().int().min(0),
});
export const AnnualReportSchema = z.object({
  id: z.number().int(),
  enterpriseCode: z.string(),
  year: z.number().int(),
  filedOn: z.string(),
  status: z.enum(['accepted', 'queued', 'rejected']),
  review: z.array(z.object({ code: z.string() })),
  late: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export const AnnualReportsQuerySchema = z.object({
  status: z.enum(['accepted', 'queued', 'rejected']).optional(),
  enterpriseCode: z.string().max(20).optional(),
});
export const AnnualReportDecisionRequestSchema = z.strictObject({
  accept: z.boolean(),
  note: z.string().max(1000).optional(),
});

export const MraPartnerSchema = z.object({
  economy: z.string().min(2).max(8),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  signedOn: date,
  effectiveFrom: date,
  effectiveTo: date.nullable(),
});
export const EconomyParamsSchema = z.object({ economy: z.string().min(2).max(8) });
export const MraPartnerRequestSchema = MraPartnerSchema.omit({ economy: true }).strict();
export const ForeignAeoParamsSchema = z.object({
  economy: z.string().min(2).max(8),
  aeoCode: z.string().min(1).max(40),
});
export const ForeignAeoRequestSchema = z.strictObject({
  name: z.string().min(1).max(200),
  status: z.enum(['certified', 'suspended', 'revoked']),
  validFrom: date,
  validTo: date.nullable(),
});
export const ForeignAeoSchema = ForeignAeoRequestSchema.extend({
  economy: z.string(),
  aeoCode: z.string(),
  recognized: z.boolean().optional(),
});

export const PeriodQuerySchema = z.object({ from: date, to: date });
export const InspectionRateSchema = z.object({
  level: Level,
  declarations: z.number(),
  inspections: z.number(),
  actualRate: z.string().nullable(),
  targetRate: z.string(),
  withinTarget: z.boolean().nullable(),
});
export const LevelChangeCountSchema = z.object({
  month: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  count: z.number(),
});
export const ScoreDropsQuerySchema = z.object({
  threshold: z.coerce.number().int().min(1).max(100).default(60),
});
export const ScoreDropSchema = z.object({
  enterpriseCode: z.string(),
  district: z.string(),
  previousScore: z.number(),
  score: z.number(),
  level: z.string(),
});
