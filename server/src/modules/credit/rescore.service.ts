import type { AuditEntry, AuditTrail } from '../../platform/audit/index.ts';
import type { Database, Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/identity/index.ts';
import type { NewEvent, Outbox } from '../../platform/outbox/index.ts';
import { levelChanged } from './credit.events.ts';
import type { CreditTables } from './credit.tables.ts';
import { decideLevel } from './credit-level.rules.ts';
import { type CreditLevel, scoreFacts } from './credit-score.rules.ts';
import { loadScoringPage, type ScoringInput } from './rescore.repository.ts';

export interface RescoreResult {
  onDate: string;
  enterprises: number;
  /** Score rows rewritten (score, level or reasons differ). */
  changed: number;
  levelChanges: number;
  seconds: number;
}

export interface RescoreOptions {
  pageSize?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Outcome {
  scoreRow: CreditTables['credit_score'];
  levelChange?: { from: string | null; to: CreditLevel; effectiveOn: string; score: number };
  discredit?: CreditTables['credit_discredit'];
}

/** Scores one enterprise (pure rules) and says what must be written, if anything. */
export function scoreOne(input: ScoringInput, onDate: string, recordedAt: string): Outcome | undefined {
  const { score, reasons, triggers } = scoreFacts(input.facts, onDate);
  const decision = decideLevel(score, triggers, input, onDate);
  const allReasons = JSON.stringify([...reasons, ...decision.reasons]);
  const current = input.current;
  if (
    current &&
    current.score === score &&
    current.level === decision.level &&
    current.reasons === allReasons
  )
    return undefined;
  const levelMoved = !current || current.level !== decision.level;
  let effectiveOn = decision.newDiscredit?.effectiveFrom ?? onDate;
  if (current && effectiveOn < current.levelSince) effectiveOn = current.levelSince;
  const outcome: Outcome = {
    scoreRow: {
      enterprise_code: input.code,
      score,
      previous_score: current?.score ?? null,
      level: decision.level,
      level_since: levelMoved ? effectiveOn : current.levelSince,
      reasons: allReasons,
      scored_on: onDate,
    },
  };
  if (levelMoved)
    outcome.levelChange = { from: current?.level ?? null, to: decision.level, effectiveOn, score };
  if (decision.newDiscredit)
    outcome.discredit = {
      enterprise_code: input.code,
      reason: decision.newDiscredit.reason,
      effective_from: decision.newDiscredit.effectiveFrom,
      repairable_on: decision.newDiscredit.repairableOn,
      ended_on: null,
      end_kind: null,
      recorded_at: recordedAt,
    } as CreditTables['credit_discredit'];
  return outcome;
}

/**
 * The daily re-score (信用评估): set-based and streaming. Each page of enterprises is read with its
 * facts aggregated in SQL, scored by the pure rules, and only what changed is written, in bulk, in
 * one transaction per page: score rows, level changes, new discredits, their events and audit records.
 */
export class Rescorer {
  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly now: () => Date,
  ) {}

  async rescoreAll(actor: Actor, onDate: string, options: RescoreOptions = {}): Promise<RescoreResult> {
    const started = performance.now();
    const pageSize = options.pageSize ?? 5000;
    const total = Number(
      (
        await this.db.kysely
          .withTables<CreditTables>()
          .selectFrom('credit_enterprise')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const result: RescoreResult = { onDate, enterprises: 0, changed: 0, levelChanges: 0, seconds: 0 };
    let after = '';
    for (;;) {
      const page = await this.db.transaction((tx) =>
        this.rescorePage(tx, actor, onDate, { after, limit: pageSize }),
      );
      if (page.count === 0) break;
      result.enterprises += page.count;
      result.changed += page.changed;
      result.levelChanges += page.levelChanges;
      after = page.last;
      options.onProgress?.(result.enterprises, total);
      if (page.count < pageSize) break;
    }
    result.seconds = (performance.now() - started) / 1000;
    return result;
  }

  /** Re-scores the given enterprises inside the caller's transaction (after a decision about them). */
  async rescoreSome(tx: Executor, actor: Actor, codes: readonly string[], onDate: string): Promise<void> {
    await this.rescorePage(tx, actor, onDate, { after: '', limit: codes.length, only: codes });
  }

  private async rescorePage(
    tx: Executor,
    actor: Actor,
    onDate: string,
    options: { after: string; limit: number; only?: readonly string[] },
  ): Promise<{ count: number; last: string; changed: number; levelChanges: number }> {
    const inputs = await loadScoringPage(tx, { ...options, onDate });
    if (inputs.length === 0) return { count: 0, last: options.after, changed: 0, levelChanges: 0 };
    const recordedAt = this.now().toISOString();
    const scores: CreditTables['credit_score'][] = [];
    const changes: Record<string, unknown>[] = [];
    const discredits: Record<string, unknown>[] = [];
    const events: NewEvent[] = [];
    const entries: AuditEntry[] = [];
    for (const input of inputs) {
      const outcome = scoreOne(input, onDate, recordedAt);
      if (!outcome) continue;
      scores.push(outcome.scoreRow);
      if (outcome.discredit) discredits.push(outcome.discredit as unknown as Record<string, unknown>);
      const change = outcome.levelChange;
      if (!change) continue;
      changes.push({
        enterprise_code: input.code,
        from_level: change.from,
        to_level: change.to,
        effective_on: change.effectiveOn,
        score: change.score,
        recorded_at: recordedAt,
      });
      const reasons = JSON.parse(outcome.scoreRow.reasons) as { code: string }[];
      events.push(
        levelChanged({ enterpriseCode: input.code, ...change, reasons: reasons.map((r) => r.code) }),
      );
      entries.push({
        action: 'credit.level_change',
        recordType: 'credit_enterprise',
        recordId: input.code,
        change,
      });
    }
    const q = tx.withTables<CreditTables>();
    for (let i = 0; i < scores.length; i += 5000) {
      const codes = scores.slice(i, i + 5000).map((s) => s.enterprise_code);
      await q.deleteFrom('credit_score').where('enterprise_code', 'in', codes).execute();
    }
    await this.db.bulkInsert(tx, 'credit_score', scores as unknown as Record<string, unknown>[]);
    await this.db.bulkInsert(tx, 'credit_level_change', changes);
    await this.db.bulkInsert(tx, 'credit_discredit', discredits);
    await this.outbox.append(tx, ...events);
    await this.audit.record(tx, actor, ...entries);
    return {
      count: inputs.length,
      last: inputs.at(-1)!.code,
      changed: scores.length,
      levelChanges: changes.length,
    };
  }
}
