import { type Issue, invalid } from '../../errors/index.ts';
import { MESSAGE_GUID } from '../message-guid.ts';
import { childNamed, sourceOf, type XmlDocument, type XmlElement } from './xml-element.ts';

/** One business document of a message: its element, GUID and exact source text. */
export interface XmlBatchItem {
  element: XmlElement;
  guid: string;
  payload: string;
}

// Children of a CEB root that are envelope, not business documents (cross-border-ecommerce.md §3).
const ENVELOPE = new Set(['BaseTransfer', 'BaseSubscribe', 'ExtendMessage', 'Signature']);

/**
 * Splits a message into its business documents, one receipt each: a CEB root with several
 * `Inventory` elements is a batch. Each document's GUID is its head's `guid` (`InventoryHead/guid`)
 * or its own `guid` child; a document without one, or with one the inbox cannot key, is an issue at the
 * path where it belongs.
 */
export function splitXmlBatch(document: XmlDocument): XmlBatchItem[] {
  const issues: Issue[] = [];
  const items: XmlBatchItem[] = [];
  const documents = document.root.children.filter((child) => !ENVELOPE.has(child.local));
  for (const element of documents) {
    const head = element.children.find((child) => child.local.endsWith('Head'));
    const guid = childNamed(head ?? element, 'guid');
    if (!guid?.text) {
      const owner = head ?? element;
      const prefix = owner.name.includes(':') ? `${owner.name.split(':')[0]}:` : '';
      issues.push({ path: guid?.path ?? `${owner.path}/${prefix}guid`, rule: 'required' });
      continue;
    }
    if (!MESSAGE_GUID.test(guid.text)) {
      issues.push({ path: guid.path, rule: 'format', params: { format: MESSAGE_GUID.source } });
      continue;
    }
    items.push({ element, guid: guid.text, payload: sourceOf(document, element) });
  }
  if (documents.length === 0)
    issues.push({ path: document.root.path, rule: 'required', params: { reason: 'no business document' } });
  if (issues.length > 0) throw invalid('EXCHANGE.XML_INVALID', issues);
  return items;
}
