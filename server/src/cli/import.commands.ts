import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Platform } from '../main.ts';
import type { AuditEntry } from '../platform/audit/index.ts';
import type { Executor } from '../platform/db/index.ts';
import { AppError } from '../platform/errors/index.ts';
import { operator, withPlatform } from './context.ts';

/**
 * Reads an operator's file as text. Official tables exported on Chinese Windows are often
 * GB18030 (GBK); a file that is not valid UTF-8 is read as GB18030 instead of being garbled.
 */
function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new AppError('REFERENCE.FILE_UNREADABLE', 400, { file, reason: (error as Error).message });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The audit record of an import, written in the import's own transaction. */
function audit(platform: Platform, tx: Executor, entry: AuditEntry): Promise<void> {
  return platform.identity.audit.record(tx, operator(), entry);
}

/** `jinguan import codeset|tariff|rates …`: official tables loaded atomically, every bad row named. */
export function registerImportCommands(program: Command): void {
  const imports = program
    .command('import')
    .description('load official tables: code sets, tariff schedule, exchange rates');

  imports
    .command('codeset <name> <file>')
    .description('load a newer official code table (CSV or JSON) as a new version of a code set')
    .requiredOption('--effective <date>', 'the day the new version comes into force (YYYY-MM-DD)')
    .option('--label <label>', 'a name for the version (default: the file name)')
    .option('--format <format>', 'csv or json (default: by the file extension)')
    .action(
      async (
        name: string,
        file: string,
        o: { effective: string; label?: string; format?: 'csv' | 'json' },
      ) => {
        await withPlatform(async (platform) => {
          const result = await platform.reference.importCodeSet(
            {
              codeSet: name,
              content: readTextFile(file),
              fileName: file,
              effectiveFrom: o.effective,
              label: o.label,
              format: o.format,
            },
            (tx, stored) =>
              audit(platform, tx, {
                action: 'reference.codeset.import',
                recordType: 'reference_code_set_version',
                recordId: String(stored.versionId),
                change: { file: basename(file), ...stored },
              }),
          );
          console.log(
            `${name}: version ${result.versionId} with ${result.rows} code(s), in force from ${result.effectiveFrom}`,
          );
        });
      },
    );

  imports
    .command('tariff <file>')
    .description('load tariff rates (CSV: hs_code, kind, agreement, origin, form, ad_valorem_percent, ...)')
    .action(async (file: string) => {
      await withPlatform(async (platform) => {
        const result = await platform.tariff.service.importTariff(
          { content: readTextFile(file), fileName: file },
          (tx, stored) =>
            audit(platform, tx, {
              action: 'tariff.schedule.import',
              recordType: 'tariff_rate',
              recordId: basename(file),
              change: stored,
            }),
        );
        console.log(`tariff: ${result.rows} rate(s) loaded, ${result.replaced} replacing stored ones`);
      });
    });

  imports
    .command('rates <file>')
    .description('load monthly customs exchange rates (CSV: currency, month, rate)')
    .action(async (file: string) => {
      await withPlatform(async (platform) => {
        const result = await platform.tariff.service.importExchangeRates(
          { content: readTextFile(file), fileName: file },
          (tx, stored) =>
            audit(platform, tx, {
              action: 'tariff.exchange_rates.import',
              recordType: 'tariff_exchange_rate',
              recordId: basename(file),
              change: stored,
            }),
        );
        console.log(`exchange rates: ${result.rows} loaded, ${result.replaced} replacing stored ones`);
      });
    });
}
