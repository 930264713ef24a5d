import { AppError, type Issue, invalid } from '../../platform/errors/index.ts';
import {
  checkFields,
  childNamed,
  childrenNamed,
  expectNamespace,
  payloadSha256,
  sourceOf,
  splitXmlBatch,
  XML_NAMESPACES,
  type XmlBatchItem,
  type XmlDocument,
  type XmlElement,
} from '../../platform/exchange/index.ts';
import { BASE_TRANSFER_FIELDS, CEB_MESSAGE_TYPES, CEB_SHAPES, type CebMessageType } from './ceb.fields.ts';
import { DSIG_NS, type SignatureCheck, type SignatureTrust, verifyXmlSignature } from './ceb-signature.ts';
import { checkValues, pathOf } from './ceb-values.rules.ts';
import type { RetailTax } from './tax.rules.ts';

/** A document's fields by element name, as sent (text trimmed). */
export type Fields = Record<string, string>;

/** One business document of a CEB message, read and checked against the field specs. */
export interface CebDocument {
  type: CebMessageType;
  guid: string;
  head: Fields;
  lines: Fields[];
  /**
   * SHA-256 (hex) of the document's exact source text (XML) or canonical JSON: what the inbox keeps
   * to tell a repeat from a reused GUID. Made where the message is read, so the text itself need not
   * cross from a reading thread.
   */
  payloadSha256: string;
  /** Format problems: the document is refused with returnStatus -1 and nothing is stored. */
  issues: Issue[];
  /** Where these head fields sit (or belong) in the message, for reasons (XPath-like, or JSON Pointer). */
  paths: Record<PathedField, string>;
  /** A well-formed CEB621 once rated (document-rating.ts): lines off the positive list, retail tax. */
  rating?: ListRating;
  /**
   * A well-formed document's head and lines as stored (JSON, ID numbers hashed), made where it was
   * read (document-rating.ts), so that the request thread does not serialise them again.
   */
  stored?: string;
}

/** A CEB621's lines against the positive list, and its retail tax when every line is on it. */
export interface ListRating {
  /** Lines whose HS code is not on the positive list (1-based line numbers). */
  offList: { line: number; gcode: string }[];
  tax?: RetailTax;
}

/** The head fields whose place a reason may name after the document was read (the gateway's own rules). */
const PATHED_FIELDS = [
  'appType',
  'appStatus',
  'orderNo',
  'logisticsNo',
  'payTransactionId',
  // Coded fields, checked against the code lists on the request thread (coded-fields.ts).
  'customsCode',
  'portCode',
  'country',
  'trafMode',
  'wrapType',
] as const;
type PathedField = (typeof PATHED_FIELDS)[number];

/** Where the message's signature is and what it says, as plain data. */
export interface SignatureBlock {
  format: 'xml' | 'json';
  path: string;
  /** The block as sent: the `ds:Signature` source text, or the JSON `Signature` object serialised. */
  block: string;
}

/** The message's signature (XMLDSig `ds:Signature`, or the JSON form's `Signature`), kept and optionally verified. */
export interface MessageSignature extends SignatureBlock {
  verify(now: Date, trust: SignatureTrust): SignatureCheck;
}

export interface CebMessage<Signature extends SignatureBlock = MessageSignature> {
  type: CebMessageType;
  /** BaseTransfer/copCode: the transmitting enterprise. */
  copCode: string;
  documents: CebDocument[];
  signature?: Signature;
}

/**
 * A CEB XML message read into plain data, so that it can be read on a worker thread
 * (ceb-reader.ts): the signature as a block, and the text it is verified against when there is one.
 */
export interface CebXmlData extends CebMessage<SignatureBlock> {
  signedText?: string;
}

/** The most documents one message may carry. */
export const MAX_DOCUMENTS = 1000;

/** The message type of a root element name, or MESSAGE_TYPE_UNSUPPORTED. */
export function cebMessageType(name: string): CebMessageType {
  if (!CEB_MESSAGE_TYPES.includes(name as CebMessageType))
    throw new AppError('ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED', 400, { messageType: name });
  return name as CebMessageType;
}

/** Reads a CEB XML message: namespace, type, transmitting enterprise, signature, each document with its issues. */
export function readCebMessage(document: XmlDocument): CebMessage {
  return cebMessageOf(readCebXmlData(document));
}

/** `readCebMessage` as plain data (no functions), for a worker thread to answer. */
export function readCebXmlData(document: XmlDocument): CebXmlData {
  expectNamespace(document, XML_NAMESPACES.ceb);
  const type = cebMessageType(document.root.local);
  const signatureElement = document.root.children.find(
    (child) => child.local === 'Signature' && child.ns === DSIG_NS,
  );
  const signature: SignatureBlock | undefined = signatureElement && {
    format: 'xml',
    path: signatureElement.path,
    block: sourceOf(document, signatureElement),
  };
  const message = readCebTree(type, document.root, () => splitXmlBatch(document), signature);
  return signature ? { ...message, signedText: document.text } : message;
}

