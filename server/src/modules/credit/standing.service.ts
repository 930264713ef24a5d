import type { Selectable } from 'kysely';
import { AppError, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, enterpriseOf, scopeWhere } from '../../platform/identity/index.ts';
import { assertDate } from '../../reference/index.ts';
import { actorName, type CreditContext, getVisibleEnterprise, tables, today } from './credit.context.ts';
import type { AppealRow } from './credit.tables.ts';
import type { CreditLevel, Reason } from './credit-score.rules.ts';
import { type Measures, measuresFor } from './measures.rules.ts';

export interface CreditScore {
  enterpriseCode: string;
  score: number | null;
  previousScore: number | null;
  level: CreditLevel;
  levelSince: string;
  scoredOn: string | null;
  reasons: (Reason | { code: string; points?: number; params?: Record<string, unknown> })[];
}

export interface LevelChange {
  from: string | null;
  to: string;
  effectiveOn: string;
  score: number | null;
}

export interface Certify {
  level: 'aeo_advanced' | 'aeo_general';
  validFrom: string;
  validTo?: string | null;
  note?: string;
}

export interface Appeal {
  id: number;
  enterpriseCode: string;
  kind: 'repair' | 'appeal';
  reason: string;
  status: 'pending' | 'granted' | 'refused';
  submittedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
}

