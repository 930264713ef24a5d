import type { Selectable } from 'kysely';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/index.ts';
import { type Actor, enterpriseOf, scopeWhere } from '../../platform/identity/index.ts';
import { type AnnualReportInput, assessAnnualReport, type ReviewReason } from './annual-report.rules.ts';
import { actorName, type CreditContext, getVisibleEnterprise, tables, today } from './credit.context.ts';
import { annualReportFiled } from './credit.events.ts';
import type { AnnualReportRow } from './credit.tables.ts';

export interface AnnualReport {
  id: number;
  enterpriseCode: string;
  year: number;
  filedOn: string;
  status: 'accepted' | 'queued' | 'rejected';
  review: ReviewReason[];
  late: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
}

const toReport = (r: Selectable<AnnualReportRow>): AnnualReport => ({
  id: Number(r.id),
  enterpriseCode: r.enterprise_code,
  year: Number(r.year),
  filedOn: r.filed_on,
  status: r.status,
  review: JSON.parse(r.review),
  late: Number(r.late) === 1,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/** Annual reports (年报): accepted automatically when every check passes, queued for an officer otherwise. */
export class AnnualReportService {
  constructor(private readonly ctx: CreditContext) {}

  async file(actor: Actor, input: AnnualReportInput): Promise<AnnualReport> {
    this.ctx.policy.require(actor, 'credit.annual_reports.submit');
    // An enterprise files only its own report: say which field is wrong rather than hide it.
    const own = enterpriseOf(actor);
    if (own !== undefined && own !== input.enterpriseCode)
      throw invalid('CREDIT.INVALID_ANNUAL_REPORT', [
        { path: 'enterpriseCode', rule: 'credit_not_own_enterprise', params: { own } },
      ]);
    const filedOn = today(this.ctx);
    return this.ctx.db.transaction(async (tx) => {
      const enterprise = await getVisibleEnterprise(this.ctx, tx, actor, input.enterpriseCode);
      const assessment = assessAnnualReport(
        input,
        { uscc: enterprise.uscc, nameZh: enterprise.name_zh, registeredOn: enterprise.registered_on },
        filedOn,
      );
      if (assessment.issues.length > 0) throw invalid('CREDIT.INVALID_ANNUAL_REPORT', assessment.issues);
      const q = tables(tx);
      const existing = await q
        .selectFrom('credit_annual_report')
        .select(['id', 'status'])
        .where('enterprise_code', '=', input.enterpriseCode)
        .where('year', '=', input.year)
        .executeTakeFirst();
      if (existing && existing.status !== 'rejected')
        throw conflict('CREDIT.ANNUAL_REPORT_EXISTS', { code: input.enterpriseCode, year: input.year });
      if (existing) await q.deleteFrom('credit_annual_report').where('id', '=', existing.id).execute();
      const status = assessment.review.length === 0 ? ('accepted' as const) : ('queued' as const);
      const row = {
        enterprise_code: input.enterpriseCode,
        year: input.year,
        filed_on: filedOn,
        status,
        review: JSON.stringify(assessment.review),
        late: assessment.late ? 1 : 0,
        debt_ratio_high: assessment.debtRatioHigh ? 1 : 0,
        payload: JSON.stringify(input),
        decided_by: status === 'accepted' ? 'auto' : null,
        decided_at: status === 'accepted' ? this.ctx.now().toISOString() : null,
      };
      const { id } = await q
        .insertInto('credit_annual_report')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (assessment.late)
        await this.ctx.db.bulkInsert(tx, 'credit_fact', [
          {
            enterprise_code: input.enterpriseCode,
            kind: 'annual_report_late',
            occurred_on: filedOn,
            count: 1,
            amount: null,
            source: 'credit',
            ref: `annual-report:${input.year}`,
            recorded_at: this.ctx.now().toISOString(),
          },
        ]);
      await this.ctx.outbox.append(
        tx,
        annualReportFiled({ enterpriseCode: input.enterpriseCode, year: input.year, status }),
      );
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.annual_report.file',
        recordType: 'credit_annual_report',
        recordId: String(id),
        change: row,
      });
      return toReport({ ...row, id: Number(id) });
    });
  }

  /** Reports the actor may see: an officer's queue (status `queued`) or an enterprise's own. */
  async list(
    actor: Actor,
    filter: { status?: AnnualReport['status']; enterpriseCode?: string },
  ): Promise<AnnualReport[]> {
    let query = tables(this.ctx.db.kysely)
      .selectFrom('credit_annual_report as r')
      .innerJoin('credit_enterprise as e', 'e.code', 'r.enterprise_code')
      .selectAll('r')
      .where(scopeWhere(actor, { district: 'e.district', enterprise: 'e.code' }))
      .orderBy('r.filed_on')
      .orderBy('r.id')
      .limit(500);
    if (filter.status) query = query.where('r.status', '=', filter.status);
    if (filter.enterpriseCode) query = query.where('r.enterprise_code', '=', filter.enterpriseCode);
    return (await query.execute()).map(toReport);
  }

  /** An officer accepts or rejects a queued report. */
  async decide(actor: Actor, id: number, input: { accept: boolean; note?: string }): Promise<AnnualReport> {
    this.ctx.policy.require(actor, 'credit.decide');
    return this.ctx.db.transaction(async (tx) => {
      const q = tables(tx);
      const row = await q
        .selectFrom('credit_annual_report')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || enterpriseOf(actor)) throw notFound('CREDIT.UNKNOWN_ANNUAL_REPORT', { id });
      await getVisibleEnterprise(this.ctx, tx, actor, row.enterprise_code).catch(() => {
        throw notFound('CREDIT.UNKNOWN_ANNUAL_REPORT', { id });
      });
      if (row.status !== 'queued')
        throw new AppError('CREDIT.ANNUAL_REPORT_DECIDED', 409, { id, status: row.status });
      const decided = {
        status: input.accept ? ('accepted' as const) : ('rejected' as const),
        decided_by: actorName(actor),
        decided_at: this.ctx.now().toISOString(),
      };
      await q.updateTable('credit_annual_report').set(decided).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.annual_report.decide',
        recordType: 'credit_annual_report',
        recordId: String(id),
        change: { ...decided, note: input.note ?? null },
      });
      return toReport({ ...row, ...decided });
    });
  }
}
