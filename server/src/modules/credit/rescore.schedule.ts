import type { Database } from '../../platform/db/index.ts';
import { type Actor, actorLabel } from '../../platform/identity/index.ts';
import { chinaDay, startOfChinaDay } from '../../platform/time/index.ts';
import type { CreditTables } from './credit.tables.ts';
import type { RescoreOptions, RescoreResult, Rescorer } from './rescore.service.ts';

export interface ScheduleLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Runs the re-score and records the run (one row per day; a forced run replaces the day's row). */
export async function runRescore(
  db: Database,
  rescorer: Rescorer,
  actor: Actor,
  onDate: string,
  options: RescoreOptions & { force?: boolean } = {},
): Promise<RescoreResult | undefined> {
  const q = db.kysely.withTables<CreditTables>();
  if (options.force) await q.deleteFrom('credit_rescore_run').where('run_on', '=', onDate).execute();
  // Several server processes may be running: the first to claim the day runs it.
  const claimed = await q
    .insertInto('credit_rescore_run')
    .values({
      run_on: onDate,
      started_at: new Date().toISOString(),
      finished_at: null,
      enterprises: 0,
      changed: 0,
      level_changes: 0,
      actor: actorLabel(actor).id,
    })
    .onConflict((oc) => oc.column('run_on').doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
  const result = await rescorer.rescoreAll(actor, onDate, options);
  await q
    .updateTable('credit_rescore_run')
    .set({
      finished_at: new Date().toISOString(),
      enterprises: result.enterprises,
      changed: result.changed,
      level_changes: result.levelChanges,
    })
    .where('run_on', '=', onDate)
    .execute();
  return result;
}

/**
 * The daily run inside the server: once a minute it checks whether the run of today in China (after
 * `hourInChina` o'clock there, 02:00 by default) has been claimed, and runs it if not. Returns a stop function.
 */
export function scheduleDailyRescore(
  db: Database,
  rescorer: Rescorer,
  logger: ScheduleLogger,
  options: { hourInChina?: number; everyMs?: number; now?: () => Date } = {},
): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  const actor: Actor = { kind: 'operator', name: 'credit-scheduler' };
  let running: Promise<unknown> | undefined;
  let doneOn: string | undefined; // the day this process saw claimed (by itself or another process)
  const tick = () => {
    const at = now();
    const hour = Math.floor((at.getTime() - startOfChinaDay(at).getTime()) / 3_600_000);
    const onDate = chinaDay(at);
    if (running || onDate === doneOn || hour < (options.hourInChina ?? 2)) return;
    running = runRescore(db, rescorer, actor, onDate)
      .then((result) => {
        doneOn = onDate;
        if (result) logger.info({ ...result }, 'credit rescore finished');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'credit rescore failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.everyMs ?? 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
