import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/db/index.ts';
import {
  type Actor,
  canSee,
  type DistrictTree,
  enterpriseOf,
  scopeWhere,
} from '../../platform/identity/index.ts';
import type { ClearanceTables, DeclarationRow } from './declaration.repository.ts';

export interface DeclarationFilter {
  status?: string[];
  channel?: string;
  ieFlag?: string;
  q?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** Who may see a declaration: officers of its district's subtree, the declaring enterprise and the trader. */
export function canSeeDeclaration(actor: Actor, row: DeclarationRow, districts: DistrictTree): boolean {
  const own = enterpriseOf(actor);
  if (own) return row.enterprise_code === own || row.trader_code === own;
  return canSee(actor, { district: row.district }, districts);
}

export function scopeCondition(actor: Actor): Expression<SqlBool> {
  const own = enterpriseOf(actor);
  if (own) return sql<boolean>`(enterprise_code = ${own} OR trader_code = ${own})`;
  return scopeWhere(actor, { district: 'district' });
}

/** A page of the declarations the caller may see, newest first, with the total count. */
export async function listDeclarations(db: Executor, actor: Actor, filter: DeclarationFilter) {
  let query = db
    .withTables<ClearanceTables>()
    .selectFrom('clearance_declaration')
    .where(scopeCondition(actor));
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.ieFlag) query = query.where('ie_flag', '=', filter.ieFlag);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('pre_entry_no', 'like', like),
        eb('entry_id', 'like', like),
        eb('enterprise_code', 'like', like),
        eb('trader_code', 'like', like),
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/** Counts by status and channel over what the caller may see (dashboards). */
export async function countDeclarations(db: Executor, actor: Actor, since: string) {
  const rows = await db
    .withTables<ClearanceTables>()
    .selectFrom('clearance_declaration')
    .where(scopeCondition(actor))
    .where('created_at', '>=', since)
    .select(['status', 'channel', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['status', 'channel'])
    .execute();
  return rows.map((r) => ({ status: r.status, channel: r.channel, count: Number(r.n) }));
}
