import { describe, expect, it } from 'vitest';
import { decideLevel } from './credit-level.rules.ts';
import {
  EMPTY_FACTS,
  type FactSummary,
  REASON_CODES,
  type ReasonCode,
  scoreFacts,
} from './credit-score.rules.ts';
import { checkUscc, usccCheckCharacter } from './enterprise.rules.ts';

const ON = '2026-11-27';
const facts = (over: Partial<FactSummary>): FactSummary => ({ ...EMPTY_FACTS, declarations: 50, ...over });

// Each case: the facts, and exactly the reason codes that must fire.
const CASES: [string, Partial<FactSummary>, ReasonCode[]][] = [
  ['nothing against it, few declarations', {}, []],
  ['clean and busy', { declarations: 100 }, ['CLEAN_RECORD']],
  ['error rate 4% of 50', { declarationErrors: 2 }, ['DECLARATION_ERROR_RATE']],
  ['error rate exactly 3% does not fire', { declarations: 100, declarationErrors: 3 }, ['CLEAN_RECORD']],
  ['too few declarations for a rate', { declarations: 10, declarationErrors: 5 }, []],
  ['findings 1 of 10 inspections', { inspections: 10, inspectionFindings: 1 }, ['INSPECTION_FINDING_RATE']],
  ['findings 1 of 20 inspections (5%)', { inspections: 20, inspectionFindings: 1 }, []],
  ['one penalty', { adminPenalties: 1, penaltyAmount: '2000' }, ['ADMIN_PENALTY']],
  [
    'penalties over 1M',
    { adminPenalties: 2, penaltyAmount: '1000000.01' },
    ['ADMIN_PENALTY', 'PENALTY_AMOUNT_LARGE'],
  ],
  ['smuggling', { smugglingCases: 1, lastSmugglingOn: '2026-10-01' }, ['SMUGGLING_CASE']],
  ['arrears, recent', { taxArrears: '10.00', arrearsSince: '2026-10-01' }, ['TAX_ARREARS']],
  [
    'arrears over 90 days',
    { taxArrears: '10.00', arrearsSince: '2026-08-01' },
    ['TAX_ARREARS', 'TAX_ARREARS_OVERDUE'],
  ],
  ['arrears paid off', { taxArrears: '0', arrearsSince: null }, []],
  ['debt ratio', { debtRatioHigh: true }, ['DEBT_RATIO_HIGH']],
  ['security incident', { securityIncidents: 1 }, ['SECURITY_INCIDENT']],
  ['failed AEO audit', { aeoAuditsFailed: 1 }, ['AEO_AUDIT_FAILED']],
  ['late annual report', { annualReportsLate: 1 }, ['ANNUAL_REPORT_LATE']],
  ['missing annual report', { annualReportMissing: true }, ['ANNUAL_REPORT_MISSING']],
  ['missing wins over late', { annualReportMissing: true, annualReportsLate: 1 }, ['ANNUAL_REPORT_MISSING']],
];

describe('the scoring model', () => {
  it.each(CASES)('%s', (_name, over, expected) => {
    expect(scoreFacts(facts(over), ON).reasons.map((r) => r.code)).toEqual(expected);
  });

  it('has a case for every reason code', () => {
    const covered = new Set(CASES.flatMap(([, , codes]) => codes));
    expect(REASON_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it.each([
    [{}, 90, []],
    [{ declarations: 100 }, 100, []],
    [{ smugglingCases: 1, lastSmugglingOn: '2026-10-01' }, 50, ['SMUGGLING_CASE', 'LOW_SCORE']],
    [{ taxArrears: '5', arrearsSince: '2026-06-01' }, 60, ['TAX_ARREARS_OVERDUE']],
    [{ adminPenalties: 9, penaltyAmount: '10' }, 70, []],
  ] as const)('facts %j score %i with triggers %j', (over, score, triggers) => {
    const result = scoreFacts(facts(over), ON);
    expect(result.score).toBe(score);
    expect(result.triggers.map((t) => t.code)).toEqual(triggers);
  });
});

describe('levels', () => {
  const cert = (level: 'aeo_advanced' | 'aeo_general', validTo: string | null = null) => ({
    level,
    validFrom: '2025-01-01',
    validTo,
  });
  it.each([
    ['uncertified', 95, null, 'general'],
    ['advanced, score kept', 90, cert('aeo_advanced'), 'aeo_advanced'],
    ['advanced below 90 steps down', 85, cert('aeo_advanced'), 'aeo_general'],
    ['advanced below 80 falls to general', 75, cert('aeo_advanced'), 'general'],
    ['general AEO kept', 80, cert('aeo_general'), 'aeo_general'],
    ['general AEO below 80', 79, cert('aeo_general'), 'general'],
    ['expired certification', 95, cert('aeo_advanced', '2026-01-01'), 'general'],
  ] as const)('%s', (_name, score, certification, level) => {
    expect(decideLevel(score, [], { certification, discredit: null }, ON).level).toBe(level);
  });

  it('a trigger discredits from its own date, repairable after the longest period', () => {
    const decision = decideLevel(
      50,
      [
        { code: 'SMUGGLING_CASE', on: '2026-10-01' },
        { code: 'LOW_SCORE', on: ON },
      ],
      { certification: cert('aeo_advanced'), discredit: null },
      ON,
    );
    expect(decision.level).toBe('discredited');
    expect(decision.newDiscredit).toEqual({
      effectiveFrom: '2026-10-01',
      reason: 'SMUGGLING_CASE,LOW_SCORE',
      repairableOn: '2028-09-30',
    });
  });

  it('a standing discredit holds until it is repaired, whatever the score', () => {
    const discredit = { effectiveFrom: '2026-01-01', reason: 'LOW_SCORE', repairableOn: '2027-01-01' };
    const decision = decideLevel(100, [], { certification: null, discredit }, ON);
    expect(decision.level).toBe('discredited');
    expect(decision.newDiscredit).toBeUndefined();
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
  ])('the check character of %s is %s', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });
  it('names the rule when the check character is wrong', () => {
    expect(checkUscc('91350100M000100Y43')).toBeUndefined();
    expect(checkUscc('91350100M000100Y44')).toEqual({
      path: 'uscc',
      rule: 'credit_check_digit',
      params: { expected: '3', actual: '4' },
    });
    expect(checkUscc('9135010')?.rule).toBe('format');
  });
});
