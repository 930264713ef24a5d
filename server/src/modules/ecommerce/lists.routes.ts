import { z } from 'zod';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/identity/index.ts';
import { ECOMMERCE_PERMISSIONS } from './ecommerce.permissions.ts';
import type { HeldList, HeldListFilter } from './held-lists.service.ts';
import type { ListView } from './list-lookup.service.ts';
import type { Conclusion } from './list-review.ts';

/** What the list routes ask of the module. */
export interface ListRoutesDeps {
  findList(actor: Actor, number: string): Promise<ListView>;
  listHeld(actor: Actor, filter: HeldListFilter): Promise<{ items: HeldList[]; total: number }>;
  conclude(
    actor: Actor,
    number: string,
    conclusion: Conclusion,
  ): Promise<{ status: 'released' | 'rejected'; returnStatus: string }>;
}

const ConclusionSchema = z
  .object({
    outcome: z.enum(['release', 'refuse']),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .refine((c) => c.outcome === 'release' || c.note !== undefined, {
    path: ['note'],
    message: 'required when refusing',
  });

const ListViewSchema = z.object({
  preNo: z.string(),
  invtNo: z.string().nullable(),
  copNo: z.string().nullable(),
  customsCode: z.string(),
  orderNo: z.string(),
  ebpCode: z.string(),
  ebcCode: z.string(),
  agentCode: z.string(),
  logisticsCode: z.string(),
  logisticsNo: z.string(),
  status: z.enum(['pending', 'released', 'held', 'rejected', 'cancelled', 'returned']),
  returnStatus: z.string(),
  reasons: z.array(z.unknown()).nullable(),
  tax: z
    .object({
      taxPrice: z.string(),
      customsTax: z.string(),
      valueAddedTax: z.string(),
      consumptionTax: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  returned: z
    .array(z.object({ gnum: z.string(), qty: z.string() }))
    .meta({ description: 'Goods returned so far (CEB625, all or part), by goods line' }),
  taxBill: z
    .object({
      taxNo: z.string(),
      valueAddedTax: z.string(),
      consumptionTax: z.string(),
      status: z.enum(['1', '2']).describe('1 已生成; 2 已汇总 (summarised into its guarantor’s month)'),
      entDutyNo: z.string().nullable().describe('缴款书编号 of the month it was summarised into'),
    })
    .nullable()
    .meta({ description: 'The CEB816 tax bill in force (after a partial return, the revised one)' }),
  parcel: z.object({
    logisticsStatus: z.string().nullable(),
    signedAt: z.string().nullable(),
    anomaly: z.enum(['before_release', 'no_declaration']).nullable(),
    enteredAt: z.string().nullable(),
    rkdNo: z.string().nullable(),
  }),
});

const HeldListSchema = z.object({
  preNo: z.string(),
  invtNo: z.string().nullable(),
  copNo: z.string().nullable(),
  customsCode: z.string(),
  returnStatus: z
    .enum(['300', '500'])
    .meta({ description: '300 held for review (人工审核), 500 for inspection (查验)' }),
  orderNo: z.string(),
  ebpCode: z.string(),
  ebpName: z.string(),
  ebcCode: z.string(),
  ebcName: z.string(),
  agentCode: z.string(),
  logisticsCode: z.string(),
  logisticsNo: z.string(),
  buyerName: z.string(),
  consigneeAddress: z.string(),
  goods: z.array(
    z.object({
      gnum: z.string(),
      gcode: z.string(),
      gname: z.string(),
      gmodel: z.string(),
      country: z.string(),
      qty: z.string(),
      unit: z.string(),
      price: z.string(),
      totalPrice: z.string(),
    }),
  ),
  tax: ListViewSchema.shape.tax,
  reasons: z
    .array(z.object({ 'zh-CN': z.string(), en: z.string() }))
    .meta({ description: 'The risk rules that held the list' }),
  declaredAt: z.string(),
  heldAt: z.string().nullable(),
});

/** A list by its number, the officers' queue of held lists, and a held list's conclusion. */
export function registerListRoutes(app: HttpApp, { findList, listHeld, conclude }: ListRoutesDeps): void {
  const tags = ['ecommerce'];
  app.get(
    '/api/v1/ecommerce/lists/:number',
    {
      schema: {
        tags,
        summary:
          'An inventory list by preNo or invtNo: status, reasons, tax, and its parcel (signed for, entered at a site)',
        params: z.object({ number: z.string().min(1).max(40) }),
        response: { 200: ListViewSchema },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.read } },
    },
    async (request) => findList(request.principal, request.params.number),
  );

  app.get(
    '/api/v1/ecommerce/held-lists',
    {
      schema: {
        tags,
        summary:
          "The officers' queue: lists held for review (300) or inspection (500) declared in the caller's district, " +
          'oldest first, with their goods, tax and the risk rules that held them',
        querystring: z.object({
          hold: z.enum(['review', 'inspection']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: z.object({ items: z.array(HeldListSchema), total: z.number().int() }) },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.review } },
    },
    async (request) => listHeld(request.principal, request.query),
  );

  app.post(
    '/api/v1/ecommerce/lists/:number/conclusion',
    {
      schema: {
        tags,
        summary:
          'Conclude a list held for review (300) or inspection (500): release it (800, CEB816 tax bill) or ' +
          "refuse it (100, with a note; the buyer's quota is given back). Officers of the list's district; a list " +
          'picked for inspection (500) by inspectors only.',
        params: z.object({ number: z.string().min(1).max(40) }),
        body: ConclusionSchema,
        response: {
          200: z.object({ status: z.enum(['released', 'rejected']), returnStatus: z.string() }),
        },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.review } },
    },
    async (request) => conclude(request.principal, request.params.number, request.body),
  );
}
