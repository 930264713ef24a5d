import type { Issue } from '../../platform/errors/index.ts';
import type { CodeCheckReason } from '../../reference/index.ts';
import { CEB_SHAPES } from './ceb.fields.ts';
import type { CebDocument } from './ceb.xml.ts';

/** The reference data's answer for one code: undefined when it is in force on the day. */
export interface CodeLists {
  check(codeSet: string, code: string, onDate: string): CodeCheckReason | undefined;
}

// Coded fields of the CEB messages and the code set each is drawn from (code-lists.md: 海关国别代码 numeric,
// 计量单位, 运输方式, CEB 包装种类). The same name has the same meaning in every message.
const HEAD_CODES: Record<string, string> = {
  country: 'country',
  trafMode: 'transportMode',
  wrapType: 'cebPackageType',
};
const LINE_CODES: Record<string, string> = {
  country: 'country',
  tradeCountry: 'country',
  unit: 'unit',
  unit1: 'unit',
  unit2: 'unit',
};
// 关区代码 (JGS/T 18): the code set holds the 关区 (XX00) and some 隶属海关; any XXnn of a 关区 in it is taken, as
// officers' districts take it (list-lookup.service.ts). 0000 is 海关总署, where nothing is declared.
const CUSTOMS_FIELDS = ['customsCode', 'portCode'] as const;

/**
 * A well-formed document's coded fields against the code lists in force on `onDate` (the reference data, so
 * an imported new version applies from its day). Unknown codes are format errors (-1): a country `USA` or a
 * unit `ABC` would be stored, taxed and counted as sent.
 */
export function codedFieldIssues(doc: CebDocument, codes: CodeLists, onDate: string): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, reason: CodeCheckReason | undefined) => {
    if (reason) issues.push({ path, rule: reason.rule, params: reason.params });
  };
  for (const [field, codeSet] of Object.entries(HEAD_CODES)) {
    const code = doc.head[field];
    if (code) add(doc.paths[field as keyof CebDocument['paths']], codes.check(codeSet, code, onDate));
  }
  for (const field of CUSTOMS_FIELDS) {
    const code = doc.head[field];
    if (code) add(doc.paths[field], customsCodeCheck(code, codes, onDate));
  }
  const lineElement = CEB_SHAPES[doc.type].lines?.element;
  doc.lines.forEach((line, i) => {
    for (const [field, codeSet] of Object.entries(LINE_CODES)) {
      const code = line[field];
      if (code) add(`${lineElement}[${i + 1}]/${field}`, codes.check(codeSet, code, onDate));
    }
  });
  return issues;
}

function customsCodeCheck(code: string, codes: CodeLists, onDate: string): CodeCheckReason | undefined {
  if (code === '0000') return { rule: 'unknown_code', params: { codeSet: 'customsDistrict', code, onDate } };
  const own = codes.check('customsDistrict', code, onDate);
  if (!own || !/^\d{2}(?!00)\d{2}$/.test(code)) return own;
  // A 隶属海关 not in the set: its 关区 must be in force.
  return codes.check('customsDistrict', `${code.slice(0, 2)}00`, onDate) ? own : undefined;
}
