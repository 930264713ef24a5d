import type { Issue } from '../platform/errors/index.ts';
import type { CodeSetDefinition } from './code-sets.ts';
import { parseCsv } from './csv.ts';
import type { CodeRow } from './seed-data.ts';

export type ImportFormat = 'csv' | 'json';

export interface ParsedCodeSet {
  rows: CodeRow[];
  issues: Issue[];
}

const NAME_MAX = 500;
const ATTRIBUTE_MAX = 200;
// Spellings of the name columns found in official exports and in our own JSON lists.
const COMMON_ALIASES: Record<string, string> = {
  name: 'name_zh',
  nameZh: 'name_zh',
  nameEn: 'name_en',
};

/** The row/column position used in every issue: `row 7.iso` (CSV: file line; JSON: item number). */
const at = (row: number | 'header', column?: string) =>
  column ? `${row === 'header' ? 'header' : `row ${row}`}.${column}` : `row ${row}`;

interface RawRecord {
  row: number;
  values: Record<string, unknown>;
}

/**
 * Parses and checks a code-set file, finding every problem at once: each issue names the row
 * (CSV: its line in the file; JSON: its item number, from 1) and the column, and the rule broken.
 * Pure: no I/O; the caller stores the rows only when there is no issue.
 */
export function parseCodeSetFile(
  definition: CodeSetDefinition,
  content: string,
  format: ImportFormat,
): ParsedCodeSet {
  const aliases = { ...COMMON_ALIASES, ...definition.aliases };
  const canonical = (column: string) => aliases[column] ?? column;
  const allowed = new Set(['code', 'name_zh', 'name_en', ...Object.keys(definition.attributes)]);
  const issues: Issue[] = [];
  const records = format === 'csv' ? readCsv(content, issues, canonical) : readJson(content, issues);
  if (records === undefined) return { rows: [], issues };
  if (records.length === 0) issues.push({ path: 'file', rule: 'empty' });

  const reportedColumns = new Set<string>();
  const firstRowOf = new Map<string, number>();
  const rows: CodeRow[] = [];
  for (const { row, values } of records) {
    const fields: Record<string, string> = {};
    for (const [column, value] of Object.entries(values)) {
      const name = canonical(column);
      if (!allowed.has(name)) {
        // A CSV has one header, so an unknown column is reported once there; JSON per item.
        if (format === 'json') issues.push({ path: at(row, column), rule: 'unknown_field' });
        else if (!reportedColumns.has(column))
          issues.push({ path: at('header', column), rule: 'unknown_field' });
        reportedColumns.add(column);
        continue;
      }
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string') {
        issues.push({ path: at(row, column), rule: 'type', params: { expected: 'string' } });
        continue;
      }
      fields[name] = value.trim();
    }
    const code = fields.code ?? '';
    if (code === '') issues.push({ path: at(row, 'code'), rule: 'required' });
    else if (!definition.codePattern.test(code)) {
      issues.push({
        path: at(row, 'code'),
        rule: 'format',
        params: { format: definition.codePattern.source },
      });
    } else {
      const first = firstRowOf.get(code);
      if (first !== undefined)
        issues.push({ path: at(row, 'code'), rule: 'duplicate', params: { firstRow: first, code } });
      else firstRowOf.set(code, row);
    }
    const nameZh = fields.name_zh || null;
    const nameEn = fields.name_en || null;
    if (!nameZh && !nameEn) issues.push({ path: at(row, 'name_zh'), rule: 'required' });
    for (const [column, value] of [['name_zh', nameZh] as const, ['name_en', nameEn] as const]) {
      if (value && value.length > NAME_MAX)
        issues.push({ path: at(row, column), rule: 'too_long', params: { maximum: NAME_MAX } });
    }
    const attributes: Record<string, string> = {};
    for (const [name, rule] of Object.entries(definition.attributes)) {
      const value = fields[name] ?? '';
      if (value === '') {
        if (rule.required) issues.push({ path: at(row, name), rule: 'required' });
        continue;
      }
      if (value.length > ATTRIBUTE_MAX)
        issues.push({ path: at(row, name), rule: 'too_long', params: { maximum: ATTRIBUTE_MAX } });
      else if (rule.pattern && !rule.pattern.test(value)) {
        issues.push({ path: at(row, name), rule: 'format', params: { format: rule.pattern.source } });
      }
      attributes[name] = value;
    }
    rows.push({ code, nameZh, nameEn, attributes });
  }
  return { rows, issues: issues.sort((a, b) => rowOf(a.path) - rowOf(b.path)) };
}

/** Issues read top to bottom: the file, then its header, then each row in order. */
function rowOf(path: string): number {
  if (path === 'file') return -1;
  if (path.startsWith('header')) return 0;
  return Number(/^row (\d+)/.exec(path)?.[1] ?? 0);
}

function readCsv(
  content: string,
  issues: Issue[],
  canonical: (column: string) => string,
): RawRecord[] | undefined {
  const table = parseCsv(content);
  if (table.unterminatedQuoteLine !== undefined) {
    issues.push({ path: at(table.unterminatedQuoteLine), rule: 'unterminated_quote' });
    return undefined;
  }
  if (!table.header.some((column) => canonical(column) === 'code')) {
    issues.push({ path: at('header', 'code'), rule: 'required' });
    return undefined;
  }
  return table.records.map(({ line, values }) => {
    if (values.length !== table.header.length) {
      issues.push({
        path: at(line),
        rule: 'column_count',
        params: { expected: table.header.length, actual: values.length },
      });
    }
    return { row: line, values: Object.fromEntries(table.header.map((name, i) => [name, values[i] ?? ''])) };
  });
}

function readJson(content: string, issues: Issue[]): RawRecord[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    issues.push({ path: 'file', rule: 'invalid_json', params: { reason: (error as Error).message } });
    return undefined;
  }
  // Either a plain array or a list object like those of cn-customs-codelists.json ({ title, items }).
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    issues.push({ path: 'file', rule: 'type', params: { expected: 'array or { items: [...] }' } });
    return undefined;
  }
  const records: RawRecord[] = [];
  items.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ path: at(i + 1), rule: 'type', params: { expected: 'object' } });
    } else records.push({ row: i + 1, values: item as Record<string, unknown> });
  });
  return records;
}
