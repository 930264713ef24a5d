import type { NewEvent } from '../../platform/outbox/index.ts';
import type { CreditLevel } from './credit-score.rules.ts';

// Events the credit module publishes. Consumers (risk, clearance, statistics) subscribe by type.

export const CREDIT_EVENTS = {
  enterpriseRegistered: 'credit.enterprise_registered',
  enterpriseChanged: 'credit.enterprise_changed',
  levelChanged: 'credit.level_changed',
  annualReportFiled: 'credit.annual_report_filed',
  factRecorded: 'credit.fact_recorded',
} as const;

export interface EnterpriseRegisteredPayload {
  enterpriseCode: string;
  uscc: string;
  district: string;
  types: string[];
}

export interface LevelChangedPayload {
  enterpriseCode: string;
  from: string | null;
  to: CreditLevel;
  effectiveOn: string;
  score: number;
  reasons: string[];
}

export interface AnnualReportFiledPayload {
  enterpriseCode: string;
  year: number;
  status: 'accepted' | 'queued';
}

export function levelChanged(payload: LevelChangedPayload): NewEvent<LevelChangedPayload> {
  return { type: CREDIT_EVENTS.levelChanged, aggregateId: payload.enterpriseCode, payload };
}

export function enterpriseRegistered(
  payload: EnterpriseRegisteredPayload,
): NewEvent<EnterpriseRegisteredPayload> {
  return { type: CREDIT_EVENTS.enterpriseRegistered, aggregateId: payload.enterpriseCode, payload };
}

export function enterpriseChanged(
  enterpriseCode: string,
  changes: Record<string, { from: unknown; to: unknown }>,
): NewEvent {
  return {
    type: CREDIT_EVENTS.enterpriseChanged,
    aggregateId: enterpriseCode,
    payload: { enterpriseCode, changes },
  };
}

export function annualReportFiled(payload: AnnualReportFiledPayload): NewEvent<AnnualReportFiledPayload> {
  return { type: CREDIT_EVENTS.annualReportFiled, aggregateId: payload.enterpriseCode, payload };
}
