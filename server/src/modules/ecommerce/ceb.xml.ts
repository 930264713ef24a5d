import { AppError, type Issue, invalid } from '../../platform/errors/index.ts';
import {
  checkFields,
  childNamed,
  childrenNamed,
  expectNamespace,
  splitXmlBatch,
  XML_NAMESPACES,
  type XmlDocument,
  type XmlElement,
} from '../../platform/exchange/index.ts';
import { BASE_TRANSFER_FIELDS, CEB_MESSAGE_TYPES, CEB_SHAPES, type CebMessageType } from './ceb.fields.ts';

/** A document's fields by element name, as sent (text trimmed). */
export type Fields = Record<string, string>;

/** One business document of a CEB message, read and checked against the field specs. */
export interface CebDocument {
  type: CebMessageType;
  guid: string;
  head: Fields;
  lines: Fields[];
  /** Exact source text: the payload the inbox hashes. */
  payload: string;
  /** Format problems: the document is refused with returnStatus -1 and nothing is stored. */
  issues: Issue[];
}

export interface CebMessage {
  type: CebMessageType;
  /** BaseTransfer/copCode: the transmitting enterprise. */
  copCode: string;
  documents: CebDocument[];
  /** An enveloped ds:Signature was present (kept with the message; verification is optional). */
  signed: boolean;
}

const DECIMAL = /^-?\d{1,17}(\.\d{1,5})?$/;
const MONEY_FIELDS = [
  'goodsValue',
  'freight',
  'discount',
  'taxTotal',
  'acturalPaid',
  'amountPaid',
  'insuredFee',
];
const LINE_NUMBERS = ['qty', 'price', 'totalPrice'];
const GUID = /^[0-9A-Fa-f-]{36}$/;

/** Reads a CEB message: namespace, type, transmitting enterprise, and each document with its issues. */
export function readCebMessage(document: XmlDocument): CebMessage {
  expectNamespace(document, XML_NAMESPACES.ceb);
  const type = document.root.local as CebMessageType;
  if (!CEB_MESSAGE_TYPES.includes(type)) {
    throw new AppError('ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED', 400, { messageType: document.root.local });
  }
  const transfer = childNamed(document.root, 'BaseTransfer');
  if (!transfer)
    throw invalid('ECOMMERCE.INVALID', [{ path: `${document.root.path}/BaseTransfer`, rule: 'required' }]);
  const transferIssues = checkFields(transfer, BASE_TRANSFER_FIELDS);
  if (transferIssues.length > 0) throw invalid('ECOMMERCE.INVALID', transferIssues);
  const shape = CEB_SHAPES[type];
  const items = splitXmlBatch(document);
  const documents = items.map((item): CebDocument => {
    const issues: Issue[] = [];
    if (item.element.local !== shape.body) {
      issues.push({ path: item.element.path, rule: 'unknown_field', params: { expected: shape.body } });
      return { type, guid: item.guid, head: {}, lines: [], payload: item.payload, issues };
    }
    const headElement = shape.head ? childNamed(item.element, shape.head) : item.element;
    if (!headElement) {
      issues.push({ path: `${item.element.path}/${shape.head}`, rule: 'required' });
      return { type, guid: item.guid, head: {}, lines: [], payload: item.payload, issues };
    }
    issues.push(...checkFields(headElement, shape.headFields));
    const head = fieldsOf(headElement);
    const lineElements = shape.lines ? childrenNamed(item.element, shape.lines.element) : [];
    if (shape.lines?.required && lineElements.length === 0)
      issues.push({ path: `${item.element.path}/${shape.lines.element}`, rule: 'required' });
    for (const line of lineElements) issues.push(...checkFields(line, shape.lines!.fields));
    const lines = lineElements.map(fieldsOf);
    issues.push(...checkValues(headElement, head, lineElements, lines));
    return { type, guid: item.guid, head, lines, payload: item.payload, issues };
  });
  return {
    type,
    copCode: childNamed(transfer, 'copCode')?.text ?? '',
    documents,
    signed: document.root.children.some((child) => child.local === 'Signature'),
  };
}

function fieldsOf(element: XmlElement): Fields {
  const fields: Fields = {};
  for (const child of element.children) if (child.children.length === 0) fields[child.local] = child.text;
  return fields;
}

function pathOf(element: XmlElement, name: string): string {
  return childNamed(element, name)?.path ?? `${element.path}/${name}`;
}

/** Value rules on top of the field specs: GUID shape, new-only, decimals, RMB, ID card (§3.3, §8). */
function checkValues(headEl: XmlElement, head: Fields, lineEls: XmlElement[], lines: Fields[]): Issue[] {
  const issues: Issue[] = [];
  if (head.guid && !GUID.test(head.guid)) issues.push({ path: pathOf(headEl, 'guid'), rule: 'format' });
  if (head.appType && head.appType !== '1')
    issues.push({ path: pathOf(headEl, 'appType'), rule: 'unsupported', params: { allowed: ['1'] } });
  for (const name of MONEY_FIELDS) {
    if (head[name] && !DECIMAL.test(head[name]!))
      issues.push({ path: pathOf(headEl, name), rule: 'decimal' });
  }
  if (head.currency && head.currency !== '142')
    issues.push({ path: pathOf(headEl, 'currency'), rule: 'one_of', params: { allowed: ['142'] } });
  for (const name of ['buyerIdType', 'payerIdType']) {
    if (head[name] && head[name] !== '1')
      issues.push({ path: pathOf(headEl, name), rule: 'one_of', params: { allowed: ['1'] } });
  }
  lines.forEach((line, i) => {
    for (const name of LINE_NUMBERS) {
      if (line[name] && !DECIMAL.test(line[name]!))
        issues.push({ path: pathOf(lineEls[i]!, name), rule: 'decimal' });
    }
  });
  return issues;
}
