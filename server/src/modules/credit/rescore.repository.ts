import { Dec, type Executor } from '../../platform/db/index.ts';
import type { CreditTables } from './credit.tables.ts';
import type { ActiveDiscredit, Certification } from './credit-level.rules.ts';
import { addDays, EMPTY_FACTS, type FactSummary } from './credit-score.rules.ts';

/** One enterprise as the daily run sees it: its current score row and everything the rules need. */
export interface ScoringInput {
  code: string;
  registeredOn: string;
  current: { score: number | null; level: string; levelSince: string; reasons: string } | null;
  facts: FactSummary;
  certification: Certification | null;
  discredit: ActiveDiscredit | null;
}

const q = (tx: Executor) => tx.withTables<CreditTables>();
type Range = { lo: string; hi: string };

/** The year of facts before `onDate` (inclusive): 365 days. */
export const windowStart = (onDate: string) => addDays(onDate, -364);

/**
 * Reads one page of enterprises (in code order after `after`, or the `only` ones) with their facts
 * aggregated in SQL over the year to `onDate`, their certification and discredit in force, and the
 * annual-report standing. A handful of queries per page, whatever its size.
 */
export async function loadScoringPage(
  tx: Executor,
  options: { after: string; limit: number; onDate: string; only?: readonly string[] },
): Promise<ScoringInput[]> {
  const { onDate } = options;
  let page = q(tx)
    .selectFrom('credit_enterprise as e')
    .leftJoin('credit_score as s', 's.enterprise_code', 'e.code')
    .select(['e.code', 'e.registered_on', 's.score', 's.level', 's.level_since', 's.reasons'])
    .orderBy('e.code')
    .limit(options.limit);
  page = options.only ? page.where('e.code', 'in', options.only) : page.where('e.code', '>', options.after);
  const rows = await page.execute();
  if (rows.length === 0) return [];
  const range: Range = { lo: rows[0]!.code, hi: rows.at(-1)!.code };
  const inputs = new Map<string, ScoringInput>();
  for (const r of rows)
    inputs.set(r.code, {
      code: r.code,
      registeredOn: r.registered_on,
      current: r.level
        ? { score: r.score, level: r.level, levelSince: r.level_since!, reasons: r.reasons! }
        : null,
      facts: { ...EMPTY_FACTS },
      certification: null,
      discredit: null,
    });

  const from = windowStart(onDate);
  await addFacts(tx, inputs, range, from, onDate);
  // Credit repair clears the record up to its day: those few enterprises are summed again from then.
  const repaired = await q(tx)
    .selectFrom('credit_discredit')
    .select(['enterprise_code', 'ended_on'])
    .where('enterprise_code', '>=', range.lo)
    .where('enterprise_code', '<=', range.hi)
    .where('ended_on', '>=', from)
    .where('ended_on', '<=', onDate)
    .orderBy('ended_on')
    .execute();
  for (const { enterprise_code: code, ended_on } of repaired) {
    const input = inputs.get(code);
    if (!input || !ended_on) continue;
    input.facts = { ...EMPTY_FACTS };
    await addFacts(tx, inputs, { lo: code, hi: code }, addDays(ended_on, 1), onDate);
  }
  await addStanding(tx, inputs, range, onDate);
  await addAnnualReports(tx, inputs, range, onDate);
  return [...inputs.values()];
}

