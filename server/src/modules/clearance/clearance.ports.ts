import type { Executor } from '../../platform/db/index.ts';
import type { DeclarationContent } from './declaration.model.ts';
import type { Channel } from './declaration-lifecycle.rules.ts';

/** What clearance asks the risk module: a channel for a declaration, with reasons. */
export interface RiskPort {
  assess(tx: Executor, subject: ClearanceRiskInput): Promise<RiskOutcome>;
}

export interface ClearanceRiskInput {
  declarationId: string;
  declaredAt: string;
  district: string;
  enterpriseCode: string;
  content: DeclarationContent;
  creditLevel: string;
  targetInspectionRate: string;
}

export interface RiskOutcome {
  channel: Channel;
  decisionId: string;
  sampled: boolean;
  reasons: { ruleId: string; channel: Channel; text: { 'zh-CN': string; en: string } }[];
}

/** What clearance asks the tariff module: the duty of a declaration, explained line by line. */
export interface DutyPort {
  assess(content: DeclarationContent, onDate: string): Promise<DutyAssessment>;
}

export interface DutyAssessment {
  /** Total payable in CNY, decimal string to the fen. */
  total: string;
  customsDuty: string;
  vat: string;
  consumptionTax: string;
  lines: unknown[];
}

/** What clearance asks the credit module: how far to trust an enterprise today. */
export interface CreditPort {
  measures(enterpriseCode: string, onDate: string): Promise<EnterpriseMeasures>;
}

export interface EnterpriseMeasures {
  creditLevel: string;
  targetInspectionRate: string;
  /** Monthly aggregate tax payment (汇总征税): duty is secured by the enterprise's guarantee. */
  aggregatePayment: boolean;
}