const toAppeal = (r: Selectable<AppealRow>): Appeal => ({
  id: Number(r.id),
  enterpriseCode: r.enterprise_code,
  kind: r.kind,
  reason: r.reason,
  status: r.status,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

/** Scores, levels and measures; certification decisions; appeals and credit repair (信用修复). */
export class StandingService {
  constructor(private readonly ctx: CreditContext) {}

  async getScore(actor: Actor, code: string): Promise<CreditScore> {
    await getVisibleEnterprise(this.ctx, this.ctx.db.kysely, actor, code);
    const row = await tables(this.ctx.db.kysely)
      .selectFrom('credit_score')
      .selectAll()
      .where('enterprise_code', '=', code)
      .executeTakeFirstOrThrow();
    return {
      enterpriseCode: code,
      score: row.score,
      previousScore: row.previous_score,
      level: row.level as CreditLevel,
      levelSince: row.level_since,
      scoredOn: row.scored_on,
      reasons: JSON.parse(row.reasons),
    };
  }

  async levelHistory(actor: Actor, code: string): Promise<LevelChange[]> {
    await getVisibleEnterprise(this.ctx, this.ctx.db.kysely, actor, code);
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_level_change')
      .select(['from_level', 'to_level', 'effective_on', 'score'])
      .where('enterprise_code', '=', code)
      .orderBy('effective_on')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      from: r.from_level,
      to: r.to_level,
      effectiveOn: r.effective_on,
      score: r.score,
    }));
  }

  /** The level in force on a day: the last change effective on or before it; general credit before any. */
  async levelOn(code: string, onDate: string): Promise<CreditLevel | undefined> {
    assertDate(onDate);
    const q = tables(this.ctx.db.kysely);
    const change = await q
      .selectFrom('credit_level_change')
      .select('to_level')
      .where('enterprise_code', '=', code)
      .where('effective_on', '<=', onDate)
      .orderBy('effective_on', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (change) return change.to_level as CreditLevel;
    const enterprise = await q
      .selectFrom('credit_enterprise')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    return enterprise ? 'general' : undefined;
  }

  /** The measures applying to an enterprise on a day (unscoped; other modules call it). */
  async getMeasures(code: string, onDate: string): Promise<Measures> {
    const level = await this.levelOn(code, onDate);
    if (!level) throw notFound('CREDIT.UNKNOWN_ENTERPRISE', { code });
    return measuresFor(level);
  }

  /** An officer's certification decision (认证); replaces any certification in force and re-scores. */
  async certify(actor: Actor, code: string, input: Certify): Promise<void> {
    this.ctx.policy.require(actor, 'credit.decide');
    assertDate(input.validFrom, 'validFrom');
    if (input.validTo) assertDate(input.validTo, 'validTo');
    if (input.validTo && input.validTo < input.validFrom)
      throw new AppError('CREDIT.INVALID_DATES', 400, { validFrom: input.validFrom, validTo: input.validTo });
    const onDate = today(this.ctx);
    await this.ctx.db.transaction(async (tx) => {
      await getVisibleEnterprise(this.ctx, tx, actor, code);
      const q = tables(tx);
      await q
        .updateTable('credit_certification')
        .set({ revoked_on: onDate })
        .where('enterprise_code', '=', code)
        .where('revoked_on', 'is', null)
        .execute();
      await q
        .insertInto('credit_certification')
        .values({
          enterprise_code: code,
          level: input.level,
          decided_on: onDate,
          valid_from: input.validFrom,
          valid_to: input.validTo ?? null,
          revoked_on: null,
          decided_by: actorName(actor),
          note: input.note ?? null,
        })
        .execute();
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.certify',
        recordType: 'credit_enterprise',
        recordId: code,
        change: input,
      });
      await this.ctx.rescorer.rescoreSome(tx, actor, [code], onDate);
    });
  }

  /** Withdraws the certification in force (认证撤销) and re-scores. */
  async revokeCertification(actor: Actor, code: string, note: string): Promise<void> {
    this.ctx.policy.require(actor, 'credit.decide');
    const onDate = today(this.ctx);
    await this.ctx.db.transaction(async (tx) => {
      await getVisibleEnterprise(this.ctx, tx, actor, code);
      const result = await tables(tx)
        .updateTable('credit_certification')
        .set({ revoked_on: onDate, note })
        .where('enterprise_code', '=', code)
        .where('revoked_on', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw conflict('CREDIT.NOT_CERTIFIED', { code });
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.certification.revoke',
        recordType: 'credit_enterprise',
        recordId: code,
        change: { note },
      });
      await this.ctx.rescorer.rescoreSome(tx, actor, [code], onDate);
    });
  }

  /** An enterprise asks for credit repair (after the period) or appeals a discredited status. */
  async submitAppeal(
    actor: Actor,
    code: string,
    input: { kind: 'repair' | 'appeal'; reason: string },
  ): Promise<Appeal> {
    this.ctx.policy.require(actor, 'credit.appeals.submit');
    const onDate = today(this.ctx);
    return this.ctx.db.transaction(async (tx) => {
      await getVisibleEnterprise(this.ctx, tx, actor, code);
      const q = tables(tx);
      const discredit = await q
        .selectFrom('credit_discredit')
        .selectAll()
        .where('enterprise_code', '=', code)
        .where('ended_on', 'is', null)
        .executeTakeFirst();
      if (!discredit) throw conflict('CREDIT.NOT_DISCREDITED', { code });
      if (input.kind === 'repair' && onDate < discredit.repairable_on)
        throw conflict('CREDIT.REPAIR_TOO_EARLY', { code, repairableOn: discredit.repairable_on });
      const pending = await q
        .selectFrom('credit_appeal')
        .select('id')
        .where('enterprise_code', '=', code)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) throw conflict('CREDIT.APPEAL_PENDING', { code, id: pending.id });
      const row = {
        enterprise_code: code,
        kind: input.kind,
        discredit_id: Number(discredit.id),
        reason: input.reason,
        submitted_at: this.ctx.now().toISOString(),
        submitted_by: actorName(actor),
        status: 'pending' as const,
        decided_by: null,
        decided_at: null,
        decision_note: null,
      };
      const { id } = await q
        .insertInto('credit_appeal')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.appeal.submit',
        recordType: 'credit_appeal',
        recordId: String(id),
        change: row,
      });
      return toAppeal({ ...row, id: Number(id) });
    });
  }

  async listAppeals(actor: Actor, status?: Appeal['status']): Promise<Appeal[]> {
    let query = tables(this.ctx.db.kysely)
      .selectFrom('credit_appeal as a')
      .innerJoin('credit_enterprise as e', 'e.code', 'a.enterprise_code')
      .selectAll('a')
      .where(scopeWhere(actor, { district: 'e.district', enterprise: 'e.code' }))
      .orderBy('a.id')
      .limit(500);
    if (status) query = query.where('a.status', '=', status);
    return (await query.execute()).map(toAppeal);
  }

  /** An officer grants or refuses an appeal; a granted one ends the discredited status today and re-scores. */
  async decideAppeal(actor: Actor, id: number, input: { grant: boolean; note: string }): Promise<Appeal> {
    this.ctx.policy.require(actor, 'credit.decide');
    const onDate = today(this.ctx);
    return this.ctx.db.transaction(async (tx) => {
      const q = tables(tx);
      const appeal = await q.selectFrom('credit_appeal').selectAll().where('id', '=', id).executeTakeFirst();
      if (!appeal || enterpriseOf(actor)) throw notFound('CREDIT.UNKNOWN_APPEAL', { id });
      await getVisibleEnterprise(this.ctx, tx, actor, appeal.enterprise_code).catch(() => {
        throw notFound('CREDIT.UNKNOWN_APPEAL', { id });
      });
      if (appeal.status !== 'pending') throw conflict('CREDIT.APPEAL_DECIDED', { id, status: appeal.status });
      const decided = {
        status: input.grant ? ('granted' as const) : ('refused' as const),
        decided_by: actorName(actor),
        decided_at: this.ctx.now().toISOString(),
        decision_note: input.note,
      };
      await q.updateTable('credit_appeal').set(decided).where('id', '=', id).execute();
      if (input.grant) {
        await q
          .updateTable('credit_discredit')
          .set({ ended_on: onDate, end_kind: appeal.kind === 'repair' ? 'repaired' : 'annulled' })
          .where('id', '=', appeal.discredit_id)
          .execute();
      }
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.appeal.decide',
        recordType: 'credit_appeal',
        recordId: String(id),
        change: decided,
      });
      if (input.grant) await this.ctx.rescorer.rescoreSome(tx, actor, [appeal.enterprise_code], onDate);
      return toAppeal({ ...appeal, ...decided });
    });
  }
}
