import { z } from 'zod';

const text = (description: string) => z.string().max(64).optional().describe(description);
const Money = z.string().describe('CNY decimal string to the fen');

export const DutyHeadSchema = z.strictObject({
  ieFlag: z.enum(['I', 'E']).describe('I import, E export'),
  transactionTerms: text('成交方式: 1 CIF, 2 C&F (CFR), 3 FOB, 4 C&I'),
  freightMark: text('运费标记: 1 rate (percent), 2 per tonne of gross weight, 3 total'),
  freightRate: text('decimal string'),
  freightCurrency: text('ISO 4217 alpha, for marks 2 and 3'),
  insuranceMark: text(
    '保费标记: 1 rate (percent of goods + freight), 3 total; empty = unknown (statutory 0.3%)',
  ),
  insuranceRate: text('decimal string'),
  insuranceCurrency: text('ISO 4217 alpha, for mark 3'),
  otherMark: text('杂费标记: 1 rate, 3 total (negative = deducted)'),
  otherRate: text('decimal string'),
  otherCurrency: text('ISO 4217 alpha, for mark 3'),
  grossWeight: text('kilograms (base of a per-tonne freight)'),
  levyNature: text('征免性质, 3 digits'),
});

export const DutyItemSchema = z.strictObject({
  hsCode: z.string().regex(/^\d{8}(\d{2})?$/),
  total: z.string().max(32).describe('declared total in `currency`, decimal string'),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .describe('ISO 4217 alpha'),
  originCountry: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional()
    .describe('ISO alpha-3; empty = unknown'),
  dutyMode: text('征免方式: 1 levy, 2 half, 3 exempt, 5 per levy nature, 6 deposit, 7 guarantee …'),
  quantity: text('declared quantity'),
  unit: text('declared unit, 3 digits'),
  legalQuantity: text('legal (first) quantity'),
  legalUnit: text('legal unit, 3 digits (035 kg, 070 tonne, 095 litre)'),
  secondQuantity: text('second legal quantity'),
  secondUnit: text('second legal unit'),
});

export const DutyCalculateRequestSchema = z.strictObject({
  onDate: z.iso
    .date()
    .optional()
    .describe('the day whose rates and month exchange rate apply (default: today)'),
  head: DutyHeadSchema,
  items: z.array(DutyItemSchema).min(1).max(50),
});
export type DutyCalculateRequest = z.infer<typeof DutyCalculateRequestSchema>;

const ExplanationSchema = z
  .object({
    code: z
      .string()
      .describe('what the sentence says: valuation.goods, rate.conventional_lower, relief.half …'),
    params: z.record(z.string(), z.string()).describe('its numbers and codes, to fill in any language'),
    text: z.string().describe('the sentence in English'),
  })
  .describe('a coded sentence of the explanation');

const TaxLineSchema = z.object({
  rateKind: z.string(),
  agreement: z.string().nullable(),
  form: z.string(),
  adValoremPercent: z.string().nullable(),
  specificAmount: z.string().nullable(),
  specificUnit: z.string().nullable(),
  reason: z.string().describe('why this rate: mfn, provisional, conventional_lower, general_no_mfn …'),
  explanation: ExplanationSchema.describe('why this rate, coded rate.<reason>'),
  note: z.string().describe('explanation.text (kept for existing consumers)'),
  candidates: z
    .array(z.object({ kind: z.string(), agreement: z.string().nullable(), amount: z.string() }))
    .optional()
    .describe('every duty rate weighed, with the amount it would levy'),
  formula: z.string().describe('the computation with its numbers (units by their codes)'),
  quantity: ExplanationSchema.nullable().describe("where a specific rate's quantity came from: quantity.*"),
  assessed: Money.describe('before relief by duty mode'),
  payable: Money.describe('after relief by duty mode'),
});

const ConversionSchema = z.object({
  amount: z.string(),
  currency: z.string(),
  exchangeRate: z.string(),
  cny: z.string(),
});

export const DutyLineSchema = z.object({
  itemNo: z.number().int(),
  hsCode: z.string(),
  originCountry: z.string().nullable(),
  dutyMode: z.string(),
  relief: z.object({
    factor: z.string().describe('share of the assessed taxes that is payable'),
    explanation: ExplanationSchema.describe('relief.*'),
    note: z.string().describe('explanation.text (kept for existing consumers)'),
  }),
  valuation: z
    .object({
      goods: ConversionSchema,
      freight: z.string().nullable(),
      insurance: z.string().nullable(),
      other: z.string().nullable(),
      dutiableValue: Money,
      explanation: z.array(ExplanationSchema).describe('the valuation step by step: valuation.*'),
      steps: z.array(z.string()).describe('explanation[].text (kept for existing consumers)'),
    })
    .nullable(),
  customsDuty: TaxLineSchema.nullable(),
  consumptionTax: TaxLineSchema.nullable(),
  vat: TaxLineSchema.nullable(),
});

const ChargeSchema = z.object({ how: z.string(), cny: z.string() });
export const DutyAssessmentSchema = z.object({
  onDate: z.string(),
  total: Money,
  customsDuty: Money,
  vat: Money,
  consumptionTax: Money,
  charges: z
    .object({
      terms: z.string(),
      freight: ChargeSchema.nullable(),
      insurance: z.object({ how: z.string(), cny: z.string().nullable() }).nullable(),
      other: ChargeSchema.nullable(),
    })
    .nullable(),
  waived: z.array(z.enum(['customsDuty', 'consumptionTax', 'vat'])).describe('kinds under the 50 CNY waiver'),
  sample: z.boolean().describe('true when a rate comes from the illustrative SAMPLE schedule'),
  noteExplanations: z.array(ExplanationSchema).describe('declaration-wide remarks: note.*'),
  notes: z.array(z.string()).describe('noteExplanations[].text (kept for existing consumers)'),
  lines: z.array(DutyLineSchema),
});
