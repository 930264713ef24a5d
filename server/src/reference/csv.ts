/** One CSV record and the file line it starts on (header = line 1), for row/column error messages. */
export interface CsvRecord {
  line: number;
  values: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
  /** Set when a quoted field never closes: the line where it opened. */
  unterminatedQuoteLine?: number;
}

/**
 * Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF;
 * a UTF-8 byte-order mark is dropped (official tables exported from Excel carry one). Blank lines
 * are skipped. No dependency: the shipped files and operator imports need nothing more.
 */
export function parseCsv(text: string): CsvTable {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // One field and its delimiter per match; a quoted field may span lines.
  const token = /(?:"((?:[^"]|"")*)"|([^,\r\n"]*))(,|\r\n|\n|\r|$)/y;
  const records: CsvRecord[] = [];
  let values: string[] = [];
  let line = 1;
  let recordLine = 1;
  let position = 0;
  while (position < input.length) {
    token.lastIndex = position;
    const match = token.exec(input);
    if (!match || match[0] === '') {
      // A quote that never closes (or a stray quote inside an unquoted field).
      return { header: records[0]?.values ?? [], records: records.slice(1), unterminatedQuoteLine: line };
    }
    const quoted = match[1];
    values.push(quoted !== undefined ? quoted.replace(/""/g, '"') : (match[2] ?? ''));
    if (quoted !== undefined) line += quoted.split('\n').length - 1;
    position = token.lastIndex;
    const delimiter = match[3];
    if (delimiter === ',') {
      if (position < input.length) continue;
      values.push(''); // "a,b," ends with an empty last field
      break;
    }
    if (values.length > 1 || values[0] !== '') records.push({ line: recordLine, values });
    values = [];
    line++;
    recordLine = line;
    if (delimiter === '') break;
  }
  if (values.length > 0) records.push({ line: recordLine, values });
  const [head, ...rest] = records;
  return { header: (head?.values ?? []).map((h) => h.trim()), records: rest };
}

/** Maps each record to an object keyed by the header, for files whose columns are known. */
export function csvObjects(table: CsvTable): { line: number; row: Record<string, string> }[] {
  return table.records.map(({ line, values }) => ({
    line,
    row: Object.fromEntries(table.header.map((name, i) => [name, values[i] ?? ''])),
  }));
}
