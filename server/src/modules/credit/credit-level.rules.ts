import { addDays, type CreditLevel, type DiscreditTrigger } from './credit-score.rules.ts';

/** An officer's certification decision in force (认证): the level certified and its dates. */
export interface Certification {
  level: 'aeo_advanced' | 'aeo_general';
  validFrom: string;
  /** Last valid day; null while open-ended. */
  validTo: string | null;
}

/** A discredited status (失信) that has not been repaired or annulled. */
export interface ActiveDiscredit {
  effectiveFrom: string;
  reason: string;
  repairableOn: string;
}

export type LevelReason =
  | { code: 'AEO_CERTIFIED'; params: { level: string; validFrom: string } }
  | { code: 'AEO_BELOW_STANDARD'; params: { certified: string; minimum: number } }
  | { code: 'DISCREDITED'; params: { reason: string; since: string; repairableOn: string } };

export interface LevelDecision {
  level: CreditLevel;
  reasons: LevelReason[];
  /** A discredited status the rules start today (to be recorded with its dates). */
  newDiscredit?: ActiveDiscredit;
}

// Minimum scores a certified enterprise must keep (认证标准: 高级认证 90, 一般认证 80).
export const AEO_MINIMUM: Record<Certification['level'], number> = { aeo_advanced: 90, aeo_general: 80 };
// 251号令 art. 15: repair may be applied for one year after discredit, two years for smuggling crimes.
export const REPAIR_AFTER_DAYS: Record<DiscreditTrigger['code'], number> = {
  SMUGGLING_CASE: 730,
  TAX_ARREARS_OVERDUE: 365,
  PENALTY_AMOUNT_LARGE: 365,
  LOW_SCORE: 365,
};

export function isCertifiedOn(certification: Certification | null, onDate: string): boolean {
  return (
    !!certification &&
    certification.validFrom <= onDate &&
    (certification.validTo === null || onDate <= certification.validTo)
  );
}

/**
 * The level a score and an enterprise's standing imply on a day: discredited while a discredit
 * stands or a trigger fires; otherwise the certified AEO level if the score keeps its minimum
 * (one step down, then general, when it does not); otherwise general credit.
 */
export function decideLevel(
  score: number,
  triggers: readonly DiscreditTrigger[],
  standing: { certification: Certification | null; discredit: ActiveDiscredit | null },
  onDate: string,
): LevelDecision {
  if (standing.discredit) {
    const d = standing.discredit;
    return {
      level: 'discredited',
      reasons: [
        {
          code: 'DISCREDITED',
          params: { reason: d.reason, since: d.effectiveFrom, repairableOn: d.repairableOn },
        },
      ],
    };
  }
  if (triggers.length > 0) {
    const first = [...triggers].sort((a, b) => a.on.localeCompare(b.on))[0]!;
    const longest = Math.max(...triggers.map((t) => REPAIR_AFTER_DAYS[t.code]));
    const discredit: ActiveDiscredit = {
      effectiveFrom: first.on <= onDate ? first.on : onDate,
      reason: triggers.map((t) => t.code).join(','),
      repairableOn: addDays(first.on <= onDate ? first.on : onDate, longest),
    };
    return {
      level: 'discredited',
      newDiscredit: discredit,
      reasons: [
        {
          code: 'DISCREDITED',
          params: {
            reason: discredit.reason,
            since: discredit.effectiveFrom,
            repairableOn: discredit.repairableOn,
          },
        },
      ],
    };
  }
  const cert = standing.certification;
  if (cert && isCertifiedOn(cert, onDate)) {
    if (score >= AEO_MINIMUM[cert.level])
      return {
        level: cert.level,
        reasons: [{ code: 'AEO_CERTIFIED', params: { level: cert.level, validFrom: cert.validFrom } }],
      };
    const below: LevelReason = {
      code: 'AEO_BELOW_STANDARD',
      params: { certified: cert.level, minimum: AEO_MINIMUM[cert.level] },
    };
    if (cert.level === 'aeo_advanced' && score >= AEO_MINIMUM.aeo_general)
      return { level: 'aeo_general', reasons: [below] };
    return { level: 'general', reasons: [below] };
  }
  return { level: 'general', reasons: [] };
}

/** True when a discredited enterprise may apply for credit repair (信用修复) on this day. */
export function canApplyForRepair(discredit: ActiveDiscredit, onDate: string): boolean {
  return onDate >= discredit.repairableOn;
}