/** The message of `readCebXmlData`, its signature verifiable again. */
export function cebMessageOf(data: CebXmlData): CebMessage {
  const { signedText, signature, ...message } = data;
  if (!signature) return message;
  const text = signedText ?? '';
  return {
    ...message,
    signature: {
      ...signature,
      verify: (now, trust) => verifyXmlSignature(text, now, trust.certificates, trust.revocations),
    },
  };
}

/**
 * The one reader both formats share once their envelope is parsed: the root's `BaseTransfer`,
 * then each business document against its field specs and value rules. `split` gives each
 * document's element, GUID and payload (exact XML source, or canonical JSON).
 */
export function readCebTree<Signature extends SignatureBlock>(
  type: CebMessageType,
  root: XmlElement,
  split: () => XmlBatchItem[],
  signature: Signature | undefined,
): CebMessage<Signature> {
  const transfer = childNamed(root, 'BaseTransfer');
  if (!transfer)
    throw invalid('ECOMMERCE.INVALID', [{ path: `${root.path}/BaseTransfer`, rule: 'required' }]);
  const transferIssues = checkFields(transfer, BASE_TRANSFER_FIELDS);
  const dxpMode = childNamed(transfer, 'dxpMode');
  // 传输模式 fixed DXP (中国电子口岸数据交换平台, §3.1).
  if (dxpMode?.text && dxpMode.text !== 'DXP')
    transferIssues.push({ path: dxpMode.path, rule: 'one_of', params: { allowed: ['DXP'] } });
  if (transferIssues.length > 0) throw invalid('ECOMMERCE.INVALID', transferIssues);
  const shape = CEB_SHAPES[type];
  const items = split();
  // A message is answered in one transaction, one receipt per document: bounded, so that one message cannot
  // hold the writer for minutes or answer with hundreds of megabytes.
  if (items.length > MAX_DOCUMENTS)
    throw invalid('ECOMMERCE.INVALID', [
      { path: root.path, rule: 'too_long', params: { maximum: MAX_DOCUMENTS, documents: items.length } },
    ]);
  const documents = items.map((item): CebDocument => {
    const issues: Issue[] = [];
    const base = {
      type,
      guid: item.guid,
      head: {},
      lines: [],
      payloadSha256: payloadSha256(item.payload),
      issues,
    };
    if (item.element.local !== shape.body) {
      issues.push({ path: item.element.path, rule: 'unknown_field', params: { expected: shape.body } });
      return { ...base, paths: pathsUnder(item.element) };
    }
    const headElement = shape.head ? childNamed(item.element, shape.head) : item.element;
    if (!headElement) {
      issues.push({ path: `${item.element.path}/${shape.head}`, rule: 'required' });
      return { ...base, paths: pathsUnder(item.element) };
    }
    if (shape.head) issues.push(...checkBody(item.element, shape.head, shape.lines?.element));
    issues.push(...checkFields(headElement, shape.headFields));
    const head = fieldsOf(headElement);
    const lineElements = shape.lines ? childrenNamed(item.element, shape.lines.element) : [];
    if (shape.lines?.required && lineElements.length === 0)
      issues.push({ path: `${item.element.path}/${shape.lines.element}`, rule: 'required' });
    for (const line of lineElements) issues.push(...checkFields(line, shape.lines!.fields));
    const lines = lineElements.map(fieldsOf);
    issues.push(...checkValues(type, headElement, head, lineElements, lines));
    return { ...base, head, lines, paths: pathsIn(headElement) };
  });
  return {
    type,
    copCode: childNamed(transfer, 'copCode')?.text ?? '',
    documents,
    ...(signature ? { signature } : {}),
  };
}

/**
 * A body holds one head, then its lines, and nothing else (§8: IOrder is OrderHead, OrderList*): an element
 * not read here would be dropped unseen, and a misspelt line element would make a partial return a whole one.
 */
function checkBody(body: XmlElement, head: string, line: string | undefined): Issue[] {
  const issues: Issue[] = [];
  let heads = 0;
  let lines = 0;
  for (const child of body.children) {
    if (child.local === head) {
      if (++heads > 1) issues.push({ path: child.path, rule: 'repeated' });
      else if (lines > 0) issues.push({ path: child.path, rule: 'order', params: { after: line } });
    } else if (child.local === line) lines++;
    else issues.push({ path: child.path, rule: 'unknown_field' });
  }
  return issues;
}

/** Where the pathed fields sit in (or belong to) a head element. */
function pathsIn(head: XmlElement): Record<PathedField, string> {
  return Object.fromEntries(PATHED_FIELDS.map((name) => [name, pathOf(head, name)])) as Record<
    PathedField,
    string
  >;
}

/** Where the pathed fields would belong under a document whose head is missing. */
function pathsUnder(element: XmlElement): Record<PathedField, string> {
  return Object.fromEntries(PATHED_FIELDS.map((name) => [name, `${element.path}/${name}`])) as Record<
    PathedField,
    string
  >;
}

function fieldsOf(element: XmlElement): Fields {
  const fields: Fields = {};
  for (const child of element.children) if (child.children.length === 0) fields[child.local] = child.text;
  return fields;
}
