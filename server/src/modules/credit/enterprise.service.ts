import { AppError, type Issue, invalid } from '../../platform/errors/index.ts';
import { type Actor, scopeWhere } from '../../platform/identity/index.ts';
import { actorName, type CreditContext, getVisibleEnterprise, tables, today } from './credit.context.ts';
import { enterpriseChanged, enterpriseRegistered } from './credit.events.ts';
import type { EnterpriseRow } from './credit.tables.ts';
import {
  checkEnterprise,
  diffEnterprise,
  type EnterpriseFields,
  type EnterpriseType,
} from './enterprise.rules.ts';

export interface Enterprise extends EnterpriseFields {
  registeredOn: string;
  updatedAt: string;
  version: number;
}

export interface EnterpriseChange {
  version: number;
  changedAt: string;
  changedBy: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

export type ChangeEnterpriseInput = Partial<Omit<EnterpriseFields, 'code'>>;

export function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    code: row.code,
    uscc: row.uscc,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    address: row.address,
    district: row.district,
    types: JSON.parse(row.types) as EnterpriseType[],
    registeredOn: row.registered_on,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

/** The enterprise registry (企业注册登记): registration, changes with history, lookups. */
export class EnterpriseService {
  constructor(private readonly ctx: CreditContext) {}

  /** Registers an enterprise; `registeredOn` (default today) carries over the date of an earlier registration. */
  async register(actor: Actor, input: EnterpriseFields & { registeredOn?: string }): Promise<Enterprise> {
    this.ctx.policy.require(actor, 'credit.enterprises.manage');
    const onDate = today(this.ctx);
    const registeredOn = input.registeredOn ?? onDate;
    const issues = [...checkEnterprise(input), ...(await this.checkDistrict(input.district, onDate))];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(registeredOn) || registeredOn > onDate)
      issues.push({ path: 'registeredOn', rule: 'credit_not_after', params: { date: onDate } });
    if (issues.length > 0) throw invalid('CREDIT.INVALID_ENTERPRISE', issues);
    return this.ctx.db.transaction(async (tx) => {
      const q = tables(tx);
      await this.assertUnique(tx, input.code, input.uscc);
      const row: EnterpriseRow = {
        code: input.code,
        uscc: input.uscc,
        name_zh: input.nameZh,
        name_en: input.nameEn ?? null,
        address: input.address,
        district: input.district,
        types: JSON.stringify([...input.types].sort()),
        registered_on: registeredOn,
        updated_at: this.ctx.now().toISOString(),
        version: 1,
      };
      await q.insertInto('credit_enterprise').values(row).execute();
      // A newly registered enterprise starts at general credit (一般信用), unscored until the daily run.
      await q
        .insertInto('credit_score')
        .values({
          enterprise_code: row.code,
          score: null,
          previous_score: null,
          level: 'general',
          level_since: registeredOn,
          reasons: '[]',
          scored_on: null,
        })
        .execute();
      const enterprise = toEnterprise(row);
      await this.ctx.outbox.append(
        tx,
        enterpriseRegistered({
          enterpriseCode: row.code,
          uscc: row.uscc,
          district: row.district,
          types: enterprise.types,
        }),
      );
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.enterprise.register',
        recordType: 'credit_enterprise',
        recordId: row.code,
        change: enterprise,
      });
      return enterprise;
    });
  }

  /** Changes registered particulars; the change is kept in the history with its version. */
  async change(actor: Actor, code: string, input: ChangeEnterpriseInput): Promise<Enterprise> {
    this.ctx.policy.require(actor, 'credit.enterprises.manage');
    return this.ctx.db.transaction(async (tx) => {
      const before = toEnterprise(await getVisibleEnterprise(this.ctx, tx, actor, code));
      const after: EnterpriseFields = { ...before, ...input, code, nameEn: input.nameEn ?? before.nameEn };
      after.types = [...after.types].sort();
      const issues = checkEnterprise(after);
      if (input.district) issues.push(...(await this.checkDistrict(input.district, today(this.ctx))));
      if (issues.length > 0) throw invalid('CREDIT.INVALID_ENTERPRISE', issues);
      const changes = diffEnterprise(before, after);
      if (Object.keys(changes).length === 0) return before;
      if (changes.uscc) await this.assertUnique(tx, undefined, after.uscc);
      const version = before.version + 1;
      const updatedAt = this.ctx.now().toISOString();
      const q = tables(tx);
      await q
        .updateTable('credit_enterprise')
        .set({
          uscc: after.uscc,
          name_zh: after.nameZh,
          name_en: after.nameEn,
          address: after.address,
          district: after.district,
          types: JSON.stringify(after.types),
          updated_at: updatedAt,
          version,
        })
        .where('code', '=', code)
        .execute();
      await q
        .insertInto('credit_enterprise_change')
        .values({
          enterprise_code: code,
          version,
          changed_at: updatedAt,
          changed_by: actorName(actor),
          changes: JSON.stringify(changes),
        })
        .execute();
      await this.ctx.outbox.append(tx, enterpriseChanged(code, changes));
      await this.ctx.audit.record(tx, actor, {
        action: 'credit.enterprise.change',
        recordType: 'credit_enterprise',
        recordId: code,
        change: changes,
      });
      return { ...after, registeredOn: before.registeredOn, updatedAt, version };
    });
  }

  async get(actor: Actor, code: string): Promise<Enterprise> {
    return toEnterprise(await getVisibleEnterprise(this.ctx, this.ctx.db.kysely, actor, code));
  }

  async history(actor: Actor, code: string): Promise<EnterpriseChange[]> {
    await getVisibleEnterprise(this.ctx, this.ctx.db.kysely, actor, code);
    const rows = await tables(this.ctx.db.kysely)
      .selectFrom('credit_enterprise_change')
      .selectAll()
      .where('enterprise_code', '=', code)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: Number(r.version),
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      changes: JSON.parse(r.changes),
    }));
  }

  /** Enterprises the actor may see, in code order, optionally of one type or district. */
  async list(
    actor: Actor,
    filter: { type?: EnterpriseType; district?: string; after?: string; limit?: number },
  ): Promise<Enterprise[]> {
    let query = tables(this.ctx.db.kysely)
      .selectFrom('credit_enterprise')
      .selectAll()
      .where(scopeWhere(actor, { district: 'district', enterprise: 'code' }))
      .orderBy('code')
      .limit(filter.limit ?? 100);
    if (filter.type) query = query.where('types', 'like', `%"${filter.type}"%`);
    if (filter.district) query = query.where('district', '=', filter.district);
    if (filter.after) query = query.where('code', '>', filter.after);
    return (await query.execute()).map(toEnterprise);
  }

  /** The enterprise with this customs code, unscoped (for other modules); undefined when not registered. */
  async find(code: string): Promise<Enterprise | undefined> {
    const row = await tables(this.ctx.db.kysely)
      .selectFrom('credit_enterprise')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toEnterprise(row) : undefined;
  }

  private async checkDistrict(district: string, onDate: string): Promise<Issue[]> {
    const reason = (await this.ctx.reference.current()).check('customsDistrict', district, onDate);
    return reason ? [{ path: 'district', rule: reason.rule, params: reason.params }] : [];
  }

  private async assertUnique(tx: Parameters<typeof tables>[0], code: string | undefined, uscc: string) {
    const taken = await tables(tx)
      .selectFrom('credit_enterprise')
      .select(['code', 'uscc'])
      .where((eb) => eb.or([eb('code', '=', code ?? ''), eb('uscc', '=', uscc)]))
      .execute();
    const issues: Issue[] = [];
    if (code && taken.some((t) => t.code === code))
      issues.push({ path: 'code', rule: 'credit_already_registered', params: { value: code } });
    if (taken.some((t) => t.uscc === uscc))
      issues.push({ path: 'uscc', rule: 'credit_already_registered', params: { value: uscc } });
    if (issues.length > 0)
      throw new AppError('CREDIT.DUPLICATE_ENTERPRISE', 409, { count: issues.length }, issues);
  }
}
