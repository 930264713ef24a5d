import { z } from 'zod';
import {
  CONTAINER_FIELDS,
  type FieldSpec,
  HEAD_FIELDS,
  ITEM_FIELDS,
  LICENCE_FIELDS,
  MAX_ITEMS,
} from './declaration.fields.ts';
import { DECLARATION_STATUSES } from './declaration-lifecycle.rules.ts';

// Values arrive as strings (numbers are accepted and kept as their decimal text); the field spec,
// not zod, judges type and size, so every problem is reported with its DecMessage rule.
const Value = z.union([z.string().max(4000), z.number()]).transform((v) => String(v));

function block(fields: readonly FieldSpec[]) {
  return z.strictObject(
    Object.fromEntries(
      fields.map((f) => [f.name, Value.optional().describe(`${f.element} ${f.cn}`)]),
    ) as Record<string, z.ZodOptional<typeof Value>>,
  );
}

export const DeclarationContentSchema = z.strictObject({
  head: block(HEAD_FIELDS),
  items: z.array(block(ITEM_FIELDS)).max(MAX_ITEMS).default([]),
  containers: z.array(block(CONTAINER_FIELDS)).max(500).default([]),
  licences: z.array(block(LICENCE_FIELDS)).max(50).default([]),
});

export const CreateDeclarationRequestSchema = z.strictObject({
  content: DeclarationContentSchema,
  /** Declare at once instead of saving a draft. */
  declare: z.boolean().default(false),
});

export const UpdateDeclarationRequestSchema = z.strictObject({
  content: DeclarationContentSchema,
  version: z.number().int().positive().optional(),
});

const Text = z.object({ 'zh-CN': z.string(), en: z.string() });

export const DeclarationSchema = z.object({
  id: z.string(),
  preEntryNo: z.string(),
  entryId: z.string().nullable(),
  enterpriseCode: z.string(),
  traderCode: z.string().nullable(),
  district: z.string(),
  ieFlag: z.string().nullable(),
  status: z.enum(DECLARATION_STATUSES),
  channel: z.enum(['green', 'yellow', 'red']).nullable(),
  content: z.object({
    head: z.record(z.string(), z.string().optional()),
    items: z.array(z.record(z.string(), z.string().optional())),
    containers: z.array(z.record(z.string(), z.string().optional())),
    licences: z.array(z.record(z.string(), z.string().optional())),
  }),
  risk: z
    .object({
      channel: z.string(),
      decisionId: z.string(),
      sampled: z.boolean(),
      reasons: z.array(z.object({ ruleId: z.string(), channel: z.string(), text: Text })),
    })
    .nullable(),
  duty: z
    .object({
      total: z.string(),
      customsDuty: z.string(),
      vat: z.string(),
      consumptionTax: z.string(),
      waived: z.array(z.string()).optional().describe('tax kinds under the 50 CNY waiver'),
      sample: z.boolean().optional().describe('a rate came from the illustrative SAMPLE schedule'),
      noteExplanations: z
        .array(z.unknown())
        .optional()
        .describe('declaration-wide remarks, coded as in POST /api/v1/tariff/duty/calculate'),
      notes: z.array(z.string()).optional(),
      lines: z.array(z.unknown()).describe('as in POST /api/v1/tariff/duty/calculate'),
      secured: z.object({ method: z.string(), reference: z.string().optional(), at: z.string() }).optional(),
    })
    .nullable(),
  inspection: z
    .object({
      orderedAt: z.string().optional(),
      result: z.string().optional(),
      findings: z.string().optional(),
      inspector: z.string().optional(),
      at: z.string().optional(),
    })
    .nullable(),
  allowedActions: z.array(z.string()),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  declaredAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
});

export const DeclarationIdParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/) });

export const ListDeclarationsQuerySchema = z.strictObject({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(z.enum(DECLARATION_STATUSES)).optional()),
  channel: z.enum(['green', 'yellow', 'red']).optional(),
  ieFlag: z.enum(['I', 'E']).optional(),
  q: z.string().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const DeclarationPageSchema = z.object({ total: z.number(), items: z.array(DeclarationSchema) });

export const HistorySchema = z.array(
  z.object({
    at: z.string(),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    actor: z.string(),
    reason: z.string().nullable(),
    details: z.unknown(),
  }),
);

export const ReasonSchema = z.strictObject({ reason: z.string().min(1).max(500).optional() });
export const RejectSchema = z.strictObject({ reasons: z.array(z.string().min(1).max(500)).min(1).max(20) });
export const SecureDutySchema = z.strictObject({
  method: z.enum(['payment', 'guarantee']),
  reference: z.string().min(1).max(64),
});
export const InspectionSchema = z.strictObject({
  result: z.enum(['no_findings', 'findings']),
  findings: z.string().max(2000).optional(),
});
export const ChangeRequestBodySchema = z.strictObject({
  kind: z.enum(['amend', 'withdraw']),
  reason: z.string().min(1).max(500),
  content: DeclarationContentSchema.optional(),
});
export const ChangeRequestSchema = z.object({
  id: z.string(),
  declarationId: z.string(),
  kind: z.enum(['amend', 'withdraw']),
  status: z.enum(['pending', 'approved', 'refused']),
  reason: z.string(),
  proposed: z.unknown(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export const ListRequestsQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'refused']).optional(),
  kind: z.enum(['amend', 'withdraw']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ChangeRequestPageSchema = z.object({
  total: z.number(),
  items: z.array(
    ChangeRequestSchema.extend({
      declaration: z.object({
        preEntryNo: z.string(),
        enterpriseCode: z.string(),
        district: z.string(),
        status: z.enum(DECLARATION_STATUSES),
        channel: z.enum(['green', 'yellow', 'red']).nullable(),
      }),
    }),
  ),
});
export const DecideRequestSchema = z.strictObject({
  approve: z.boolean(),
  reason: z.string().min(1).max(500),
});
export const RequestParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{24}$/),
  requestId: z.string().regex(/^[0-9a-f]{24}$/),
});
