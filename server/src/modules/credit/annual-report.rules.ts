import { Dec } from '../../platform/db/index.ts';
import type { Issue } from '../../platform/errors/index.ts';

/** An annual report (年报) as an enterprise files it. Money as decimal strings (CNY). */
export interface AnnualReportInput {
  enterpriseCode: string;
  year: number;
  uscc: string;
  nameZh: string;
  totalAssets: string;
  totalLiabilities: string;
  revenue: string;
  employees: number;
}

/** Why a report cannot be accepted automatically and waits for an officer. */
export interface ReviewReason {
  code: 'USCC_MISMATCH' | 'NAME_MISMATCH' | 'LIABILITIES_EXCEED_ASSETS';
}

export interface AnnualReportAssessment {
  /** Problems with the report itself: refused, nothing stored. */
  issues: Issue[];
  /** Checks that failed: stored, queued for an officer. Empty: accepted automatically. */
  review: ReviewReason[];
  /** Filed after 30 June of the next year (a credit fact). */
  late: boolean;
  /** Liabilities above 95% of assets (a scoring input). */
  debtRatioHigh: boolean;
}

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;

/** The day a year's annual report is due (企业年报: 1 January to 30 June of the next year). */
export function annualReportDueOn(year: number): string {
  return `${year + 1}-06-30`;
}

/** Checks a report against the registry record, on the day it is filed. */
export function assessAnnualReport(
  input: AnnualReportInput,
  registered: { uscc: string; nameZh: string; registeredOn: string },
  filedOn: string,
): AnnualReportAssessment {
  const issues: Issue[] = [];
  const filedYear = Number(filedOn.slice(0, 4));
  const registeredYear = Number(registered.registeredOn.slice(0, 4));
  if (input.year >= filedYear)
    issues.push({ path: 'year', rule: 'credit_year_not_closed', params: { year: input.year } });
  else if (input.year < registeredYear)
    issues.push({
      path: 'year',
      rule: 'credit_before_registration',
      params: { registeredOn: registered.registeredOn },
    });
  for (const field of ['totalAssets', 'totalLiabilities', 'revenue'] as const) {
    if (!MONEY.test(input[field]))
      issues.push({ path: field, rule: 'format', params: { format: 'non-negative amount, 2 decimals' } });
  }
  if (issues.length > 0) return { issues, review: [], late: false, debtRatioHigh: false };

  const review: ReviewReason[] = [];
  if (input.uscc !== registered.uscc) review.push({ code: 'USCC_MISMATCH' });
  if (input.nameZh.trim() !== registered.nameZh) review.push({ code: 'NAME_MISMATCH' });
  const assets = new Dec(input.totalAssets);
  const liabilities = new Dec(input.totalLiabilities);
  if (liabilities.gt(assets)) review.push({ code: 'LIABILITIES_EXCEED_ASSETS' });
  return {
    issues,
    review,
    late: filedOn > annualReportDueOn(input.year),
    debtRatioHigh: liabilities.gt(assets.times('0.95')),
  };
}
