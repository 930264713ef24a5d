import { Dec } from '../../platform/db/index.ts';
import { type Issue, invalid } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/identity/index.ts';
import { assertDate } from '../../reference/index.ts';
import { type CreditContext, getVisibleEnterprise, tables, today } from './credit.context.ts';
import { CREDIT_EVENTS } from './credit.events.ts';
import { FACT_KINDS, type FactKind } from './credit-score.rules.ts';

/** One credit fact (信用信息): what happened to an enterprise, on which day, how many times. */
export interface CreditFact {
  enterpriseCode: string;
  kind: FactKind;
  occurredOn: string;
  count: number;
  /** Decimal string (CNY) for admin_penalty and tax_arrears. */
  amount?: string | null;
  /** Where it came from: `officer`, `clearance`, `enforcement`… */
  source?: string;
  /** The originating record (declaration number, case number). */
  ref?: string | null;
}

export interface StoredFact extends CreditFact {
  id: number;
  source: string;
  recordedAt: string;
}

const MONEY_KINDS: readonly FactKind[] = ['admin_penalty', 'tax_arrears'];
const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;

/** Every issue of a batch of facts at once, by index. */
export function checkFacts(facts: readonly CreditFact[], onDate: string): Issue[] {
  const issues: Issue[] = [];
  facts.forEach((f, i) => {
    if (!FACT_KINDS.includes(f.kind))
      issues.push({ path: `facts.${i}.kind`, rule: 'enum', params: { values: FACT_KINDS.join(', ') } });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.occurredOn) || f.occurredOn > onDate)
      issues.push({ path: `facts.${i}.occurredOn`, rule: 'credit_not_after', params: { date: onDate } });
    if (!Number.isInteger(f.count) || f.count < 1)
      issues.push({ path: `facts.${i}.count`, rule: 'too_small', params: { minimum: 1 } });
    const needsAmount = MONEY_KINDS.includes(f.kind);
    if (needsAmount && !(f.amount && AMOUNT.test(f.amount)))
      issues.push({ path: `facts.${i}.amount`, rule: 'format', params: { format: 'amount, 2 decimals' } });
    if (!needsAmount && f.amount != null)
      issues.push({ path: `facts.${i}.amount`, rule: 'credit_amount_not_allowed', params: { kind: f.kind } });
  });
  return issues;
}

/** Records credit facts; other modules call it through index.ts, officers through the API. */
export class FactsService {
  constructor(private readonly ctx: CreditContext) {}

  async record(actor: Actor, facts: readonly CreditFact[]): Promise<number> {
    this.ctx.policy.require(actor, 'credit.facts.record');
    if (facts.length === 0) return 0;
    const onDate = today(this.ctx);
    const issues = checkFacts(facts, onDate);
    if (issues.length > 0) throw invalid('CREDIT.INVALID_FACTS', issues);
    return this.ctx.db.transaction(async (tx) => {
      const codes = [...new Set(facts.map((f) => f.enterpriseCode))];
      for (const code of codes) await getVisibleEnterprise(this.ctx, tx, actor, code);
      const recordedAt = this.ctx.now().toISOString();
      const rows = facts.map((f) => ({
        enterprise_code: f.enterpriseCode,
        kind: f.kind,
        occurred_on: f.occurredOn,
        count: f.count,
        amount: f.amount == null ? null : new Dec(f.amount).toFixed(2),
        source: f.source ?? (actor.kind === 'officer' ? 'officer' : 'system'),
        ref: f.ref ?? null,
        recorded_at: recordedAt,
      }));
      await this.ctx.db.bulkInsert(tx, 'credit_fact', rows);
      await this.ctx.outbox.append(
        tx,
        ...codes.map((code) => ({
          type: CREDIT_EVENTS.factRecorded,
          aggregateId: code,
          payload: {
            enterpriseCode: code,
            kinds: [...new Set(facts.filter((f) => f.enterpriseCode === code).map((f) => f.kind))],
          },
        })),
      );
      await this.ctx.audit.record(
        tx,
        actor,
        ...codes.map((code) => ({
          action: 'credit.fact.record',
          recordType: 'credit_enterprise',
          recordId: code,
          change: rows.filter((r) => r.enterprise_code === code),
        })),
      );
      return rows.length;
    });
  }

  /** Facts of one enterprise, newest first, from `from` (a date) when given. */
  async list(actor: Actor, code: string, from?: string): Promise<StoredFact[]> {
    if (from) assertDate(from, 'from');
    await getVisibleEnterprise(this.ctx, this.ctx.db.kysely, actor, code);
    let query = tables(this.ctx.db.kysely)
      .selectFrom('credit_fact')
      .selectAll()
      .where('enterprise_code', '=', code)
      .orderBy('occurred_on', 'desc')
      .orderBy('id', 'desc')
      .limit(500);
    if (from) query = query.where('occurred_on', '>=', from);
    return (await query.execute()).map((r) => ({
      id: Number(r.id),
      enterpriseCode: r.enterprise_code,
      kind: r.kind as FactKind,
      occurredOn: r.occurred_on,
      count: Number(r.count),
      amount: r.amount,
      source: r.source,
      ref: r.ref,
      recordedAt: r.recorded_at,
    }));
  }
}
