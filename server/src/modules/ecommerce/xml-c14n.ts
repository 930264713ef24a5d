import { SaxesParser, type SaxesTagNS } from 'saxes';

// Canonical XML 1.0 without comments (http://www.w3.org/TR/2001/REC-xml-c14n-20010315), the
// canonicalisation the CEB signature profile names (cross-border-ecommerce.md §4), for documents
// without a DOCTYPE (the gateway refuses those). The platform's parser keeps only what the business
// reader needs (trimmed text, no whitespace nodes, no namespace declarations), so the signature
// check re-reads the decoded text here with every node C14N needs. See docs/adr/0009.

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface C14nElement {
  kind: 'element';
  name: string;
  local: string;
  uri: string;
  /** Namespace declarations made on this element: prefix ('' for the default) → URI. */
  declarations: Map<string, string>;
  attributes: { name: string; local: string; uri: string; value: string }[];
  children: C14nNode[];
  parent?: C14nElement;
}
type C14nNode = C14nElement | { kind: 'text'; text: string } | { kind: 'pi'; target: string; body: string };

export interface C14nDocument {
  root: C14nElement;
  /** Processing instructions outside the root element, before and after it. */
  before: C14nNode[];
  after: C14nNode[];
}

/** Reads decoded XML text into the node tree C14N works on (comments dropped: "without comments"). */
export function parseForC14n(text: string): C14nDocument {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: C14nElement[] = [];
  const before: C14nNode[] = [];
  const after: C14nNode[] = [];
  let root: C14nElement | undefined;
  const append = (node: C14nNode) => {
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else if (node.kind === 'pi') (root ? after : before).push(node);
  };
  parser.on('doctype', () => {
    throw new Error('a DOCTYPE is not allowed');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const declarations = new Map<string, string>();
    const attributes: C14nElement['attributes'] = [];
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.name === 'xmlns') declarations.set('', attribute.value);
      else if (attribute.prefix === 'xmlns') declarations.set(attribute.local, attribute.value);
      else
        attributes.push({
          name: attribute.name,
          local: attribute.local,
          uri: attribute.uri,
          value: attribute.value,
        });
    }
    const element: C14nElement = {
      kind: 'element',
      name: tag.name,
      local: tag.local,
      uri: tag.uri,
      declarations,
      attributes,
      children: [],
      parent: stack.at(-1),
    };
    if (!root) root = element;
    append(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    if (stack.length > 0) append({ kind: 'text', text });
  });
  parser.on('cdata', (text) => append({ kind: 'text', text }));
  parser.on('processinginstruction', (pi) => append({ kind: 'pi', target: pi.target, body: pi.body }));
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return { root, before, after };
}

/** Namespaces in scope at an element: prefix → URI ('' as URI undeclares the default namespace). */
function inScope(element: C14nElement | undefined): Map<string, string> {
  const chain: C14nElement[] = [];
  for (let e = element; e; e = e.parent) chain.unshift(e);
  const scope = new Map<string, string>();
  for (const e of chain) for (const [prefix, uri] of e.declarations) scope.set(prefix, uri);
  return scope;
}

const escapeText = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#xD;');
const escapeAttribute = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#x9;')
    .replaceAll('\n', '&#xA;')
    .replaceAll('\r', '&#xD;');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function renderPi(node: { target: string; body: string }): string {
  return node.body ? `<?${node.target} ${node.body}?>` : `<?${node.target}?>`;
}

/**
 * The canonical form of `apex` and its descendants, leaving out any element `exclude` answers true
 * for (the enveloped-signature transform). As C14N 1.0 says for a document subset, the apex
 * carries every namespace in scope and the `xml:` attributes it inherits; descendants render only
 * the declarations that change what their parent rendered. With `document`, the processing
 * instructions around the root are rendered too (the whole-document case, `Reference URI=""`).
 */
export function canonicalize(
  apex: C14nElement,
  options: { exclude?: (element: C14nElement) => boolean; document?: C14nDocument } = {},
): string {
  const out: string[] = [];
  const render = (element: C14nElement, parentScope: Map<string, string>, isApex: boolean) => {
    const scope = inScope(element);
    const namespaces = [...scope]
      .filter(([prefix, uri]) => {
        if (prefix === 'xml') return false;
        const rendered = parentScope.get(prefix);
        // xmlns="" is output only to undo a default namespace the parent rendered.
        if (prefix === '' && uri === '') return rendered !== undefined && rendered !== '';
        return rendered !== uri;
      })
      .sort(([a], [b]) => compare(a, b));
    const attributes = [...element.attributes];
    if (isApex) {
      const own = new Set(attributes.filter((a) => a.uri === XML_NS).map((a) => a.local));
      for (let e = element.parent; e; e = e.parent)
        for (const a of e.attributes)
          if (a.uri === XML_NS && !own.has(a.local)) {
            own.add(a.local);
            attributes.push(a);
          }
    }
    attributes.sort((a, b) => compare(a.uri, b.uri) || compare(a.local, b.local));
    out.push(`<${element.name}`);
    for (const [prefix, uri] of namespaces)
      out.push(prefix ? ` xmlns:${prefix}="${escapeAttribute(uri)}"` : ` xmlns="${escapeAttribute(uri)}"`);
    for (const a of attributes) out.push(` ${a.name}="${escapeAttribute(a.value)}"`);
    out.push('>');
    const rendered = new Map(parentScope);
    for (const [prefix, uri] of namespaces) rendered.set(prefix, uri);
    for (const child of element.children) {
      if (child.kind === 'text') out.push(escapeText(child.text));
      else if (child.kind === 'pi') out.push(renderPi(child));
      else if (!options.exclude?.(child)) render(child, rendered, false);
    }
    out.push(`</${element.name}>`);
  };
  for (const pi of options.document?.before ?? [])
    out.push(`${renderPi(pi as { target: string; body: string })}\n`);
  render(apex, new Map(), true);
  for (const pi of options.document?.after ?? [])
    out.push(`\n${renderPi(pi as { target: string; body: string })}`);
  return out.join('');
}
