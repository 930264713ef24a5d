import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError } from '../../errors/index.ts';
import { decodeXml } from './xml-decode.ts';
import { ParsedElement, type XmlDocument } from './xml-element.ts';
import { scanXml } from './xml-scan.ts';

export interface XmlLimits {
  /** Largest message accepted, in bytes. */
  maxBytes: number;
  /** Deepest element nesting accepted (the official families nest fewer than 10 levels). */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 10 * 1024 * 1024, maxDepth: 32 };

/** The official message families, by namespace (standards README: keep namespaces exactly). */
export const XML_NAMESPACES = {
  ceb: 'http://www.chinaport.gov.cn/ceb',
  dec: 'http://www.chinaport.gov.cn/dec',
  dxp: 'http://www.chinaport.gov.cn/dxp',
} as const;

/**
 * Parses one inbound message into an ordered element tree, hardened for input from outside:
 * a DOCTYPE (and so any entity definition: XXE, billion laughs) is refused, as are undefined
 * entities, unbound prefixes, oversized input and deep nesting. saxes was chosen by measurement
 * over fast-xml-parser (docs/adr/0005-xml-parser.md); plain messages take a faster scanner that
 * builds the same tree and leaves everything else, errors included, to saxes (ADR 0017).
 */
export function parseXml(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlDocument {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (bytes > limits.maxBytes) throw new AppError('EXCHANGE.XML_TOO_LARGE', 413, { limit: limits.maxBytes });
  const text = typeof input === 'string' ? input : decodeXml(input);
  // Cheap early refusal; the parser's doctype event below is the real guard.
  if (/<!DOCTYPE/i.test(text)) throw new AppError('EXCHANGE.XML_DOCTYPE', 400);
  const root = scanXml(text, limits.maxDepth) ?? parseWithSaxes(text, limits);
  return { root, text, bytes };
}

/** The general path: saxes, for everything the scanner leaves to it, and for every error. */
export function parseWithSaxes(text: string, limits: XmlLimits): ParsedElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: ParsedElement[] = [];
  let root: ParsedElement | undefined;
  let textParts: string[] = [];

  parser.on('doctype', () => {
    throw new AppError('EXCHANGE.XML_DOCTYPE', 400);
  });
  parser.on('opentagstart', () => {
    if (stack.length >= limits.maxDepth) {
      throw new AppError('EXCHANGE.XML_TOO_DEEP', 400, { limit: limits.maxDepth });
    }
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) {
      if (attribute.prefix !== 'xmlns' && name !== 'xmlns') attributes[name] = attribute.value;
    }
    const parent = stack.at(-1);
    const element = new ParsedElement(
      tag.name,
      tag.local,
      tag.uri,
      attributes,
      text.lastIndexOf('<', parser.position - 1),
      parent,
    );
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    textParts = [];
  });
  parser.on('text', (chunk) => textParts.push(chunk));
  parser.on('cdata', (chunk) => textParts.push(chunk));
  parser.on('closetag', () => {
    const element = stack.pop();
    if (!element) return;
    if (element.children.length === 0 && textParts.length > 0) element.text = textParts.join('').trim();
    element.end = parser.position;
    textParts = [];
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('EXCHANGE.XML_MALFORMED', 400, { reason: reasonOf(error) });
  }
  if (!root) throw new AppError('EXCHANGE.XML_MALFORMED', 400, { reason: 'no root element' });
  return root;
}

/** Refuses a message whose root is not in the family's namespace (`ceb`, `dec`, `dxp`). */
export function expectNamespace(document: XmlDocument, namespace: string): void {
  if (document.root.ns !== namespace) {
    throw new AppError('EXCHANGE.XML_NAMESPACE', 400, {
      expected: namespace,
      actual: document.root.ns || '(none)',
      element: document.root.name,
    });
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
