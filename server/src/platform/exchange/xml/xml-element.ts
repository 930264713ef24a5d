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
  readonly path: string;
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

// Up to this many children, a child's path is worked out alone; beyond, all at once (linear either way
// for the few paths a message's checks ask for, and for error details naming many of a long list).
const SIBLINGS_NAMED_ALONE = 64;

/**
 * An element as the parser builds it. Its `path` is worked out only when asked (error details):
 * building every element's path eagerly cost more than the parse itself (bench/ecommerce).
 */
export class ParsedElement implements XmlElement {
  readonly attributes: Record<string, string>;
  readonly children: ParsedElement[] = [];
  text = '';
  end = 0;
  private cachedPath: string | undefined;

  constructor(
    readonly name: string,
    readonly local: string,
    readonly ns: string,
    attributes: Record<string, string>,
    readonly start: number,
    private readonly parent: ParsedElement | undefined,
  ) {
    this.attributes = attributes;
  }

  /** XPath-like location; repeated siblings get an index (`ceb:Inventory[2]`), a single child its bare name. */
  get path(): string {
    if (this.cachedPath !== undefined) return this.cachedPath;
    if (!this.parent) this.cachedPath = `/${this.name}`;
    else if (this.parent.children.length <= SIBLINGS_NAMED_ALONE) this.cachedPath = this.parent.pathOf(this);
    else this.parent.namePaths();
    return this.cachedPath!;
  }

  /** One child's path: its index among the siblings of its name, counted (few siblings). */
  private pathOf(child: ParsedElement): string {
    let index = 0;
    let count = 0;
    for (const sibling of this.children) {
      if (sibling.name !== child.name) continue;
      count++;
      if (sibling === child) index = count;
    }
    return `${this.path}/${child.name}${count > 1 ? `[${index}]` : ''}`;
  }

  /** Sets every child's path in one pass (repeated names get their index), so asking is linear. */
  private namePaths(): void {
    const counts = new Map<string, number>();
    for (const child of this.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    const base = this.path;
    for (const child of this.children) {
      const index = (seen.get(child.name) ?? 0) + 1;
      seen.set(child.name, index);
      child.cachedPath = `${base}/${child.name}${counts.get(child.name)! > 1 ? `[${index}]` : ''}`;
    }
  }
}
