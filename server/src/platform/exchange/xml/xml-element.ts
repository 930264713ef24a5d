/** One element of a parsed message: names as written, children in document order. */
export interface XmlElement {
  /** Qualified name as written (`ceb:InventoryHead`). */
  name: string;
  /** Local name (`InventoryHead`). */
  local: string;
  /** Namespace URI ('' when none). */
  ns: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, trimmed. */
  text: string;
  /** XPath-like location (`/ceb:CEB621Message/ceb:Inventory[2]`), for error details. */
  path: string;
  /** Offsets of the element's source text in the decoded document (start tag to end tag). */
  start: number;
  end: number;
}

export interface XmlDocument {
  root: XmlElement;
  /** The decoded text; `source(el)` slices an element out of it. */
  text: string;
  /** Size of the message as received, in bytes. */
  bytes: number;
}

/** The children with this local name (namespace-agnostic: senders prefix or default it). */
export function childrenNamed(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((child) => child.local === local);
}

export function childNamed(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((child) => child.local === local);
}

/** The element's source text exactly as sent (after decoding): the canonical payload of a message. */
export function sourceOf(document: XmlDocument, element: XmlElement): string {
  return document.text.slice(element.start, element.end);
}

/** Gives repeated siblings an index (`ceb:Inventory[2]`); a single child keeps its bare name. */
export function assignPaths(element: XmlElement, parentPath = ''): void {
  element.path ||= `${parentPath}/${element.name}`;
  const counts = new Map<string, number>();
  for (const child of element.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of element.children) {
    const index = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, index);
    const suffix = (counts.get(child.name) ?? 0) > 1 ? `[${index}]` : '';
    child.path = `${element.path}/${child.name}${suffix}`;
    assignPaths(child, element.path);
  }
}
