import { sql } from 'kysely';
import { Dec } from '../../platform/db/index.ts';
import { type Actor, scopeWhere } from '../../platform/identity/index.ts';
import { assertDate } from '../../reference/index.ts';
import { type CreditContext, tables } from './credit.context.ts';
import { CREDIT_LEVELS, type CreditLevel } from './credit-score.rules.ts';
import { MEASURES } from './measures.rules.ts';

export interface InspectionRate {
  level: CreditLevel;
  declarations: number;
  inspections: number;
  /** Actual share inspected, decimal string to 4 places; null without declarations. */
  actualRate: string | null;
  targetRate: string;
  withinTarget: boolean | null;
}

export interface LevelChangeCount {
  month: string;
  from: string | null;
  to: string;
  count: number;
}

export interface ScoreDrop {
  enterpriseCode: string;
  district: string;
  previousScore: number;
  score: number;
  level: string;
}

/** 企业查验率情况监控 and friends: actual inspection rates by level, level changes, score drops. */
export class MonitoringService {
  constructor(private readonly ctx: CreditContext) {}

  async inspectionRates(actor: Actor, from: string, to: string): Promise<InspectionRate[]> {
    assertDate(from, 'from');
    assertDate(to, 'to');
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_fact as f')
      .innerJoin('credit_enterprise as e', 'e.code', 'f.enterprise_code')
      .innerJoin('credit_score as s', 's.enterprise_code', 'f.enterprise_code')
      .select((eb) => [
        's.level',
        eb.fn.sum<number>(sql`CASE WHEN f.kind = 'declarations' THEN f.count ELSE 0 END`).as('declarations'),
        eb.fn.sum<number>(sql`CASE WHEN f.kind = 'inspections' THEN f.count ELSE 0 END`).as('inspections'),
      ])
      .where(scopeWhere(actor, { district: 'e.district', enterprise: 'e.code' }))
      .where('f.kind', 'in', ['declarations', 'inspections'])
      .where('f.occurred_on', '>=', from)
      .where('f.occurred_on', '<=', to)
      .groupBy('s.level')
      .execute();
    return CREDIT_LEVELS.map((level) => {
      const row = rows.find((r) => r.level === level);
      const declarations = Number(row?.declarations ?? 0);
      const inspections = Number(row?.inspections ?? 0);
      const targetRate = MEASURES[level].targetInspectionRate;
      const actual = declarations > 0 ? new Dec(inspections).div(declarations) : null;
      return {
        level,
        declarations,
        inspections,
        actualRate: actual ? actual.toFixed(4) : null,
        targetRate,
        withinTarget: actual ? actual.lte(new Dec(targetRate).times('1.1')) : null,
      };
    });
  }

  async levelChanges(actor: Actor, from: string, to: string): Promise<LevelChangeCount[]> {
    assertDate(from, 'from');
    assertDate(to, 'to');
    const month =
      this.ctx.db.engine === 'postgres'
        ? sql<string>`to_char(c.effective_on, 'YYYY-MM')`
        : sql<string>`substr(c.effective_on, 1, 7)`;
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_level_change as c')
      .innerJoin('credit_enterprise as e', 'e.code', 'c.enterprise_code')
      .select((eb) => [month.as('month'), 'c.from_level', 'c.to_level', eb.fn.countAll<number>().as('n')])
      .where(scopeWhere(actor, { district: 'e.district', enterprise: 'e.code' }))
      .where('c.effective_on', '>=', from)
      .where('c.effective_on', '<=', to)
      .groupBy([month, 'c.from_level', 'c.to_level'])
      .orderBy('month')
      .execute();
    return rows.map((r) => ({ month: r.month, from: r.from_level, to: r.to_level, count: Number(r.n) }));
  }

  /** Enterprises whose last re-score took them from at or above `threshold` to below it. */
  async scoreDrops(actor: Actor, threshold: number): Promise<ScoreDrop[]> {
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_score as s')
      .innerJoin('credit_enterprise as e', 'e.code', 's.enterprise_code')
      .select(['s.enterprise_code', 'e.district', 's.previous_score', 's.score', 's.level'])
      .where(scopeWhere(actor, { district: 'e.district', enterprise: 'e.code' }))
      .where('s.previous_score', '>=', threshold)
      .where('s.score', '<', threshold)
      .orderBy('s.enterprise_code')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      enterpriseCode: r.enterprise_code,
      district: r.district,
      previousScore: Number(r.previous_score),
      score: Number(r.score),
      level: r.level,
    }));
  }
}
