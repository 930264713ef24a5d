import type { Catalogue } from '../platform/i18n/index.ts';

/** Messages of the reference data: its error codes and the issue rules of its checks and imports. */
export const referenceCatalogue: Catalogue = {
  'REFERENCE.UNKNOWN_CODE_SET': { 'zh-CN': '代码表 {codeSet} 不存在', en: 'No code set named {codeSet}' },
  'REFERENCE.UNKNOWN_CODE': {
    'zh-CN': '代码表 {codeSet} 中没有 {onDate} 有效的代码 {code}',
    en: 'Code set {codeSet} has no code {code} in force on {onDate}',
  },
  'REFERENCE.NOT_IN_FORCE': {
    'zh-CN': '代码表 {codeSet} 在 {onDate} 尚无有效版本',
    en: 'Code set {codeSet} has no version in force on {onDate}',
  },
  'REFERENCE.INVALID_DATE': {
    'zh-CN': '{field} 的日期 {value} 无效，应为 YYYY-MM-DD 格式的实际日期',
    en: 'The date {value} of {field} is not a real date written YYYY-MM-DD',
  },
  'REFERENCE.INVALID_FILE': {
    'zh-CN': '文件 {file} 有 {count} 处错误，未导入任何数据',
    en: 'The file {file} has {count} problem(s); nothing was imported',
  },
  'REFERENCE.VERSION_NOT_NEWER': {
    'zh-CN': '代码表 {codeSet} 已有自 {latest} 起施行的版本，新版本的生效日期 {effectiveFrom} 必须晚于该日期',
    en: 'Code set {codeSet} already has a version in force from {latest}; the new version must start after it, not on {effectiveFrom}',
  },
  'REFERENCE.FILE_UNREADABLE': {
    'zh-CN': '无法读取文件 {file}：{reason}',
    en: 'Cannot read the file {file}: {reason}',
  },
  'RULE.unknown_code': {
    'zh-CN': '{code} 不是代码表 {codeSet} 在 {onDate} 有效的代码',
    en: '{code} is not a code of {codeSet} in force on {onDate}',
  },
  'RULE.not_in_force': {
    'zh-CN': '代码 {code} 在 {onDate} 未施行（代码表 {codeSet} 中自 {from} 起有效）',
    en: 'code {code} is not in force on {onDate} (in {codeSet} from {from})',
  },
  'RULE.duplicate': { 'zh-CN': '与第 {firstRow} 行重复', en: 'duplicates row {firstRow}' },
  'RULE.empty': { 'zh-CN': '文件没有数据行', en: 'the file has no data rows' },
  'RULE.invalid_json': { 'zh-CN': '不是合法的 JSON：{reason}', en: 'is not valid JSON: {reason}' },
  'RULE.unterminated_quote': {
    'zh-CN': '此行开始的引号字段没有结束',
    en: 'a quoted field starting on this row never ends',
  },
  'RULE.column_count': {
    'zh-CN': '应有 {expected} 列，实有 {actual} 列',
    en: 'has {actual} columns; the header has {expected}',
  },
  'RULE.date': { 'zh-CN': '应为 YYYY-MM-DD 格式的实际日期', en: 'must be a real date written YYYY-MM-DD' },
};
