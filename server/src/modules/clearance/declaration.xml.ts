import type { Issue } from '../../platform/errors/index.ts';
import {
  childNamed,
  childrenNamed,
  type XmlDocument,
  type XmlElement,
} from '../../platform/exchange/index.ts';
import {
  CONTAINER_FIELDS,
  type FieldSpec,
  HEAD_FIELDS,
  ITEM_FIELDS,
  LICENCE_FIELDS,
} from './declaration.fields.ts';
import type { DeclarationContent, DeclarationItem } from './declaration.model.ts';

export const DEC_NAMESPACE = 'http://www.chinaport.gov.cn/dec';

/** A DecMessage as read: its content, the sender's ClientSeqNo, whether it asks to declare, and problems. */
export interface ParsedDecMessage {
  content: DeclarationContent;
  clientSeqNo: string | undefined;
  /** DecSign.OperType C/D declare; A/B/G (and anything else) save a draft. */
  declare: boolean;
  issues: Issue[];
}

// Export quirk of the spec: on an export DecList, OriginCountry carries the destination and
// DestinationCountry the origin. jinguan's model always means what it says; the swap lives here.
function swapForExport(item: DeclarationItem, ieFlag: string | undefined): DeclarationItem {
  if (ieFlag !== 'E') return item;
  return { ...item, originCountry: item.destinationCountry, destinationCountry: item.originCountry };
}

function readBlock(
  element: XmlElement,
  specs: readonly FieldSpec[],
  issues: Issue[],
): Record<string, string> {
  const byElement = new Map(specs.map((s) => [s.element, s]));
  const out: Record<string, string> = {};
  for (const child of element.children) {
    const spec = byElement.get(child.local);
    if (!spec) {
      if (child.children.length > 0)
        issues.push({ path: child.path, rule: 'unknown_element', params: { element: child.local } });
      continue; // elements of the spec that jinguan does not model are accepted and not kept
    }
    if (child.text !== '') out[spec.name] = child.text;
  }
  return out;
}

/** Reads a parsed DecMessage into the declaration model. */
export function fromDecMessage(document: XmlDocument): ParsedDecMessage {
  const root = document.root;
  const issues: Issue[] = [];
  if (root.local !== 'DecMessage')
    issues.push({ path: root.path, rule: 'root_element', params: { expected: 'DecMessage' } });
  const headElement = childNamed(root, 'DecHead');
  if (!headElement) issues.push({ path: `${root.path}/DecHead`, rule: 'required' });
  const head = headElement ? readBlock(headElement, HEAD_FIELDS, issues) : {};
  const lists = childNamed(root, 'DecLists');
  const items = (lists ? childrenNamed(lists, 'DecList') : []).map((e) =>
    swapForExport(readBlock(e, ITEM_FIELDS, issues), head.ieFlag),
  );
  const containersElement = childNamed(root, 'DecContainers');
  const containers = (containersElement ? childrenNamed(containersElement, 'Container') : []).map((e) =>
    readBlock(e, CONTAINER_FIELDS, issues),
  );
  const licencesElement = childNamed(root, 'DecLicenseDocus');
  const licences = (licencesElement ? childrenNamed(licencesElement, 'LicenseDocu') : []).map((e) =>
    readBlock(e, LICENCE_FIELDS, issues),
  );
  const sign = childNamed(root, 'DecSign');
  const clientSeqNo = sign ? childNamed(sign, 'ClientSeqNo')?.text || undefined : undefined;
  const operType = sign ? childNamed(sign, 'OperType')?.text : undefined;
  return {
    content: { head, items, containers, licences },
    clientSeqNo,
    declare: operType === 'C' || operType === 'D',
    issues,
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function writeBlock(
  tag: string,
  values: Record<string, string | undefined>,
  specs: readonly FieldSpec[],
  indent: string,
): string {
  const lines = specs
    .filter((spec) => values[spec.name] !== undefined && values[spec.name] !== '')
    .map((spec) => `${indent}  <${spec.element}>${escapeXml(values[spec.name]!)}</${spec.element}>`);
  return `${indent}<${tag}>\n${lines.join('\n')}\n${indent}</${tag}>`;
}

/** The declaration as an official DecMessage (for archive, print and exchange), fields in spec order. */
export function toDecMessage(
  content: DeclarationContent,
  sign: { clientSeqNo?: string; operType?: string } = {},
): string {
  const ieFlag = content.head.ieFlag;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<DecMessage xmlns="${DEC_NAMESPACE}" Version="3.1">`,
    writeBlock('DecHead', content.head, HEAD_FIELDS, '  '),
    '  <DecLists>',
    ...content.items.map((item) => writeBlock('DecList', swapForExport(item, ieFlag), ITEM_FIELDS, '    ')),
    '  </DecLists>',
  ];
  if (content.containers.length > 0) {
    parts.push(
      '  <DecContainers>',
      ...content.containers.map((c) => writeBlock('Container', c, CONTAINER_FIELDS, '    ')),
      '  </DecContainers>',
    );
  }
  if (content.licences.length > 0) {
    parts.push(
      '  <DecLicenseDocus>',
      ...content.licences.map((l) => writeBlock('LicenseDocu', l, LICENCE_FIELDS, '    ')),
      '  </DecLicenseDocus>',
    );
  }
  if (sign.clientSeqNo || sign.operType) {
    parts.push(
      writeBlock('DecSign', { operType: sign.operType, clientSeqNo: sign.clientSeqNo }, SIGN_FIELDS, '  '),
    );
  }
  parts.push('</DecMessage>', '');
  return parts.join('\n');
}

const SIGN_FIELDS: readonly FieldSpec[] = [
  {
    name: 'operType',
    element: 'OperType',
    cn: '操作类型',
    type: 'String',
    length: 1,
    scale: 0,
    requiredOnSave: true,
    requiredOnDeclare: true,
  },
  {
    name: 'clientSeqNo',
    element: 'ClientSeqNo',
    cn: '客户端报关单编号',
    type: 'String',
    length: 18,
    scale: 0,
    requiredOnSave: true,
    requiredOnDeclare: true,
  },
];
