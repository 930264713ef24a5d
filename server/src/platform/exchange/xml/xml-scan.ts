import { ParsedElement } from './xml-element.ts';

// The fast path of parseXml (ADR 0017): one pass over the decoded text for the plain XML that the
// official messages are — elements, attributes, namespace declarations, character data and an XML
// declaration. It never refuses anything itself: on anything outside that subset (comments, CDATA,
// processing instructions, entity or character references, carriage returns or tabs in values, a
// name that is not ASCII, a prefixed attribute) and on anything malformed, it gives up and saxes
// parses the message, with saxes' own checks and errors. What it accepts, it builds exactly as the
// saxes path does (xml-scan.test.ts compares the two on generated and mutated messages).

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Characters XML 1.0 allows, without surrogates (a character outside the BMP goes to saxes). */
const OUTSIDE_SUBSET = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/;
const DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
const NAME = /[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/y;
const ATTRIBUTE =
  /[ \t\r\n]+([A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<&\t\n\r]*)"|'([^'<&\t\n\r]*)')/y;
const TAG_END = /[ \t\r\n]*\/?>/y;
const END_TAG_END = /[ \t\r\n]*>/y;

type Scope = Record<string, string>;

/** The root element of `text`, or undefined when saxes must parse it (see above). */
export function scanXml(text: string, maxDepth: number): ParsedElement | undefined {
  // References and `]]>` anywhere send the whole message to saxes: no text needs decoding here.
  if (OUTSIDE_SUBSET.test(text) || text.includes('&') || text.includes(']]>')) return undefined;
  const carriageReturns = text.includes('\r');
  let at = 0;
  if (text.startsWith('<?')) {
    DECLARATION.lastIndex = 0;
    if (!DECLARATION.test(text)) return undefined;
    at = DECLARATION.lastIndex;
  }
  const stack: ParsedElement[] = [];
  // Prefix to namespace, without a prototype: `toString` is not a bound prefix.
  const scopes: Scope[] = [Object.assign(Object.create(null) as Scope, { '': '' })];
  let root: ParsedElement | undefined;
  for (;;) {
    const open = text.indexOf('<', at);
    const parent = stack.at(-1);
    if (!parent) {
      // Outside the root: whitespace only, and nothing but whitespace after it.
      if (!whitespaceOnly(text, at, open < 0 ? text.length : open)) return undefined;
      if (root) return open < 0 ? root : undefined;
    }
    if (open < 0) return undefined;

    if (text.charCodeAt(open + 1) === 47 /* / */) {
      if (!parent) return undefined;
      const close = endTag(text, open, parent.name);
      if (close < 0) return undefined;
      if (parent.children.length === 0) {
        const content = text.slice(at, open);
        if (carriageReturns && content.includes('\r')) return undefined; // saxes turns CR LF into LF
        parent.text = content.trim();
      }
      parent.end = close;
      stack.pop();
      scopes.pop();
      at = close;
      continue;
    }

    if (root && !parent) return undefined;
    if (stack.length >= maxDepth) return undefined;
    NAME.lastIndex = open + 1;
    if (!NAME.test(text)) return undefined;
    const name = text.slice(open + 1, NAME.lastIndex);
    const attributes: Record<string, string> = {};
    let scope = scopes.at(-1)!;
    let declared: Scope | undefined;
    let position = NAME.lastIndex;
    for (;;) {
      ATTRIBUTE.lastIndex = position;
      const attribute = ATTRIBUTE.exec(text);
      if (!attribute) break;
      position = ATTRIBUTE.lastIndex;
      const attributeName = attribute[1]!;
      const value = attribute[2] ?? attribute[3]!;
      const colon = attributeName.indexOf(':');
      if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) {
        const prefix = colon < 0 ? '' : attributeName.slice(colon + 1);
        declared ??= Object.create(null) as Scope;
        if (Object.hasOwn(declared, prefix) || !acceptableBinding(prefix, value)) return undefined;
        declared[prefix] = value;
        continue;
      }
      // `__proto__` cannot be an own key of a plain object: saxes' duplicate check sees what this cannot.
      if (colon >= 0 || attributeName === '__proto__' || Object.hasOwn(attributes, attributeName))
        return undefined;
      attributes[attributeName] = value;
    }
    TAG_END.lastIndex = position;
    if (!TAG_END.test(text)) return undefined;
    const selfClosing = text.charCodeAt(TAG_END.lastIndex - 2) === 47; /* / */
    if (declared) scope = Object.assign(Object.create(scope) as Scope, declared);

    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    if (prefix === 'xml' || prefix === 'xmlns') return undefined;
    const ns = scope[prefix];
    if (ns === undefined) return undefined;
    const element = new ParsedElement(
      name,
      colon < 0 ? name : name.slice(colon + 1),
      ns,
      attributes,
      open,
      parent,
    );
    if (parent) parent.children.push(element);
    else root = element;
    at = TAG_END.lastIndex;
    if (selfClosing) {
      element.end = at;
    } else {
      stack.push(element);
      scopes.push(scope);
    }
  }
}

function whitespaceOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The offset just past `</name>` starting at `open`, or -1 when it is not that end tag. */
function endTag(text: string, open: number, name: string): number {
  if (!text.startsWith(name, open + 2)) return -1;
  END_TAG_END.lastIndex = open + 2 + name.length;
  return END_TAG_END.test(text) ? END_TAG_END.lastIndex : -1;
}

/** A namespace declaration saxes accepts without complaint (the rest go to saxes, which refuses them). */
function acceptableBinding(prefix: string, uri: string): boolean {
  if (prefix === 'xml' || prefix === 'xmlns') return false;
  if (uri === XML_NS || uri === XMLNS_NS || /\s/.test(uri)) return false; // saxes trims a URI
  return prefix === '' || uri !== '';
}
