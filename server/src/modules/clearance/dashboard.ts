import { z } from 'zod';
import { Dec, type Executor, toMoney } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/identity/index.ts';
import { countDeclarations, scopeCondition } from './declaration.query.ts';
import type { ClearanceTables } from './declaration.repository.ts';

export const DashboardSchema = z.object({
  since: z.string(),
  declared: z.number(),
  byStatus: z.record(z.string(), z.number()),
  byChannel: z.object({ green: z.number(), yellow: z.number(), red: z.number() }),
  released: z.number(),
  /** Duty of declarations released since then, CNY. */
  dutyCollected: z.string(),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** Today's clearance at a glance, over what the caller may see (the command dashboard reads it). */
export async function clearanceDashboard(db: Executor, actor: Actor, since: string): Promise<Dashboard> {
  const counts = await countDeclarations(db, actor, since);
  const byStatus: Record<string, number> = {};
  const byChannel = { green: 0, yellow: 0, red: 0 };
  let declared = 0;
  for (const { status, channel, count } of counts) {
    byStatus[status] = (byStatus[status] ?? 0) + count;
    if (status !== 'draft') declared += count;
    if (channel === 'green' || channel === 'yellow' || channel === 'red') byChannel[channel] += count;
  }
  const released = await db
    .withTables<ClearanceTables>()
    .selectFrom('clearance_declaration')
    .where(scopeCondition(actor))
    .where('released_at', '>=', since)
    .select('duty')
    .execute();
  const duty = released.reduce(
    (sum, row) => sum.plus((JSON.parse(row.duty ?? '{}') as { total?: string }).total ?? '0'),
    new Dec(0),
  );
  return { since, declared, byStatus, byChannel, released: released.length, dutyCollected: toMoney(duty) };
}
