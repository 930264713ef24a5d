import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database, Executor } from '../../platform/db/index.ts';
import { AppError, type Issue, invalid, notFound } from '../../platform/errors/index.ts';
import { type Actor, type DistrictTree, enterpriseOf, type Policy } from '../../platform/identity/index.ts';
import type { Outbox } from '../../platform/outbox/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { ClearanceFlow } from './clearance.flow.ts';
import { clearanceDashboard } from './dashboard.ts';
import type { DeclarationContent, TariffLineFacts } from './declaration.model.ts';
import { canSeeDeclaration, type DeclarationFilter, listDeclarations } from './declaration.query.ts';
import { type DeclarationRow, declarationRepository as repo } from './declaration.repository.ts';
import { type CheckContext, type CheckMode, checkDeclaration } from './declaration.rules.ts';
import { type Declaration, type HistoryEntry, toDeclaration, toHistoryEntry } from './declaration.view.ts';

export interface ReferencePort {
  current(): Promise<CheckContext['codes']>;
}

export interface DeclarationServiceDeps {
  db: Database;
  outbox: Outbox;
  audit: AuditTrail;
  policy: Policy;
  districts: DistrictTree;
  reference: ReferencePort;
  tariffLine: (hsCode: string, onDate: string) => TariffLineFacts | undefined;
  /** Whether an enterprise is registered (the credit module answers). */
  enterpriseExists: (code: string) => Promise<boolean>;
  flow: ClearanceFlow;
  now: () => Date;
}

/** The enterprise's side of a declaration: save drafts, declare, read its own. */
export class DeclarationService {
  constructor(private readonly deps: DeclarationServiceDeps) {}

  /** Saves a draft; with `declare`, declares it at once (and takes every automatic step after). */
  async create(actor: Actor, content: DeclarationContent, declare = false): Promise<Declaration> {
    this.deps.policy.require(actor, declare ? 'declaration.declare' : 'declaration.draft');
    const enterpriseCode = this.ownEnterprise(actor, content);
    const now = this.deps.now();
    await this.assertValid(content, declare ? 'declare' : 'save', now);
    if (declare)
      await this.deps.flow.prefetch(content, content.head.tradeCode ?? enterpriseCode, chinaDay(now));
    const row = await this.deps.db.transaction((tx) =>
      this.createInTx(tx, actor, enterpriseCode, content, declare),
    );
    return toDeclaration(row);
  }

  /** Inserts and (optionally) declares, inside the caller's transaction; the content must already be checked. */
  async createInTx(
    tx: Executor,
    actor: Actor,
    enterpriseCode: string,
    content: DeclarationContent,
    declare: boolean,
    clientSeqNo?: string,
  ): Promise<DeclarationRow> {
    const now = this.deps.now();
    const district = content.head.customsMaster ?? '0000';
    const year = chinaDay(now).slice(0, 4);
    const seq = await repo.nextNumber(tx, `pre:${district}:${year}`);
    const draft: DeclarationRow = {
      id: randomBytes(12).toString('hex'),
      // 预录入编号: district (4) + year (4) + 9 (pre-entry, never a customs number) + sequence (9).
      pre_entry_no: `${district}${year}9${String(seq).padStart(9, '0')}`,
      entry_id: null,
      enterprise_code: enterpriseCode,
      trader_code: content.head.tradeCode ?? null,
      district,
      ie_flag: content.head.ieFlag ?? null,
      status: 'draft',
      channel: null,
      content: JSON.stringify(content),
      risk: null,
      duty: null,
      inspection: null,
      version: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      declared_at: null,
      released_at: null,
      client_seq_no: clientSeqNo ?? null,
    };
    await repo.insert(tx, draft);
    const saved = await this.deps.flow.step(tx, draft, 'save', actor);
    return declare ? this.declareRow(tx, saved, actor) : saved;
  }

  /** Replaces a draft's content. */
  async update(
    actor: Actor,
    id: string,
    content: DeclarationContent,
    version?: number,
  ): Promise<Declaration> {
    this.deps.policy.require(actor, 'declaration.draft');
    // Scope first: someone else's declaration is 404 whatever the content says.
    await this.getRow(this.deps.db.kysely, actor, id);
    this.ownEnterprise(actor, content);
    await this.assertValid(content, 'save', this.deps.now());
    const row = await this.deps.db.transaction(async (tx) => {
      const current = await this.getRow(tx, actor, id);
      if (version !== undefined && version !== Number(current.version))
        throw new AppError('CLEARANCE.CONFLICT', 409);
      return this.deps.flow.step(tx, current, 'save', actor, {
        changes: {
          content: JSON.stringify(content),
          trader_code: content.head.tradeCode ?? null,
          ie_flag: content.head.ieFlag ?? null,
        },
      });
    });
    return toDeclaration(row);
  }

