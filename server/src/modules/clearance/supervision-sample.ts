import { readFileSync } from 'node:fs';
import type { TariffLineFacts } from './declaration.model.ts';

// SAMPLE supervision conditions (法定计量单位 and 监管证件) for the demo goods; the official
// table is not open data. Lines not listed here get no unit or licence check.
const ROWS = readFileSync(new URL('./data/supervision-sample.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));

const FACTS = new Map<string, TariffLineFacts>(
  ROWS.map(([hs8 = '', legalUnit, secondUnit, imports, exports]) => [
    hs8,
    {
      legalUnit: legalUnit || undefined,
      secondUnit: secondUnit || undefined,
      licenceCodes: {
        I: imports ? imports.split(';') : [],
        E: exports ? exports.split(';') : [],
      },
    },
  ]),
);

/** What the (sample) supervision table says about a tariff line. */
export function sampleTariffLineFacts(hsCode: string): TariffLineFacts | undefined {
  return FACTS.get(hsCode.slice(0, 8));
}
