import { readFileSync } from 'node:fs';
import { csvObjects, parseCsv } from './csv.ts';

/** One row of a code set as stored: code, names and the set's extra columns. */
export interface CodeRow {
  code: string;
  nameZh: string | null;
  nameEn: string | null;
  attributes: Record<string, string>;
}

const file = (name: string) => readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');

interface ListItem {
  code: string;
  name: string;
  note?: string;
  iso?: string;
}
type CodeLists = Record<string, { items?: ListItem[] }>;

// Which list of cn-customs-codelists.json fills which code set.
const LISTS: Record<string, string> = {
  customsDistrict: 'customsDistricts',
  tradeMode: 'tradeModes',
  levyNature: 'cutModes',
  dutyMode: 'dutyModes',
  transactionTerm: 'transModes',
  transportMode: 'trafModes',
  currency: 'currenciesNumeric',
  unit: 'units',
  packageType: 'wrapTypesDec',
  cebPackageType: 'wrapTypesCeb',
};

// Where several customs codes share one ISO code, the country itself (Spain, not Ceuta or Melilla;
// Bonaire for BES, the first of the three islands).
const PRIMARY_COUNTRY_CODES = new Set(['312', '409']);

/** Source names carry line breaks and doubled spaces from the statistics portal's export. */
const clean = (text: string | undefined) => {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value === '' ? null : value;
};

const compact = (attributes: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(attributes).filter((entry): entry is [string, string] => !!entry[1] && entry[1] !== '?'),
  );

function fromList(item: ListItem, extra: Record<string, string | undefined> = {}): CodeRow {
  return {
    code: item.code,
    nameZh: clean(item.name),
    nameEn: null,
    attributes: compact({ ...extra, iso: item.iso, note: item.note }),
  };
}

/** The parent district of a subordinate office (XXnn → XX00; XX00 → 0000). */
function districtParent(code: string): string | undefined {
  if (code === '0000') return undefined;
  return code.endsWith('00') ? '0000' : `${code.slice(0, 2)}00`;
}

/** Every shipped code set, read from the data files beside this module (see data/README.md). */
export function readSeedCodeSets(): Map<string, CodeRow[]> {
  const lists = JSON.parse(file('cn-customs-codelists.json')) as CodeLists;
  const sets = new Map<string, CodeRow[]>();
  for (const [codeSet, list] of Object.entries(LISTS)) {
    const items = lists[list]?.items ?? [];
    sets.set(
      codeSet,
      items.map((item) =>
        fromList(item, codeSet === 'customsDistrict' ? { parent: districtParent(item.code) } : {}),
      ),
    );
  }

  const countries = csvObjects(parseCsv(file('cn-customs-country-codes-numeric.csv')));
  sets.set(
    'country',
    countries.map(({ row }) => ({
      code: row.code!,
      nameZh: clean(row.name_zh),
      nameEn: clean(row.name_en),
      attributes: compact({
        iso: row.iso_alpha3_guess,
        primary: PRIMARY_COUNTRY_CODES.has(row.code!) ? '1' : undefined,
      }),
    })),
  );

  const sections = csvObjects(parseCsv(file('hs2022-sections.csv')));
  sets.set(
    'hsSection',
    sections.map(({ row }) => ({
      code: row.section!,
      nameZh: null,
      nameEn: clean(row.name),
      attributes: {},
    })),
  );

  const hs = csvObjects(parseCsv(file('hs2022-wco-6digit.csv')));
  sets.set(
    'hs',
    // The source closes with a grand-total row, and chapter 99 (not specified) belongs to no section.
    hs
      .filter(({ row }) => row.hscode !== 'TOTAL')
      .map(({ row }) => ({
        code: row.hscode!,
        nameZh: null,
        nameEn: clean(row.description),
        attributes: compact({
          level: row.level,
          parent: row.parent === 'TOTAL' ? undefined : row.parent,
          section: row.section === 'TOTAL' ? undefined : row.section,
        }),
      })),
  );

  const lines = csvObjects(parseCsv(file('cn-customs-hs8-2023.csv')));
  sets.set(
    'hs8',
    lines.map(({ row }) => ({
      code: row.hs8!,
      nameZh: clean(row.name_zh),
      nameEn: clean(row.name_en),
      attributes: compact({
        statUnit1: row.stat_unit1_code,
        statUnit1Zh: row.stat_unit1_zh,
        statUnit2: row.stat_unit2_code,
        statUnit2Zh: row.stat_unit2_zh,
      }),
    })),
  );
  return sets;
}
