import { Dec } from '../../platform/db/index.ts';

// The scoring model, in the spirit of the enterprise compliance assessment standard (海关认证企业
// 标准: internal control, financial health, compliance record, trade security, penalties and
// bonuses) and 海关总署令第251号 (discredited status). Pure: facts and the date in, score out.

/** Credit levels, best first. */
export const CREDIT_LEVELS = ['aeo_advanced', 'aeo_general', 'general', 'discredited'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];
// 高级认证 / 一般认证 / 一般信用 / 失信

/** Kinds of credit fact other modules (and officers) record; counts per fact, money where it applies. */
export const FACT_KINDS = [
  'declarations', // goods declarations lodged (count)
  'declaration_errors', // declarations amended or withdrawn for the declarant's errors
  'inspections', // inspections carried out
  'inspection_findings', // inspections that found a discrepancy
  'admin_penalty', // administrative penalty for a breach of supervision rules (amount: the fine)
  'smuggling_case', // smuggling case decided against the enterprise (criminal or administrative)
  'tax_arrears', // duty owed (amount > 0) or paid off (amount < 0)
  'security_incident', // trade-security incident (seal tampering, unsecured premises)
  'aeo_audit_failed', // a certification audit or re-audit failed
  'annual_report_late', // annual report filed after 30 June
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** What a year of facts adds up to for one enterprise. */
export interface FactSummary {
  declarations: number;
  declarationErrors: number;
  inspections: number;
  inspectionFindings: number;
  adminPenalties: number;
  /** Sum of fines, decimal string. */
  penaltyAmount: string;
  smugglingCases: number;
  lastSmugglingOn: string | null;
  /** Outstanding duty, decimal string. */
  taxArrears: string;
  /** First day of arrears in the window. */
  arrearsSince: string | null;
  securityIncidents: number;
  aeoAuditsFailed: number;
  annualReportsLate: number;
  /** Last year's annual report is due and missing. */
  annualReportMissing: boolean;
  /** The last accepted annual report shows liabilities over 95% of assets. */
  debtRatioHigh: boolean;
}

export const EMPTY_FACTS: FactSummary = {
  declarations: 0,
  declarationErrors: 0,
  inspections: 0,
  inspectionFindings: 0,
  adminPenalties: 0,
  penaltyAmount: '0',
  smugglingCases: 0,
  lastSmugglingOn: null,
  taxArrears: '0',
  arrearsSince: null,
  securityIncidents: 0,
  aeoAuditsFailed: 0,
  annualReportsLate: 0,
  annualReportMissing: false,
  debtRatioHigh: false,
};

/** Reason codes; each names one rule of the model and the points it moved. */
export const REASON_CODES = [
  'DECLARATION_ERROR_RATE',
  'INSPECTION_FINDING_RATE',
  'ADMIN_PENALTY',
  'PENALTY_AMOUNT_LARGE',
  'SMUGGLING_CASE',
  'TAX_ARREARS',
  'TAX_ARREARS_OVERDUE',
  'SECURITY_INCIDENT',
  'AEO_AUDIT_FAILED',
  'ANNUAL_REPORT_LATE',
  'ANNUAL_REPORT_MISSING',
  'DEBT_RATIO_HIGH',
  'CLEAN_RECORD',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  points: number;
  params?: Record<string, string | number>;
}

/** A rule that makes an enterprise discredited (失信), from the day given. */
export interface DiscreditTrigger {
  code: 'SMUGGLING_CASE' | 'TAX_ARREARS_OVERDUE' | 'PENALTY_AMOUNT_LARGE' | 'LOW_SCORE';
  on: string;
}

export interface ScoreResult {
  score: number;
  reasons: Reason[];
  triggers: DiscreditTrigger[];
}

export const BASE_SCORE = 90;
export const DISCREDIT_BELOW = 60;
const MIN_DECLARATIONS_FOR_RATE = 20;
const CLEAN_RECORD_DECLARATIONS = 100;
const LARGE_PENALTY = new Dec(1_000_000); // 251号令 art. 12: fines over 1M CNY in a year
const ARREARS_OVERDUE_DAYS = 90; // 251号令 art. 12: duty unpaid more than three months

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Scores one enterprise from its facts: base 90, each rule adds or deducts, clamped to 0–100. */
export function scoreFacts(f: FactSummary, onDate: string): ScoreResult {
  const reasons: Reason[] = [];
  const triggers: DiscreditTrigger[] = [];
  // Internal control: declaration quality (rates compared in integers, no floats).
  if (f.declarations >= MIN_DECLARATIONS_FOR_RATE && f.declarationErrors * 100 > f.declarations * 3)
    reasons.push({
      code: 'DECLARATION_ERROR_RATE',
      points: -10,
      params: { errors: f.declarationErrors, declarations: f.declarations },
    });
  // Compliance record: inspections that found something.
  if (f.inspections > 0 && f.inspectionFindings * 100 > f.inspections * 5)
    reasons.push({
      code: 'INSPECTION_FINDING_RATE',
      points: -10,
      params: { findings: f.inspectionFindings, inspections: f.inspections },
    });
  if (f.adminPenalties > 0)
    reasons.push({
      code: 'ADMIN_PENALTY',
      points: -5 * Math.min(f.adminPenalties, 4),
      params: { count: f.adminPenalties },
    });
  if (new Dec(f.penaltyAmount).gt(LARGE_PENALTY)) {
    reasons.push({ code: 'PENALTY_AMOUNT_LARGE', points: -20, params: { amount: f.penaltyAmount } });
    triggers.push({ code: 'PENALTY_AMOUNT_LARGE', on: onDate });
  }
  if (f.smugglingCases > 0) {
    reasons.push({ code: 'SMUGGLING_CASE', points: -40, params: { count: f.smugglingCases } });
    triggers.push({ code: 'SMUGGLING_CASE', on: f.lastSmugglingOn ?? onDate });
  }
  // Financial health.
  if (new Dec(f.taxArrears).gt(0)) {
    reasons.push({ code: 'TAX_ARREARS', points: -15, params: { amount: f.taxArrears } });
    const overdueOn = f.arrearsSince ? addDays(f.arrearsSince, ARREARS_OVERDUE_DAYS) : undefined;
    if (overdueOn && overdueOn <= onDate) {
      reasons.push({ code: 'TAX_ARREARS_OVERDUE', points: -15, params: { since: f.arrearsSince ?? '' } });
      triggers.push({ code: 'TAX_ARREARS_OVERDUE', on: overdueOn });
    }
  }
  if (f.debtRatioHigh) reasons.push({ code: 'DEBT_RATIO_HIGH', points: -10 });
  // Trade security.
  if (f.securityIncidents > 0)
    reasons.push({ code: 'SECURITY_INCIDENT', points: -10, params: { count: f.securityIncidents } });
  if (f.aeoAuditsFailed > 0) reasons.push({ code: 'AEO_AUDIT_FAILED', points: -10 });
  // Obligations to the customs: annual reports.
  if (f.annualReportMissing) reasons.push({ code: 'ANNUAL_REPORT_MISSING', points: -10 });
  else if (f.annualReportsLate > 0) reasons.push({ code: 'ANNUAL_REPORT_LATE', points: -5 });
  // Bonus: a busy trader with nothing against it.
  if (reasons.length === 0 && f.declarations >= CLEAN_RECORD_DECLARATIONS)
    reasons.push({ code: 'CLEAN_RECORD', points: 10, params: { declarations: f.declarations } });

  const raw = reasons.reduce((sum, r) => sum + r.points, BASE_SCORE);
  const score = Math.max(0, Math.min(100, raw));
  if (score < DISCREDIT_BELOW) triggers.push({ code: 'LOW_SCORE', on: onDate });
  return { score, reasons, triggers };
}
