import type { Command } from 'commander';
import { chinaDay } from '../platform/time/index.ts';
import { operator, withPlatform } from './context.ts';
import { createProgress } from './progress.ts';

/** `jinguan credit rescore`: the daily run on demand, with a progress bar. */
export function registerCreditCommands(program: Command): void {
  const credit = program.command('credit').description('enterprise credit');
  credit
    .command('rescore')
    .description(
      're-score every enterprise from its year of facts; level changes become events and audit records',
    )
    .option('--date <YYYY-MM-DD>', 'the day to score as of (default: today in China)')
    .option('--force', "run again even if the day's run is recorded")
    .action(async (o: { date?: string; force?: boolean }) => {
      const onDate = o.date ?? chinaDay(new Date());
      await withPlatform(async ({ credit }) => {
        let progress: ReturnType<typeof createProgress> | undefined;
        let shown = 0;
        const result = await credit.rescore(operator(), onDate, {
          force: o.force,
          onProgress(done, total) {
            progress ??= createProgress('rescore', total);
            progress.increment(done - shown);
            shown = done;
          },
        });
        progress?.stop();
        if (!result) {
          console.log(`the run for ${onDate} is already recorded; --force runs it again`);
          return;
        }
        console.log(
          `scored ${result.enterprises} enterprise(s) as of ${onDate} in ${result.seconds.toFixed(1)} s: ` +
            `${result.changed} score(s) changed, ${result.levelChanges} level change(s)`,
        );
      });
    });
}
