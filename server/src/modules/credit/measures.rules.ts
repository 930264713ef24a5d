import type { CreditLevel } from './credit-score.rules.ts';

/** How customs treats an enterprise of a level (差别化管理措施); other modules read these. */
export interface Measures {
  level: CreditLevel;
  /** Target share of declarations selected for inspection, a decimal string (0.004 = 0.4%). */
  targetInspectionRate: string;
  /** How closely documents are reviewed. */
  documentReview: 'minimal' | 'reduced' | 'standard' | 'intensive';
  /** May pay duty in aggregate after release (汇总征税). */
  aggregateTaxPayment: boolean;
  /** Exempt from providing a guarantee (免担保). */
  guaranteeWaiver: boolean;
  /** Declarations and inspections handled first (优先办理). */
  priorityHandling: boolean;
}

// 海关总署令第251号 arts. 18–21 and the source document: advanced AEO inspection under 0.5%;
// general AEO below general credit; discredited enterprises inspected in the great majority of cases.
export const MEASURES: Record<CreditLevel, Measures> = {
  aeo_advanced: {
    level: 'aeo_advanced',
    targetInspectionRate: '0.004',
    documentReview: 'minimal',
    aggregateTaxPayment: true,
    guaranteeWaiver: true,
    priorityHandling: true,
  },
  aeo_general: {
    level: 'aeo_general',
    targetInspectionRate: '0.015',
    documentReview: 'reduced',
    aggregateTaxPayment: true,
    guaranteeWaiver: false,
    priorityHandling: true,
  },
  general: {
    level: 'general',
    targetInspectionRate: '0.03',
    documentReview: 'standard',
    aggregateTaxPayment: true,
    guaranteeWaiver: false,
    priorityHandling: false,
  },
  discredited: {
    level: 'discredited',
    targetInspectionRate: '0.8',
    documentReview: 'intensive',
    aggregateTaxPayment: false,
    guaranteeWaiver: false,
    priorityHandling: false,
  },
};

export function measuresFor(level: CreditLevel): Measures {
  return MEASURES[level];
}
