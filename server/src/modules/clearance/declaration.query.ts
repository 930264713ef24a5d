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

/** The same rule as a SQL condition; `table` qualifies the columns when the query joins another table. */
export function scopeCondition(actor: Actor, table?: string): Expression<SqlBool> {
  const column = (name: string) => (table ? `${table}.${name}` : name);
  const own = enterpriseOf(actor);
  if (own)
    return sql<boolean>`(${sql.ref(column('enterprise_code'))} = ${own} OR ${sql.ref(column('trader_code'))} = ${own})`;
  return scopeWhere(actor, { district: column('district') });
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

export interface RequestFilter {
  status?: 'pending' | 'approved' | 'refused';
  kind?: 'amend' | 'withdraw';
  page: number;
  pageSize: number;
}

/**
 * A page of amendment and withdrawal requests (修撤) on the declarations the caller may see, oldest
 * first (the order a reviewer works a queue), each with its declaration's number, owner and state.
 */
export async function listChangeRequests(db: Executor, actor: Actor, filter: RequestFilter) {
  let query = db
    .withTables<ClearanceTables>()
    .selectFrom('clearance_request as r')
    .innerJoin('clearance_declaration as d', 'd.id', 'r.declaration_id')
    .where(scopeCondition(actor, 'd'));
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.kind) query = query.where('r.kind', '=', filter.kind);
  const total = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('r')
    .select([
      'd.pre_entry_no',
      'd.enterprise_code',
      'd.district',
      'd.status as declaration_status',
      'd.channel',
    ])
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}
