import { z } from 'zod';
import { AppError } from '../../platform/errors/index.ts';
import { type Receipts, XmlBytes } from '../../platform/exchange/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { type Actor, enterpriseOf } from '../../platform/identity/index.ts';
import { CebJsonMessageSchema } from './ceb.json.ts';
import { toReceiptXml } from './ceb-receipt.xml.ts';
import type { EcommerceGateway } from './gateway.service.ts';
import type { HeldList, HeldListFilter } from './held-lists.service.ts';
import type { ListView } from './list-lookup.service.ts';
import type { Conclusion } from './list-review.ts';
import type { MonitoringService } from './monitoring.service.ts';
import type { SummarisedBill, TaxSummary, TaxSummaryKey } from './tax-summary.ts';

const IssueSchema = z.object({
  path: z.string(),
  rule: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const ResultSchema = z.object({
  outcome: z.enum(['accepted', 'duplicate', 'guid_reused']),
  guid: z.string(),
  receipt: z
    .object({
      id: z.string(),
      enterpriseCode: z.string(),
      messageType: z.string(),
      guid: z.string(),
      status: z.string(),
      reasons: z.array(IssueSchema).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
      createdAt: z.string(),
    })
    .optional(),
  error: z.object({ code: z.string() }).optional(),
});

// The body is official XML (its bytes, parsed by the gateway's reader: route config xmlBody) or the JSON form.
const MessageBodySchema = z.union([
  z
    .custom<XmlBytes>((body) => body instanceof XmlBytes)
    .meta({
      description: 'application/xml or text/xml: a CEBnnnMessage as the CEB standard writes it',
    }),
  CebJsonMessageSchema,
]);

export const ECOMMERCE_PERMISSIONS = {
  submit: 'ecommerce.submit',
  monitor: 'ecommerce.monitor',
  read: 'ecommerce.read',
  review: 'ecommerce.review',
  inspect: 'ecommerce.inspect',
} as const;

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

const count = z.number().int();
const countsSchema = z.record(z.string(), count);
const MonitoringSchema = z.object({
  day: z.string().meta({ description: 'The day of the figures in China Standard Time (UTC+8)' }),
  timeZone: z.literal('Asia/Shanghai'),
  district: z
    .string()
    .nullable()
    .meta({ description: "The district whose customs codes the figures cover ('0000': all)" }),
  listsByStatus: countsSchema.meta({ description: 'Lists created on the day, by current status' }),
  listsPerMinute: countsSchema.meta({
    description:
      'Lists released, held or refused per minute (UTC YYYY-MM-DDTHH:MM) over the hour up to now, or the last hour of another day',
  }),
  pendingMissing: z
    .object({ CEB311: count, CEB411: count, CEB511: count })
    .meta({ description: 'Lists waiting for documents now, whatever their day, by missing document' }),
  refusalsByReason: countsSchema.meta({ description: 'Lists refused on the day, once per rule' }),
  taxCollected: z
    .object({ valueAddedTax: z.string(), consumptionTax: z.string(), bills: count })
    .meta({ description: 'CEB816 tax bills issued on the day and not voided by a return' }),
  parcels: z.object({
    signedFor: count,
    signedBeforeRelease: count,
    signedWithoutDeclaration: count,
    entered: count,
    enteredWithoutList: count,
  }),
});

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

const DaySchema = z.iso.date().describe('a day in China Standard Time, YYYY-MM-DD (default: today)');

/** The CEB gateway route and the command dashboard's figures. */
export function registerEcommerceRoutes(
  app: HttpApp,
  gateway: EcommerceGateway,
  monitoring: MonitoringService,
  receipts: Receipts,
  findList: (actor: Actor, number: string) => Promise<ListView>,
  listHeld: (actor: Actor, filter: HeldListFilter) => Promise<{ items: HeldList[]; total: number }>,
  taxSummaries: {
    list(
      actor: Actor,
      filter: { period?: string; page: number; pageSize: number },
    ): Promise<{ items: TaxSummary[]; total: number }>;
    bills(
      actor: Actor,
      key: TaxSummaryKey,
      page: { page: number; pageSize: number },
    ): Promise<{ summary: TaxSummary; items: SummarisedBill[]; total: number }>;
  },
  conclude: (
    actor: Actor,
    number: string,
    conclusion: Conclusion,
  ) => Promise<{ status: 'released' | 'rejected'; returnStatus: string }>,
): void {
  const tags = ['ecommerce'];
  app.post(
    '/api/v1/ecommerce/messages',
    {
      schema: {
        tags,
        summary:
          'Submit a CEB311/411/511/513/621/623/625/711 message, one or many documents, as official XML ' +
          '(application/xml) or its JSON form (application/json)',
        consumes: ['application/xml', 'text/xml', 'application/json'],
        body: MessageBodySchema,
        response: { 200: z.object({ results: z.array(ResultSchema) }) },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.submit }, xmlBody: 'bytes' },
    },
    async (request) => ({ results: await gateway.submit(request.principal, request.body) }),
  );

  app.get(
    '/api/v1/ecommerce/receipts',
    {
      schema: {
        tags,
        summary:
          "The caller's CEB receipts (CEB312/412/512/514/622/624/626/712, CEB816 tax bills) with their official XML",
        querystring: z.object({
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.submit } },
    },
    async (request) => {
      const enterpriseCode = enterpriseOf(request.principal);
      if (!enterpriseCode)
        throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: ECOMMERCE_PERMISSIONS.submit });
      const page = await receipts.list(enterpriseCode, request.query.after, request.query.limit);
      return {
        items: page.items
          .filter((r) => r.messageType.startsWith('CEB'))
          .map((r) => ({ ...r, xml: toReceiptXml(r) ?? null })),
        nextCursor: page.nextCursor,
      };
    },
  );

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

  app.get(
    '/api/v1/ecommerce/monitoring',
    {
      schema: {
        tags,
        summary:
          "The e-commerce figures of a day in China (default today) for the caller's district: lists by status " +
          'and per minute, waiting lists by missing document, refusals by reason, tax collected, parcels',
        querystring: z.object({ day: DaySchema.optional() }),
        response: { 200: MonitoringSchema },
      },
      config: { access: { permission: ECOMMERCE_PERMISSIONS.monitor } },
    },
    async (request) => monitoring.snapshot(request.principal, { day: request.query.day }),
  );
}
