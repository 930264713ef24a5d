/** A message in both languages; `{name}` placeholders are filled from the error's params. */
export interface Message {
  'zh-CN': string;
  en: string;
}

export type Catalogue = Record<string, Message>;
export type Locale = keyof Message;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Messages of the platform itself: HTTP, validation rules, storage, configuration. */
export const platformCatalogue: Catalogue = {
  'COMMON.VALIDATION': {
    'zh-CN': '请求有 {count} 处错误',
    en: 'The request has {count} problem(s)',
  },
  'COMMON.NOT_FOUND': { 'zh-CN': '记录不存在', en: 'Record not found' },
  'COMMON.INTERNAL': {
    'zh-CN': '服务器内部错误，请联系管理员并提供请求编号',
    en: 'Internal server error; give the request id to the administrator',
  },
  'COMMON.UNAVAILABLE': {
    'zh-CN': '服务暂时无法处理该请求（未做任何变更），请稍后重试',
    en: 'The request could not be handled just now (nothing was changed); retry shortly',
  },
  'HTTP.ROUTE_NOT_FOUND': {
    'zh-CN': '接口不存在：{method} {url}',
    en: 'No such endpoint: {method} {url}',
  },
  'HTTP.INVALID_JSON': { 'zh-CN': '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  'HTTP.EMPTY_BODY': {
    'zh-CN': '请求体为空，但声明了 JSON 内容类型',
    en: 'The request body is empty but a JSON content type was declared',
  },
  'HTTP.BODY_TOO_LARGE': {
    'zh-CN': '请求体超过上限 {limit} 字节',
    en: 'The request body exceeds the limit of {limit} bytes',
  },
  'HTTP.UNSUPPORTED_MEDIA_TYPE': {
    'zh-CN': '不支持的内容类型：{contentType}',
    en: 'Unsupported content type: {contentType}',
  },
  'HTTP.METHOD_NOT_ALLOWED': { 'zh-CN': '不允许的请求方法', en: 'Method not allowed' },
  'HTTP.BAD_REQUEST': { 'zh-CN': '请求无效：{reason}', en: 'Bad request: {reason}' },
  'HTTP.SHUTTING_DOWN': {
    'zh-CN': '服务正在停止，请稍后重试',
    en: 'The server is shutting down; retry shortly',
  },
  'DB.NEWER_SCHEMA': {
    'zh-CN': '数据库已由更新版本的 jinguan 迁移（未知迁移 {migration}），拒绝启动',
    en: 'The database was migrated by a newer jinguan (unknown migration {migration}); refusing to start',
  },
  // Validation rules: each issue's message is keyed RULE.<rule>.
  'RULE.required': { 'zh-CN': '必填', en: 'is required' },
  'RULE.type': { 'zh-CN': '类型应为 {expected}', en: 'must be of type {expected}' },
  'RULE.unknown_field': { 'zh-CN': '不允许的字段', en: 'is not an allowed field' },
  'RULE.too_long': { 'zh-CN': '长度不能超过 {maximum}', en: 'must be at most {maximum} long' },
  'RULE.too_short': { 'zh-CN': '长度不能少于 {minimum}', en: 'must be at least {minimum} long' },
  'RULE.too_big': { 'zh-CN': '不能大于 {maximum}', en: 'must be at most {maximum}' },
  'RULE.too_small': { 'zh-CN': '不能小于 {minimum}', en: 'must be at least {minimum}' },
  'RULE.format': { 'zh-CN': '格式应为 {format}', en: 'must match the format {format}' },
  'RULE.enum': { 'zh-CN': '取值应为 {values} 之一', en: 'must be one of {values}' },
  'RULE.invalid': { 'zh-CN': '取值无效', en: 'is invalid' },
};
