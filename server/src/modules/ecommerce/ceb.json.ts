import { z } from 'zod';
import { type Issue, invalid } from '../../platform/errors/index.ts';
import {
  type FieldSpec,
  MESSAGE_GUID,
  XML_NAMESPACES,
  type XmlBatchItem,
  type XmlElement,
} from '../../platform/exchange/index.ts';
import { BASE_TRANSFER_FIELDS, CEB_SHAPES } from './ceb.fields.ts';
import { type CebMessage, cebMessageType, MAX_DOCUMENTS, readCebTree } from './ceb.xml.ts';
import { checkSigner, SIGNATURE_METHODS } from './ceb-signature.ts';

// The JSON form of a CEB message (module README): the XML's element names, with the repeated
// body element gathered in `documents`. It is turned into the same element tree the XML parser
// gives, so one reader checks both (field specs, value rules, GUIDs, payloads).

const Text = z.string().max(4000);
const Row = z.record(z.string(), Text);
const DocumentSchema = z.record(z.string(), z.union([Text, Row, z.array(Row)])).meta({
  description:
    'One business document: the body element (`Inventory`, `Order`, `LogisticsStatus`…) as an object whose keys are ' +
    'its child elements: the head (`InventoryHead`: fields as strings), the lines (`InventoryList`: an array), or, ' +
    'for flat bodies (`InvtCancel`, `LogisticsStatus`), the fields themselves.',
});

export const CebJsonSignatureSchema = z
  .strictObject({
    SignatureMethod: z.string().max(200),
    SignatureValue: z.string().max(20_000),
    KeyInfo: z.strictObject({
      KeyName: z.string().max(200).optional(),
      // The signer's certificate, or it followed by the CAs that issued it (as X509Data repeats it in XML).
      X509Certificate: z.union([z.string().max(20_000), z.array(z.string().max(20_000)).min(1).max(5)]),
    }),
  })
  .meta({
    description:
      'Signature over the RFC 8785 canonical JSON of the message without `Signature` (docs/adr/0009): ' +
      'SignatureMethod rsa-sha1 or rsa-sha256 (XMLDSig URIs), SignatureValue and the X.509 certificate in base64 ' +
      '(or an array: the signer’s certificate, then the CAs between it and a trusted one).',
  });

export const CebJsonMessageSchema = z
  .strictObject({
    type: z.string().max(64).meta({ description: 'Root element name: CEB311Message … CEB711Message' }),
    BaseTransfer: Row.optional().meta({ description: 'copCode, copName, dxpMode, dxpId, note' }),
    documents: z.array(DocumentSchema).min(1).max(MAX_DOCUMENTS),
    Signature: CebJsonSignatureSchema.optional(),
  })
  .meta({ description: 'A CEB message in JSON: the XML element names, documents gathered in `documents`' });
export type CebJsonMessage = z.infer<typeof CebJsonMessageSchema>;

/** RFC 8785 canonical JSON for values made of objects, arrays and strings (all the JSON form holds). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reads a CEB message in its JSON form: same reader, specs and payload rules as the XML. */
export function readCebJson(body: CebJsonMessage): CebMessage {
  const type = cebMessageType(body.type);
  const shape = CEB_SHAPES[type];
  const order = new Map<string, readonly string[]>([
    [shape.body, [shape.head, shape.lines?.element].filter((n): n is string => !!n)],
    [shape.head ?? shape.body, names(shape.headFields)],
    ...(shape.lines ? [[shape.lines.element, names(shape.lines.fields)] as const] : []),
  ]);
  const root = element(type, '', []);
  const documents = body.documents.map((doc, i) =>
    element(shape.body, `/documents/${i}`, childrenOf(doc, `/documents/${i}`, order.get(shape.body)!, order)),
  );
  root.children.push(...documents);
  if (body.BaseTransfer)
    root.children.push(
      element(
        'BaseTransfer',
        '/BaseTransfer',
        childrenOf(body.BaseTransfer, '/BaseTransfer', names(BASE_TRANSFER_FIELDS), order),
      ),
    );
  const signature = body.Signature;
  return readCebTree(
    type,
    root,
    () => splitJson(documents, body.documents),
    signature && {
      format: 'json',
      path: '/Signature',
      block: canonicalJson(signature),
      verify(now, trust) {
        const hash = SIGNATURE_METHODS[signature.SignatureMethod];
        if (!hash) return { ok: false, reason: 'unsupported_algorithm', detail: signature.SignatureMethod };
        const { Signature: _, ...unsigned } = body;
        return checkSigner(
          signature.KeyInfo.X509Certificate,
          signature.SignatureValue,
          hash,
          Buffer.from(canonicalJson(unsigned), 'utf8'),
          now,
          trust.certificates,
          signature.KeyInfo.KeyName,
          trust.revocations,
        );
      },
    },
  );
}

const names = (fields: readonly FieldSpec[]) => fields.map((f) => f.name);

function element(name: string, path: string, children: XmlElement[], text = ''): XmlElement {
  return {
    name,
    local: name,
    ns: XML_NAMESPACES.ceb,
    attributes: {},
    children,
    text,
    path,
    start: 0,
    end: 0,
  };
}

/**
 * An object's members as child elements, in the field spec's order (JSON members have no
 * order to check) and unknown members after them, so the field spec reports them by name.
 */
function childrenOf(
  value: Record<string, unknown>,
  path: string,
  order: readonly string[],
  orders: Map<string, readonly string[]>,
): XmlElement[] {
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return keys.flatMap((key) => {
    const member = value[key];
    const at = `${path}/${key}`;
    if (typeof member === 'string') return [element(key, at, [], member.trim())];
    if (Array.isArray(member))
      return member.map((row, j) =>
        element(
          key,
          `${at}/${j}`,
          childrenOf(row as Record<string, string>, `${at}/${j}`, orders.get(key) ?? [], orders),
        ),
      );
    return [
      element(key, at, childrenOf(member as Record<string, string>, at, orders.get(key) ?? [], orders)),
    ];
  });
}

/** One item per document: GUID from its head (or the flat body), payload its canonical JSON. */
function splitJson(elements: XmlElement[], documents: CebJsonMessage['documents']): XmlBatchItem[] {
  const issues: Issue[] = [];
  const items = elements.flatMap((el, i) => {
    const head = el.children.find((child) => child.local.endsWith('Head')) ?? el;
    const guid = head.children.find((child) => child.local === 'guid')?.text;
    if (!guid) {
      issues.push({ path: `${head.path}/guid`, rule: 'required' });
      return [];
    }
    if (!MESSAGE_GUID.test(guid)) {
      issues.push({ path: `${head.path}/guid`, rule: 'format', params: { format: MESSAGE_GUID.source } });
      return [];
    }
    return [{ element: el, guid, payload: canonicalJson(documents[i]) }];
  });
  if (issues.length > 0) throw invalid('ECOMMERCE.INVALID', issues);
  return items;
}
