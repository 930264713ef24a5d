import type { Catalogue } from '../i18n/index.ts';

export const exchangeCatalogue: Catalogue = {
  'EXCHANGE.GUID_REUSED': {
    'zh-CN': '报文编号 {guid} 已用于内容不同的报文，未作任何处理',
    en: 'The GUID {guid} was already used for a message with different content; nothing was changed',
  },
  'EXCHANGE.INVALID_MESSAGE': { 'zh-CN': '报文有 {count} 处错误', en: 'The message has {count} problem(s)' },
  'EXCHANGE.CURSOR_INVALID': {
    'zh-CN': '游标 {cursor} 无效，请使用上次返回的 nextCursor',
    en: 'The cursor {cursor} is invalid; pass the nextCursor of an earlier page',
  },
  'EXCHANGE.ENTERPRISE_ONLY': {
    'zh-CN': '仅企业用户或企业 API 密钥可执行此操作',
    en: 'Only enterprise users and enterprise API keys can do this',
  },
  'EXCHANGE.INVALID_WEBHOOK': {
    'zh-CN': '回调地址有 {count} 处错误',
    en: 'The webhook has {count} problem(s)',
  },
  'EXCHANGE.WEBHOOK_LIMIT': {
    'zh-CN': '每个企业最多登记 {limit} 个回调地址',
    en: 'An enterprise can register at most {limit} webhooks',
  },
  'EXCHANGE.WEBHOOK_NOT_FOUND': { 'zh-CN': '回调地址不存在', en: 'Webhook not found' },
  'EXCHANGE.DEAD_LETTER_NOT_FOUND': {
    'zh-CN': '死信 {id} 不存在或已重新投递',
    en: 'Dead letter {id} does not exist or was already re-delivered',
  },
  'EXCHANGE.XML_REQUIRED': {
    'zh-CN': '请以 application/xml 或 text/xml 提交报文',
    en: 'Send the message as application/xml or text/xml',
  },
  'EXCHANGE.XML_TOO_LARGE': {
    'zh-CN': '报文超过上限 {limit} 字节',
    en: 'The message exceeds the limit of {limit} bytes',
  },
  'EXCHANGE.XML_TOO_DEEP': {
    'zh-CN': '报文元素嵌套超过 {limit} 层',
    en: 'The message nests elements deeper than {limit} levels',
  },
  'EXCHANGE.XML_DOCTYPE': {
    'zh-CN': '报文不得包含 DOCTYPE 或实体声明',
    en: 'Messages must not contain a DOCTYPE or entity declarations',
  },
  'EXCHANGE.XML_MALFORMED': {
    'zh-CN': '报文不是合法的 XML：{reason}',
    en: 'The message is not well-formed XML: {reason}',
  },
  'EXCHANGE.XML_ENCODING_UNSUPPORTED': {
    'zh-CN': '不支持的字符编码 {encoding}（支持 UTF-8、GB18030、GBK、GB2312）',
    en: 'Unsupported encoding {encoding} (UTF-8, GB18030, GBK and GB2312 are accepted)',
  },
  'EXCHANGE.XML_ENCODING_INVALID': {
    'zh-CN': '报文内容不是合法的 {encoding} 编码，请检查 XML 声明中的 encoding',
    en: 'The message bytes are not valid {encoding}; check the encoding in the XML declaration',
  },
  'EXCHANGE.XML_NAMESPACE': {
    'zh-CN': '根元素 {element} 的命名空间应为 {expected}，实际为 {actual}',
    en: 'The root element {element} must be in namespace {expected}, not {actual}',
  },
  'EXCHANGE.XML_INVALID': { 'zh-CN': '报文有 {count} 处错误', en: 'The message has {count} problem(s)' },
  'RULE.order': { 'zh-CN': '顺序错误，应在 {after} 之前', en: 'is out of order (must come before {after})' },
  'RULE.repeated': { 'zh-CN': '不允许重复出现', en: 'must not occur more than once' },
  'RULE.length': { 'zh-CN': '长度应为 {length}', en: 'must be exactly {length} long' },
  'RULE.exclusive': { 'zh-CN': '{fields} 只能提供其中之一', en: 'give only one of {fields}' },
  'RULE.public_address': {
    'zh-CN': '{host} 不是公网地址（本机、内网、链路本地地址不可作为回调地址，除非 WEBHOOK_ALLOW_PRIVATE=on）',
    en: '{host} is not a public address (loopback, private and link-local receivers need WEBHOOK_ALLOW_PRIVATE=on)',
  },
};
