import { AppError } from '../../errors/index.ts';

// Encodings the official families are sent in. GBK and GB2312 are subsets of GB18030, so one
// decoder reads all three (the CEB standard has an older gb2312 receipt sample).
const DECODERS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
};

const PROLOG = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** The encoding named by the XML declaration (UTF-8 when none is declared, as XML 1.0 says). */
export function declaredEncoding(bytes: Uint8Array): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const head = Buffer.from(bytes.subarray(hasBom ? 3 : 0, 200)).toString('latin1');
  return (PROLOG.exec(head)?.[1] ?? 'utf-8').toLowerCase();
}

/**
 * Decodes a message's bytes as its prolog declares. Unknown encodings and bytes that are not
 * valid in the declared one are refused, so no mis-decoded text is ever stored or checked.
 */
export function decodeXml(bytes: Uint8Array): string {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new AppError('EXCHANGE.XML_ENCODING_UNSUPPORTED', 415, { encoding: 'UTF-16' });
  }
  const encoding = declaredEncoding(bytes);
  const decoder = DECODERS[encoding];
  if (!decoder) throw new AppError('EXCHANGE.XML_ENCODING_UNSUPPORTED', 415, { encoding });
  try {
    // ignoreBOM false: the decoder drops a UTF-8 byte-order mark.
    return new TextDecoder(decoder, { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('EXCHANGE.XML_ENCODING_INVALID', 400, { encoding });
  }
}
