import { describe, expect, it } from 'vitest';
import { csvObjects, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by file line', () => {
    const table = parseCsv('code,name\n01,"a, ""b"""\n02,"two\nlines"\n03,c\n');
    expect(table.header).toEqual(['code', 'name']);
    expect(table.records).toEqual([
      { line: 2, values: ['01', 'a, "b"'] },
      { line: 3, values: ['02', 'two\nlines'] },
      { line: 5, values: ['03', 'c'] },
    ]);
  });

  it('drops a byte-order mark, accepts CRLF, skips blank lines and keeps an empty last field', () => {
    const table = parseCsv('\ufeffcode,name\r\n1,x\r\n\r\n2,\r\n');
    expect(table.header).toEqual(['code', 'name']);
    expect(csvObjects(table)).toEqual([
      { line: 2, row: { code: '1', name: 'x' } },
      { line: 4, row: { code: '2', name: '' } },
    ]);
  });

  it('reports the line where a quoted field opens and never closes', () => {
    expect(parseCsv('code,name\n1,ok\n2,"never closed\n3,x').unterminatedQuoteLine).toBe(3);
  });
});
