import { CREDIT_LEVELS, type RiskItem, type RiskSubject, SUBJECT_KINDS } from './risk.types.ts';

/** How a field compares: as text, as a decimal, or as one of a closed set of codes. */
export type FieldKind =
  | { type: 'string' }
  | { type: 'decimal' }
  | { type: 'enum'; values: readonly string[] };

interface FieldDef<T> {
  kind: FieldKind;
  get(target: T): string | undefined;
}

const text: FieldKind = { type: 'string' };
const decimal: FieldKind = { type: 'decimal' };
const oneOf = (values: readonly string[]): FieldKind => ({ type: 'enum', values });

/** Subject fields a rule may test. History is optional: a test on missing history never holds. */
export const SUBJECT_FIELDS: Record<string, FieldDef<RiskSubject>> = {
  kind: { kind: oneOf(SUBJECT_KINDS), get: (s) => s.kind },
  district: { kind: text, get: (s) => s.district },
  enterpriseCode: { kind: text, get: (s) => s.enterpriseCode },
  creditLevel: { kind: oneOf(CREDIT_LEVELS), get: (s) => s.creditLevel },
  targetInspectionRate: { kind: decimal, get: (s) => s.targetInspectionRate },
  ieFlag: { kind: oneOf(['I', 'E']), get: (s) => s.ieFlag },
  tradeMode: { kind: text, get: (s) => s.tradeMode },
  transportMode: { kind: text, get: (s) => s.transportMode },
  tradeCountry: { kind: text, get: (s) => s.tradeCountry },
  totalValueCny: { kind: decimal, get: (s) => s.totalValueCny },
  itemCount: { kind: decimal, get: (s) => String(s.items.length) },
  'history.priorDeclarations': { kind: decimal, get: (s) => numberText(s.history?.priorDeclarations) },
  'history.priorFindings': { kind: decimal, get: (s) => numberText(s.history?.priorFindings) },
};

/** Item fields a rule may test inside `items`. HS chapter = prefix of 2 digits, heading = 4. */
export const ITEM_FIELDS: Record<string, FieldDef<RiskItem>> = {
  hsCode: { kind: text, get: (i) => i.hsCode },
  originCountry: { kind: text, get: (i) => i.originCountry },
  quantity: { kind: decimal, get: (i) => i.quantity },
  unit: { kind: text, get: (i) => i.unit },
  valueCny: { kind: decimal, get: (i) => i.valueCny },
  name: { kind: text, get: (i) => i.name },
};

/** Operators by field kind; `in`, `not_in`, `prefix` and `contains` take a list as well. */
export const OPERATORS: Record<FieldKind['type'], readonly string[]> = {
  string: ['eq', 'ne', 'in', 'not_in', 'prefix', 'contains'],
  enum: ['eq', 'ne', 'in', 'not_in'],
  decimal: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
};

/** Operators whose value is a list of strings (`prefix` and `contains` also accept one string). */
export const LIST_OPERATORS = new Set(['in', 'not_in']);
export const STRING_OR_LIST_OPERATORS = new Set(['prefix', 'contains']);

export const DECIMAL_TEXT = /^-?\d{1,20}(\.\d{1,12})?$/;

function numberText(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
