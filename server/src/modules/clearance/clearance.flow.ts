import type { AuditEntry, AuditTrail } from '../../platform/audit/index.ts';
import { type Database, type Executor, toMoney } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { NewReceipt, Receipts } from '../../platform/exchange/index.ts';
import { type Actor, actorLabel } from '../../platform/identity/index.ts';
import type { NewEvent, Outbox } from '../../platform/outbox/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import { type ClearanceEventType, declarationEvent } from './clearance.events.ts';
import type { CreditPort, DutyAssessment, DutyPort, RiskPort } from './clearance.ports.ts';
import type { DeclarationContent } from './declaration.model.ts';
import {
  type DeclarationRow,
  type HistoryRow,
  declarationRepository as repo,
} from './declaration.repository.ts';
import {
  type Channel,
  type DeclarationStatus,
  type LifecycleAction,
  transition,
} from './declaration-lifecycle.rules.ts';

export interface FlowDeps {
  db: Database;
  outbox: Outbox;
  receipts: Receipts;
  audit: AuditTrail;
  risk: RiskPort;
  duty: DutyPort;
  credit: CreditPort;
  now: () => Date;
}

export interface StepOptions {
  reason?: string;
  details?: unknown;
  changes?: Partial<DeclarationRow>;
  event?: ClearanceEventType;
}

const SYSTEM: Actor = { kind: 'operator', name: 'clearance' };

const RECEIPT_EVENTS = new Set<ClearanceEventType>([
  'declaration.declared',
  'declaration.channel_assigned',
  'declaration.inspection_required',
  'declaration.released',
  'declaration.rejected',
  'declaration.withdrawn',
  'declaration.amended',
]);

/**
 * Moves declarations through the lifecycle: each step checks the state machine, writes the row
 * (optimistically), the history, the audit record and the event in the caller's transaction.
 */
interface PendingWrites {
  original: DeclarationRow;
  changes: Partial<DeclarationRow>;
  history: Omit<HistoryRow, 'id'>[];
  receipts: NewReceipt[];
  events: NewEvent[];
  audit: { actor: Actor; entry: AuditEntry }[];
}

export class ClearanceFlow {
  private readonly pending = new WeakMap<Executor, Map<string, PendingWrites>>();
  /** Duty assessed ahead of a transaction, by content and day (see `prefetch`). */
  private readonly prefetched = new Map<string, Promise<DutyAssessment>>();

  constructor(private readonly deps: FlowDeps) {}

  /**
   * Does the slow reads of a declaration before its write transaction opens (the trader's
   * measures, the exchange rates, the duty), so the transaction only writes. On SQLite one
   * transaction writes at a time: a read inside it would hold up every other declaration.
   */
  async prefetch(content: DeclarationContent, enterpriseCode: string, onDate: string): Promise<void> {
    await this.deps.credit.measures(enterpriseCode, onDate).catch(() => undefined);
    const key = `${onDate}/${JSON.stringify(content)}`;
    if (this.prefetched.size > 1000) this.prefetched.clear();
    const duty = this.deps.duty.assess(content, onDate);
    this.prefetched.set(key, duty);
    await duty.catch(() => this.prefetched.delete(key));
  }

  private duty(content: DeclarationContent, onDate: string): Promise<DutyAssessment> {
    const key = `${onDate}/${JSON.stringify(content)}`;
    const ready = this.prefetched.get(key);
    if (!ready) return this.deps.duty.assess(content, onDate);
    this.prefetched.delete(key);
    return ready;
  }

  async step(
    tx: Executor,
    row: DeclarationRow,
    action: LifecycleAction,
    actor: Actor,
    options: StepOptions = {},
  ): Promise<DeclarationRow> {
    const from = row.status as DeclarationStatus;
    const next = transition({ status: from, channel: row.channel as Channel | null }, action);
    if (!next.ok)
      throw new AppError('CLEARANCE.ILLEGAL_STEP', 409, { status: from, action, reason: next.reason });
    const at = this.deps.now().toISOString();
    const pending = this.pendingFor(tx, row);
    const changes: Partial<DeclarationRow> = { ...options.changes, status: next.status, updated_at: at };
    Object.assign(pending.changes, changes);
    const updated: DeclarationRow = { ...row, ...changes, version: pending.original.version + 1 };
    const who = actorLabel(actor);
    pending.history.push({
      declaration_id: row.id,
      at,
      action,
      from_status: from,
      to_status: next.status,
      actor_kind: who.kind,
      actor_id: who.id,
      reason: options.reason ?? null,
      details: options.details === undefined ? null : JSON.stringify(options.details),
    });
    if (options.event && RECEIPT_EVENTS.has(options.event)) {
      // The declaring enterprise hears of every status it must act on or wait for (回执).
      pending.receipts.push({
        enterpriseCode: updated.enterprise_code,
        messageType: 'DecMessage',
        guid: updated.client_seq_no ?? updated.id,
        status: updated.status,
        data: {
          declarationId: updated.id,
          preEntryNo: updated.pre_entry_no,
          entryId: updated.entry_id,
          channel: updated.channel,
          reason: options.reason,
        },
      });
    }
    if (options.event) {
      pending.events.push(
        declarationEvent(options.event, {
          declarationId: updated.id,
          entryId: updated.entry_id,
          enterpriseCode: updated.enterprise_code,
          traderCode: updated.trader_code,
          district: updated.district,
          ieFlag: updated.ie_flag,
          status: updated.status,
          channel: updated.channel,
          duty: updated.duty ? (JSON.parse(updated.duty) as { total: string }).total : undefined,
          reason: options.reason,
        }),
      );
    }
    pending.audit.push({
      actor,
      entry: {
        action: `declaration.${action}`,
        recordType: 'declaration',
        recordId: row.id,
        change: { from, to: next.status, reason: options.reason, details: options.details },
      },
    });
    return updated;
  }

