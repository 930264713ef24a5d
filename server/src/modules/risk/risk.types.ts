// The shapes risk works with: the subject it judges, the rules of a pack, and the decision it returns.

/** Selectivity channels (通道), least to most severe: green releases, yellow reviews papers, red inspects. */
export const CHANNELS = ['green', 'yellow', 'red'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Enterprise credit levels (企业信用等级): AEO advanced, AEO general, general credit, discredited. */
export const CREDIT_LEVELS = ['aeo_advanced', 'aeo_general', 'general', 'discredited'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

export const SUBJECT_KINDS = ['declaration', 'ecommerce_list'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** One line of goods: a declaration item (表体) or an inventory-list item. */
export interface RiskItem {
  hsCode: string;
  originCountry: string;
  /** Decimal string. */
  quantity: string;
  unit: string;
  /** Decimal string, CNY. */
  valueCny: string;
  name: string;
}

/**
 * What risk judges. Built by its callers (clearance, e-commerce), who look the credit level and
 * the target inspection rate up in the credit module: risk takes them as given.
 */
export interface RiskSubject {
  kind: SubjectKind;
  /** The caller's id of the declaration or list; with `kind`, the key of the sampling draw. */
  id: string;
  /** ISO instant of the declaration. */
  declaredAt: string;
  /** Customs district code (关区代码), 4 digits. */
  district: string;
  enterpriseCode: string;
  creditLevel: CreditLevel;
  /** Decimal string in [0, 1]: the random inspection rate the credit measures set. */
  targetInspectionRate: string;
  ieFlag: 'I' | 'E';
  tradeMode: string;
  transportMode: string;
  tradeCountry: string;
  /** Decimal string, CNY. */
  totalValueCny: string;
  items: RiskItem[];
  history?: { priorDeclarations: number; priorFindings: number };
}

export type Reason = { 'zh-CN': string; en: string };

/** A leaf test on one field; `value` is a string, a decimal string, or a list of strings. */
export interface FieldTest {
  field: string;
  op: string;
  value: string | string[];
}

/** A condition over the subject; `items` tests its lines, any or all of them. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FieldTest
  | { items: 'any' | 'all'; where: Condition };

export interface RiskRule {
  /** Stable within a pack across versions, so analysts can follow a rule's history. */
  id: string;
  description?: string;
  when: Condition;
  channel: Channel;
  reason: Reason;
  /** A disabled rule is kept in the pack but never fires. */
  enabled?: boolean;
}

export interface FiredRule {
  pack: string;
  version: number;
  ruleId: string;
  channel: Channel;
  reason: Reason;
}

export interface SamplingResult {
  seedId: string;
  /** Decimal string in [0, 1), 12 places, recomputable from the seed and the subject. */
  draw: string;
  rate: string;
  sampled: boolean;
}

/** A stored decision: the channel and everything that explains it. */
export interface RiskDecision {
  id: string;
  subjectKind: SubjectKind;
  subjectId: string;
  district: string;
  enterpriseCode: string;
  channel: Channel;
  /** The pack versions in force when it was assessed. */
  packs: { pack: string; version: number }[];
  firedRules: FiredRule[];
  sampling: SamplingResult;
  assessedAt: string;
}

export function channelRank(channel: Channel): number {
  return CHANNELS.indexOf(channel);
}

/** The most severe of the channels (green when none). */
export function mostSevere(channels: Iterable<Channel>): Channel {
  let worst: Channel = 'green';
  for (const channel of channels) if (channelRank(channel) > channelRank(worst)) worst = channel;
  return worst;
}
