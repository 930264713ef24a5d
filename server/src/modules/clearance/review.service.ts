import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database, Executor } from '../../platform/db/index.ts';
import { AppError, notFound } from '../../platform/errors/index.ts';
import { type Actor, actorLabel, type Policy } from '../../platform/identity/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { ClearanceFlow } from './clearance.flow.ts';
import type { DeclarationContent } from './declaration.model.ts';
import { listChangeRequests, type RequestFilter } from './declaration.query.ts';
import { type DeclarationRow, declarationRepository as repo } from './declaration.repository.ts';
import type { DeclarationService } from './declaration.service.ts';
import {
  type ChangeRequest,
  type Declaration,
  type QueuedChangeRequest,
  toChangeRequest,
  toDeclaration,
  toQueuedChangeRequest,
} from './declaration.view.ts';
import { type Channel, type DeclarationStatus, transition } from './declaration-lifecycle.rules.ts';

/**
 * Officers' work on declarations (review, inspection, release) and the enterprise's payments and
 * amendment/withdrawal requests (修撤). Every step goes through the lifecycle state machine.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly policy: Policy,
    private readonly declarations: DeclarationService,
    private readonly flow: ClearanceFlow,
    private readonly now: () => Date,
    private readonly audit: AuditTrail,
  ) {}

  private async act(
    actor: Actor,
    permission: string,
    id: string,
    work: (tx: Executor, row: DeclarationRow) => Promise<DeclarationRow>,
  ): Promise<Declaration> {
    this.policy.require(actor, permission);
    const row = await this.db.transaction(async (tx) => {
      const current = await this.declarations.getRow(tx, actor, id);
      return this.flow.advance(tx, await work(tx, current));
    });
    return toDeclaration(row);
  }

  /** A reviewer takes a yellow or red declaration. */
  startReview(actor: Actor, id: string) {
    return this.act(actor, 'declaration.review', id, (tx, row) =>
      this.flow.step(tx, row, 'start_review', actor),
    );
  }

  /** The reviewer accepts the declaration: duty is assessed, and the flow goes on. */
  accept(actor: Actor, id: string, reason?: string) {
    return this.act(actor, 'declaration.review', id, (tx, row) => {
      const content = JSON.parse(row.content) as DeclarationContent;
      return this.flow.assessDuty(
        tx,
        row,
        content,
        chinaDay(row.declared_at ?? row.created_at),
        actor,
        reason,
      );
    });
  }

  /** The reviewer refuses the declaration, with every reason. */
  reject(actor: Actor, id: string, reasons: string[]) {
    return this.act(actor, 'declaration.review', id, (tx, row) =>
      this.flow.step(tx, row, 'reject', actor, {
        reason: reasons.join('; '),
        details: { reasons },
        event: 'declaration.rejected',
      }),
    );
  }

  /** Duty paid (tax payment reference) or guaranteed (guarantee number), by the enterprise or a tax officer. */
  secureDuty(actor: Actor, id: string, method: 'payment' | 'guarantee', reference: string) {
    this.policy.require(actor, 'declaration.duty.secure');
    return this.act(actor, 'declaration.duty.secure', id, (tx, row) =>
      this.flow.secureDuty(tx, row, actor, method, reference),
    );
  }

  /** An inspector records the result of an ordered inspection. */
  recordInspection(actor: Actor, id: string, result: 'no_findings' | 'findings', findings?: string) {
    return this.act(actor, 'declaration.inspect', id, (tx, row) => {
      const inspection = {
        ...(JSON.parse(row.inspection ?? '{}') as object),
        result,
        findings,
        inspector: actorLabel(actor).id,
        at: this.now().toISOString(),
      };
      return this.flow.step(tx, row, 'record_inspection', actor, {
        changes: { inspection: JSON.stringify(inspection) },
        details: { result, findings },
        event: 'declaration.inspected',
      });
    });
  }

  /** A reviewer releases inspected goods (goods without inspection are released by the flow itself). */
  release(actor: Actor, id: string, reason?: string) {
    return this.act(actor, 'declaration.release', id, (tx, row) => this.flow.release(tx, row, actor, reason));
  }

  /** The enterprise asks to amend (with the new content) or withdraw a declared declaration. */
  async request(
    actor: Actor,
    id: string,
    kind: 'amend' | 'withdraw',
    reason: string,
    proposed?: DeclarationContent,
  ): Promise<ChangeRequest> {
    this.policy.require(actor, 'declaration.declare');
    if (kind === 'amend') {
      if (!proposed)
        throw new AppError('CLEARANCE.INVALID', 400, { count: 1 }, [
          { path: 'body.content', rule: 'required' },
        ]);
      await this.declarations.assertValid(proposed, 'declare', this.now());
    }
    return this.db.transaction(async (tx) => {
      const row = await this.declarations.getRow(tx, actor, id);
      const existing = await repo.requestsOf(tx, id);
      if (existing.some((r) => r.status === 'pending')) throw new AppError('CLEARANCE.REQUEST_PENDING', 409);
      const action = kind === 'amend' ? 'amend' : 'withdraw';
      // Refuse at once what the lifecycle could never approve (e.g. withdrawing released goods).
      const probe = transition(
        { status: row.status as DeclarationStatus, channel: row.channel as Channel | null },
        action,
      );
      if (!probe.ok)
        throw new AppError('CLEARANCE.ILLEGAL_STEP', 409, {
          status: row.status,
          action,
          reason: probe.reason,
        });
      const request = {
        id: randomBytes(12).toString('hex'),
        declaration_id: id,
        kind,
        status: 'pending' as const,
        reason,
        proposed: proposed ? JSON.stringify(proposed) : null,
        requested_by: actorLabel(actor).id,
        requested_at: this.now().toISOString(),
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      };
      await repo.insertRequest(tx, request);
      await this.audit.record(tx, actor, {
        action: 'declaration.request',
        recordType: 'declaration',
        recordId: id,
        change: { requestId: request.id, kind, reason, proposed: proposed ?? null },
      });
      return toChangeRequest(request);
    });
  }

  async listRequests(actor: Actor, id: string): Promise<ChangeRequest[]> {
    this.policy.require(actor, 'declaration.read');
    await this.declarations.getRow(this.db.kysely, actor, id);
    return (await repo.requestsOf(this.db.kysely, id)).map(toChangeRequest);
  }

  /** Requests on every declaration in the caller's scope (the reviewers' queue with `status: 'pending'`). */
  async listRequestsInScope(
    actor: Actor,
    filter: RequestFilter,
  ): Promise<{ total: number; items: QueuedChangeRequest[] }> {
    this.policy.require(actor, 'declaration.read');
    const { total, rows } = await listChangeRequests(this.db.kysely, actor, filter);
    return { total, items: rows.map(toQueuedChangeRequest) };
  }

  /** A reviewer approves or refuses a pending amendment or withdrawal. */
  async decide(
    actor: Actor,
    id: string,
    requestId: string,
    approve: boolean,
    reason: string,
  ): Promise<Declaration> {
    return this.act(actor, 'declaration.review', id, async (tx, row) => {
      const request = await repo.findRequest(tx, requestId);
      if (!request || request.declaration_id !== id) throw notFound('CLEARANCE.REQUEST_NOT_FOUND');
      if (request.status !== 'pending') throw new AppError('CLEARANCE.REQUEST_DECIDED', 409);
      await repo.updateRequest(tx, requestId, {
        status: approve ? 'approved' : 'refused',
        decided_by: actorLabel(actor).id,
        decided_at: this.now().toISOString(),
        decision_reason: reason,
      });
      // A refusal changes no declaration, so the flow writes nothing: the decision is audited here.
      await this.audit.record(tx, actor, {
        action: 'declaration.request_decision',
        recordType: 'declaration',
        recordId: id,
        change: { requestId, kind: request.kind, approve, reason },
      });
      if (!approve) return row;
      if (request.kind === 'withdraw') {
        return this.flow.step(tx, row, 'withdraw', actor, { reason, event: 'declaration.withdrawn' });
      }
      const content = request.proposed ?? row.content;
      const parsed = JSON.parse(content) as DeclarationContent;
      return this.flow.step(tx, row, 'amend', actor, {
        reason,
        changes: {
          content,
          trader_code: parsed.head.tradeCode ?? null,
          channel: null,
          risk: null,
          duty: null,
          inspection: null,
        },
        details: { requestId },
        event: 'declaration.amended',
      });
    });
  }
}