  /**
   * Steps of one transaction are written together just before it commits: one row update per
   * declaration (checked against the version it was read at), and the history, receipts, events
   * and audit records in bulk. A declaration walks five or six steps in one request.
   */
  private pendingFor(tx: Executor, row: DeclarationRow): PendingWrites {
    let byDeclaration = this.pending.get(tx);
    if (!byDeclaration) {
      const created = new Map<string, PendingWrites>();
      byDeclaration = created;
      this.pending.set(tx, created);
      this.deps.db.beforeCommit(tx, (t) => {
        this.pending.delete(tx);
        return this.flush(t, created);
      });
    }
    let pending = byDeclaration.get(row.id);
    if (!pending) {
      pending = { original: row, changes: {}, history: [], receipts: [], events: [], audit: [] };
      byDeclaration.set(row.id, pending);
    }
    return pending;
  }

  private async flush(tx: Executor, byDeclaration: Map<string, PendingWrites>): Promise<void> {
    const all = [...byDeclaration.values()];
    for (const pending of all) {
      if (!(await repo.update(tx, pending.original, pending.changes)))
        throw new AppError('CLEARANCE.CONFLICT', 409);
    }
    await this.deps.db.bulkInsert(
      tx,
      'clearance_history',
      all.flatMap((p) => p.history) as unknown as Record<string, unknown>[],
    );
    await this.deps.receipts.append(
      tx,
      all.flatMap((p) => p.receipts),
    );
    await this.deps.outbox.append(tx, ...all.flatMap((p) => p.events));
    // The audit trail takes consecutive entries of one actor in a single chained append.
    const entries = all.flatMap((p) => p.audit);
    for (let i = 0; i < entries.length; ) {
      const actor = entries[i]!.actor;
      let j = i;
      while (j < entries.length && entries[j]!.actor === actor) j++;
      await this.deps.audit.record(tx, actor, ...entries.slice(i, j).map((e) => e.entry));
      i = j;
    }
  }

  /**
   * Takes every automatic step until a person is needed: selection after declaring, duty for a
   * green channel, securing zero duty or aggregate payment, inspection orders for red, release.
   */
  async advance(tx: Executor, row: DeclarationRow): Promise<DeclarationRow> {
    let current = row;
    for (;;) {
      const next = await this.autoStep(tx, current);
      if (!next) return current;
      current = next;
    }
  }

  private async autoStep(tx: Executor, row: DeclarationRow): Promise<DeclarationRow | undefined> {
    const content = JSON.parse(row.content) as DeclarationContent;
    const onDate = chinaDay(row.declared_at ?? row.created_at);
    switch (row.status) {
      case 'declared': {
        const measures = await this.deps.credit.measures(row.trader_code ?? row.enterprise_code, onDate);
        const risk = await this.deps.risk.assess(tx, {
          declarationId: row.id,
          declaredAt: row.declared_at ?? row.created_at,
          district: row.district,
          enterpriseCode: row.trader_code ?? row.enterprise_code,
          content,
          creditLevel: measures.creditLevel,
          targetInspectionRate: measures.targetInspectionRate,
        });
        return this.step(tx, row, 'assign_channel', SYSTEM, {
          changes: { channel: risk.channel, risk: JSON.stringify(risk) },
          details: { channel: risk.channel, rules: risk.reasons.map((r) => r.ruleId), sampled: risk.sampled },
          event: 'declaration.channel_assigned',
        });
      }
      case 'channel_assigned':
        return row.channel === 'green' ? this.assessDuty(tx, row, content, onDate) : undefined;
      case 'duty_assessed': {
        const duty = JSON.parse(row.duty ?? '{}') as { total?: string };
        const measures = await this.deps.credit.measures(row.trader_code ?? row.enterprise_code, onDate);
        const zero = toMoney(duty.total ?? '0') === '0.00';
        if (!zero && !measures.aggregatePayment) return undefined; // the enterprise pays or guarantees
        return this.secureDuty(tx, row, SYSTEM, zero ? 'no_duty' : 'aggregate_payment');
      }
      case 'duty_secured':
        if (row.channel === 'red') {
          return this.step(tx, row, 'order_inspection', SYSTEM, {
            changes: { inspection: JSON.stringify({ orderedAt: this.deps.now().toISOString() }) },
            event: 'declaration.inspection_required',
            reason: 'red_channel',
          });
        }
        return this.release(tx, row, SYSTEM);
      default:
        return undefined;
    }
  }

  async assessDuty(
    tx: Executor,
    row: DeclarationRow,
    content: DeclarationContent,
    onDate: string,
    actor: Actor = SYSTEM,
    reason?: string,
  ) {
    const assessment = await this.duty(content, onDate);
    return this.step(tx, row, 'assess_duty', actor, {
      reason,
      changes: { duty: JSON.stringify(assessment) },
      details: { total: assessment.total },
      event: 'declaration.duty_assessed',
    });
  }

  async secureDuty(tx: Executor, row: DeclarationRow, actor: Actor, method: string, reference?: string) {
    const duty = {
      ...(JSON.parse(row.duty ?? '{}') as object),
      secured: { method, reference, at: this.deps.now().toISOString() },
    };
    return this.step(tx, row, 'secure_duty', actor, {
      changes: { duty: JSON.stringify(duty) },
      details: { method, reference },
    });
  }

  async release(tx: Executor, row: DeclarationRow, actor: Actor, reason?: string) {
    return this.step(tx, row, 'release', actor, {
      changes: { released_at: this.deps.now().toISOString() },
      event: 'declaration.released',
      reason,
    });
  }
}
