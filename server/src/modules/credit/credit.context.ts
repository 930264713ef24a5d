import type { AuditTrail } from '../../platform/audit/index.ts';
import type { Database, Executor } from '../../platform/db/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import { type Actor, canSee, type DistrictTree, type Policy } from '../../platform/identity/index.ts';
import type { Outbox } from '../../platform/outbox/index.ts';
import { chinaDay } from '../../platform/time/index.ts';
import type { ReferenceData } from '../../reference/index.ts';
import type { CreditTables, EnterpriseRow } from './credit.tables.ts';
import type { Rescorer } from './rescore.service.ts';

/** What every credit service is built on (wired once in index.ts). */
export interface CreditContext {
  db: Database;
  outbox: Outbox;
  audit: AuditTrail;
  reference: ReferenceData;
  districts: DistrictTree;
  policy: Policy;
  rescorer: Rescorer;
  now: () => Date;
}

export const tables = (db: Executor) => db.withTables<CreditTables>();
/** Today in China (`YYYY-MM-DD`): the customs day (docs/adr/0020). */
export const today = (ctx: CreditContext) => chinaDay(ctx.now());

/** The enterprise if it exists and the actor may see it; 404 otherwise (the two are never told apart). */
export async function getVisibleEnterprise(
  ctx: CreditContext,
  db: Executor,
  actor: Actor,
  code: string,
): Promise<EnterpriseRow> {
  const row = await tables(db)
    .selectFrom('credit_enterprise')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row || !canSee(actor, { district: row.district, enterpriseCode: row.code }, ctx.districts))
    throw notFound('CREDIT.UNKNOWN_ENTERPRISE', { code });
  return row;
}

/** A label for `changed_by` / `decided_by` columns. */
export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'officer':
    case 'enterprise':
      return actor.username;
    case 'system':
      return `apikey:${actor.apiKeyId}`;
    case 'operator':
      return `operator:${actor.name}`;
    default:
      return 'public';
  }
}