  /** Declares a saved draft: every declare-time check must pass. */
  async declare(actor: Actor, id: string): Promise<Declaration> {
    this.deps.policy.require(actor, 'declaration.declare');
    const current = await this.getRow(this.deps.db.kysely, actor, id);
    const content = JSON.parse(current.content) as DeclarationContent;
    await this.assertValid(content, 'declare', this.deps.now());
    await this.deps.flow.prefetch(
      content,
      current.trader_code ?? current.enterprise_code,
      chinaDay(this.deps.now()),
    );
    const row = await this.deps.db.transaction(async (tx) =>
      this.declareRow(tx, await this.getRow(tx, actor, id), actor),
    );
    return toDeclaration(row);
  }

  private async declareRow(tx: Parameters<ClearanceFlow['step']>[0], row: DeclarationRow, actor: Actor) {
    const now = this.deps.now();
    const year = chinaDay(now).slice(0, 4);
    const seq = await repo.nextNumber(tx, `entry:${row.district}:${year}`);
    // 海关编号: district (4) + year in China (4) + import 1 / export 0 (1) + sequence (9).
    const entryId = `${row.district}${year}${row.ie_flag === 'E' ? '0' : '1'}${String(seq).padStart(9, '0')}`;
    const declared = await this.deps.flow.step(tx, row, 'declare', actor, {
      changes: { entry_id: entryId, declared_at: now.toISOString() },
      event: 'declaration.declared',
    });
    return this.deps.flow.advance(tx, declared);
  }

  async get(actor: Actor, id: string): Promise<Declaration> {
    this.deps.policy.require(actor, 'declaration.read');
    return toDeclaration(await this.getRow(this.deps.db.kysely, actor, id));
  }

  async history(actor: Actor, id: string): Promise<HistoryEntry[]> {
    this.deps.policy.require(actor, 'declaration.read');
    await this.getRow(this.deps.db.kysely, actor, id);
    return (await repo.history(this.deps.db.kysely, id)).map(toHistoryEntry);
  }

  /** Warms the slow reads of declaring this content (see ClearanceFlow.prefetch). */
  prefetch(content: DeclarationContent, enterpriseCode: string, now: Date): Promise<void> {
    return this.deps.flow.prefetch(content, enterpriseCode, chinaDay(now));
  }

  async dashboard(actor: Actor, since: string) {
    this.deps.policy.require(actor, 'declaration.read');
    return clearanceDashboard(this.deps.db.kysely, actor, since);
  }

  async list(actor: Actor, filter: DeclarationFilter): Promise<{ total: number; items: Declaration[] }> {
    this.deps.policy.require(actor, 'declaration.read');
    const { total, rows } = await listDeclarations(this.deps.db.kysely, actor, filter);
    return { total, items: rows.map(toDeclaration) };
  }

  /** The row if the caller may see it; 404 otherwise (never 403: no existence leaks). */
  async getRow(db: Parameters<typeof repo.find>[0], actor: Actor, id: string): Promise<DeclarationRow> {
    const row = await repo.find(db, id);
    if (!row || !canSeeDeclaration(actor, row, this.deps.districts)) throw notFound('CLEARANCE.NOT_FOUND');
    return row;
  }

  /** Every problem of the content for the mode, on the given day's reference data. */
  async checkIssues(content: DeclarationContent, mode: CheckMode, now: Date): Promise<Issue[]> {
    const codes = await this.deps.reference.current();
    return checkDeclaration(content, mode, {
      codes,
      onDate: chinaDay(now),
      tariffLine: this.deps.tariffLine,
    });
  }

  async assertValid(content: DeclarationContent, mode: CheckMode, now: Date): Promise<void> {
    const issues = await this.checkIssues(content, mode, now);
    if (issues.length > 0) {
      throw invalid(
        'CLEARANCE.INVALID',
        issues.map((i) => ({ ...i, path: `body.content.${i.path}` })),
      );
    }
  }

  /** An enterprise declares as itself: the declaring unit must be its own enterprise. */
  ownEnterprise(actor: Actor, content: DeclarationContent): string {
    const own = enterpriseOf(actor);
    if (!own) throw new AppError('IDENTITY.FORBIDDEN', 403, { permission: 'declaration.draft' });
    if (content.head.agentCode && content.head.agentCode !== own) {
      throw invalid('CLEARANCE.INVALID', [
        { path: 'body.content.head.agentCode', rule: 'not_own_enterprise', params: { enterpriseCode: own } },
      ]);
    }
    return own;
  }
}