async function addFacts(
  tx: Executor,
  inputs: Map<string, ScoringInput>,
  range: Range,
  from: string,
  onDate: string,
): Promise<void> {
  const inWindow = q(tx)
    .selectFrom('credit_fact')
    .where('enterprise_code', '>=', range.lo)
    .where('enterprise_code', '<=', range.hi)
    .where('occurred_on', '>=', from)
    .where('occurred_on', '<=', onDate);
  const counts = await inWindow
    .select((eb) => [
      'enterprise_code',
      'kind',
      eb.fn.sum<number>('count').as('n'),
      eb.fn.max('occurred_on').as('last_on'),
    ])
    .groupBy(['enterprise_code', 'kind'])
    .execute();
  for (const row of counts) {
    const f = inputs.get(row.enterprise_code)?.facts;
    if (!f) continue;
    const n = Number(row.n);
    switch (row.kind) {
      case 'declarations':
        f.declarations = n;
        break;
      case 'declaration_errors':
        f.declarationErrors = n;
        break;
      case 'inspections':
        f.inspections = n;
        break;
      case 'inspection_findings':
        f.inspectionFindings = n;
        break;
      case 'admin_penalty':
        f.adminPenalties = n;
        break;
      case 'smuggling_case':
        f.smugglingCases = n;
        f.lastSmugglingOn = row.last_on;
        break;
      case 'security_incident':
        f.securityIncidents = n;
        break;
      case 'aeo_audit_failed':
        f.aeoAuditsFailed = n;
        break;
      case 'annual_report_late':
        f.annualReportsLate = n;
        break;
    }
  }
  // Money is summed exactly in decimal.js (SQLite would sum TEXT as floating point); these rows are few.
  const money = await inWindow
    .select(['enterprise_code', 'kind', 'amount', 'occurred_on'])
    .where('kind', 'in', ['admin_penalty', 'tax_arrears'])
    .orderBy('occurred_on')
    .execute();
  for (const row of money) {
    const f = inputs.get(row.enterprise_code)?.facts;
    if (!f || row.amount === null) continue;
    if (row.kind === 'admin_penalty') f.penaltyAmount = new Dec(f.penaltyAmount).plus(row.amount).toFixed();
    else {
      const before = new Dec(f.taxArrears);
      const after = before.plus(row.amount);
      if (before.lte(0) && after.gt(0)) f.arrearsSince = row.occurred_on;
      if (after.lte(0)) f.arrearsSince = null;
      f.taxArrears = after.toFixed();
    }
  }
}

async function addStanding(
  tx: Executor,
  inputs: Map<string, ScoringInput>,
  range: Range,
  onDate: string,
): Promise<void> {
  const certifications = await q(tx)
    .selectFrom('credit_certification')
    .select(['enterprise_code', 'level', 'valid_from', 'valid_to'])
    .where('enterprise_code', '>=', range.lo)
    .where('enterprise_code', '<=', range.hi)
    .where('revoked_on', 'is', null)
    .where('valid_from', '<=', onDate)
    .orderBy('valid_from')
    .execute();
  for (const c of certifications) {
    const input = inputs.get(c.enterprise_code);
    if (input && (c.valid_to === null || c.valid_to >= onDate))
      input.certification = { level: c.level, validFrom: c.valid_from, validTo: c.valid_to };
  }
  const discredits = await q(tx)
    .selectFrom('credit_discredit')
    .select(['enterprise_code', 'reason', 'effective_from', 'repairable_on'])
    .where('enterprise_code', '>=', range.lo)
    .where('enterprise_code', '<=', range.hi)
    .where('ended_on', 'is', null)
    .execute();
  for (const d of discredits) {
    const input = inputs.get(d.enterprise_code);
    if (input)
      input.discredit = { reason: d.reason, effectiveFrom: d.effective_from, repairableOn: d.repairable_on };
  }
}

/** The year whose annual report is due by `onDate` (reports for year Y are due on 30 June of Y+1). */
export function dueReportYear(onDate: string): number {
  const year = Number(onDate.slice(0, 4));
  return onDate > `${year}-06-30` ? year - 1 : year - 2;
}

async function addAnnualReports(
  tx: Executor,
  inputs: Map<string, ScoringInput>,
  range: Range,
  onDate: string,
): Promise<void> {
  const due = dueReportYear(onDate);
  const reports = await q(tx)
    .selectFrom('credit_annual_report')
    .select(['enterprise_code', 'year', 'status', 'debt_ratio_high'])
    .where('enterprise_code', '>=', range.lo)
    .where('enterprise_code', '<=', range.hi)
    .where('year', '>=', due - 1)
    .where('filed_on', '<=', onDate)
    .orderBy('year')
    .execute();
  const filed = new Set<string>();
  for (const r of reports) {
    const input = inputs.get(r.enterprise_code);
    if (!input || r.status === 'rejected') continue;
    if (r.year === due) filed.add(r.enterprise_code);
    if (r.status === 'accepted') input.facts.debtRatioHigh = Number(r.debt_ratio_high) === 1;
  }
  for (const input of inputs.values()) {
    if (input.registeredOn <= `${due}-12-31` && !filed.has(input.code))
      input.facts.annualReportMissing = true;
  }
}
