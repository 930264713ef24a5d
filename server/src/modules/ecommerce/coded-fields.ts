import type { Issue } from '../../platform/errors/index.ts';
import type { DistrictTree } from '../../platform/identity/index.ts';
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
// 关区代码 (JGS/T 18): the platform knows the 关区 (XX00) and some 隶属海关; any XXnn of a known 关区 is taken,
// as officers' districts take it (list-lookup.service.ts).
const CUSTOMS_FIELDS = ['customsCode', 'portCode'] as const;

/**
 * A well-formed document's coded fields against the code lists in force on `onDate` (the reference data, so
 * an imported new version applies from its day) and its customs codes against the district tree. Unknown
 * codes are format errors (-1): a country `USA` or a unit `ABC` would be stored, taxed and counted as sent.
 */
export function codedFieldIssues(
  doc: CebDocument,
  codes: CodeLists,
  districts: DistrictTree,
  onDate: string,
): Issue[] {
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
    if (code && !isCustomsCode(code, districts))
      issues.push({
        path: doc.paths[field],
        rule: 'unknown_code',
        params: { codeSet: 'customsDistrict', code },
      });
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

function isCustomsCode(code: string, districts: DistrictTree): boolean {
  return districts.has(code) || (/^\d{4}$/.test(code) && districts.has(`${code.slice(0, 2)}00`));
}
