import { describe, expect, it } from 'vitest';
import { ceb621, encodeGb18030, inventory } from '../../../../test/helpers/xml.ts';
import type { AppError } from '../../errors/index.ts';
import { checkFields, type FieldSpec } from './field-spec.ts';
import { splitXmlBatch } from './xml-batch.ts';
import { sourceOf } from './xml-element.ts';
import { expectNamespace, parseXml, XML_NAMESPACES } from './xml-parser.ts';

const CEB = XML_NAMESPACES.ceb;

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

const HEAD: FieldSpec[] = [
  { name: 'guid', required: true, length: 36 },
  { name: 'appType', required: true },
  { name: 'orderNo', required: true, maxLength: 60 },
];
const INVENTORY: FieldSpec[] = [
  { name: 'InventoryHead', required: true, fields: HEAD },
  { name: 'InventoryList', required: true, repeatable: true, fields: [{ name: 'gnum', required: true }] },
];

describe('XML parsing', () => {
  it('keeps element names, namespaces, order and the source text of each element', () => {
    const doc = parseXml(Buffer.from(ceb621(inventory('A'), inventory('B'))));
    expect(doc.root).toMatchObject({ name: 'ceb:CEB621Message', local: 'CEB621Message', ns: CEB });
    expect(doc.root.attributes).toEqual({ guid: '4CDE1CFD-EDED-46B1-946C-B8022E42FC94', version: '1.0' });
    expect(doc.root.children.map((c) => c.local)).toEqual(['Inventory', 'Inventory', 'BaseTransfer']);
    const second = doc.root.children[1]!;
    expect(second.path).toBe('/ceb:CEB621Message/ceb:Inventory[2]');
    expect(second.children[0]!.children[2]!.path).toBe(
      '/ceb:CEB621Message/ceb:Inventory[2]/ceb:InventoryHead/ceb:orderNo',
    );
    expect(sourceOf(doc, second)).toBe(inventory('B'));
    expect(doc.root.children[2]!.children[1]!.text).toBe('上海示例');
  });

  it('decodes GB18030 and GBK as the prolog declares', () => {
    const text = ceb621(inventory('A')).replace('encoding="UTF-8"', 'encoding="GBK"');
    const gbk = encodeGb18030(text);
    const doc = parseXml(gbk);
    expect(doc.root.children[1]!.children[1]!.text).toBe('上海示例');
  });

  it.each([
    [
      'a DOCTYPE with an external entity (XXE)',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      'EXCHANGE.XML_DOCTYPE',
      400,
    ],
    [
      'billion laughs',
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>`,
      'EXCHANGE.XML_DOCTYPE',
      400,
    ],
    ['an undefined entity', '<r>&x;</r>', 'EXCHANGE.XML_MALFORMED', 400],
    ['10,000-deep nesting', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, 'EXCHANGE.XML_TOO_DEEP', 400],
    ['an unclosed element', '<r><a></r>', 'EXCHANGE.XML_MALFORMED', 400],
    ['an unbound prefix', '<x:r/>', 'EXCHANGE.XML_MALFORMED', 400],
    [
      'an unknown encoding',
      '<?xml version="1.0" encoding="EBCDIC"?><r/>',
      'EXCHANGE.XML_ENCODING_UNSUPPORTED',
      415,
    ],
    ['empty input', '', 'EXCHANGE.XML_MALFORMED', 400],
  ])('refuses %s', (_name, xml, code, status) => {
    const error = refusal(() => parseXml(Buffer.from(xml)));
    expect([error.code, error.status]).toEqual([code, status]);
  });

  it('refuses UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r/>', 'utf16le')]);
    expect(refusal(() => parseXml(utf16)).code).toBe('EXCHANGE.XML_ENCODING_UNSUPPORTED');
  });

  it('refuses 50 MB before decoding it', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    expect(refusal(() => parseXml(big)).code).toBe('EXCHANGE.XML_TOO_LARGE');
  });

  it('refuses bytes that are not in the declared encoding', () => {
    const gbkBytes = encodeGb18030(ceb621(inventory('A'))); // declares UTF-8, sent as GB18030
    const error = refusal(() => parseXml(gbkBytes));
    expect([error.code, error.params]).toEqual(['EXCHANGE.XML_ENCODING_INVALID', { encoding: 'utf-8' }]);
  });

  it('names repeated elements by index among many siblings too', () => {
    const many = Array.from({ length: 70 }, (_, i) => inventory(`G${i}`));
    const root = parseXml(Buffer.from(ceb621(...many))).root;
    expect(root.children[69]!.path).toBe('/ceb:CEB621Message/ceb:Inventory[70]');
    expect(root.children[0]!.path).toBe('/ceb:CEB621Message/ceb:Inventory[1]');
    expect(root.children[70]!.path).toBe('/ceb:CEB621Message/ceb:BaseTransfer');
  });

  it('refuses a root in the wrong namespace', () => {
    const doc = parseXml(ceb621(inventory('A')).replaceAll(CEB, XML_NAMESPACES.dec));
    const error = refusal(() => expectNamespace(doc, CEB));
    expect([error.code, error.params.actual]).toEqual(['EXCHANGE.XML_NAMESPACE', XML_NAMESPACES.dec]);
  });
});

describe('field specs', () => {
  it('accepts a message that follows the spec', () => {
    const doc = parseXml(ceb621(inventory('4CDE1CFD-EDED-46B1-946C-B8022E42FC94')));
    expect(checkFields(doc.root.children[0]!, INVENTORY)).toEqual([]);
  });

  it('reports every issue with its XPath-like path', () => {
    const bad = `<ceb:Inventory><ceb:InventoryHead><ceb:orderNo>${'x'.repeat(61)}</ceb:orderNo><ceb:guid>SHORT</ceb:guid><ceb:extra/></ceb:InventoryHead></ceb:Inventory>`;
    const doc = parseXml(ceb621(inventory('4CDE1CFD-EDED-46B1-946C-B8022E42FC94'), bad));
    const issues = checkFields(doc.root.children[1]!, INVENTORY);
    const at = '/ceb:CEB621Message/ceb:Inventory[2]';
    expect(issues).toEqual([
      { path: `${at}/ceb:InventoryHead/ceb:orderNo`, rule: 'too_long', params: { maximum: 60 } },
      { path: `${at}/ceb:InventoryHead/ceb:guid`, rule: 'order', params: { after: 'orderNo' } },
      { path: `${at}/ceb:InventoryHead/ceb:guid`, rule: 'length', params: { length: 36 } },
      { path: `${at}/ceb:InventoryHead/ceb:extra`, rule: 'unknown_field' },
      { path: `${at}/ceb:InventoryHead/ceb:appType`, rule: 'required' },
      { path: `${at}/ceb:InventoryList`, rule: 'required' },
    ]);
  });

  it('counts lengths in characters: a character outside the BMP (two UTF-16 units) is one', () => {
    const head = (orderNo: string) =>
      `<ceb:Inventory><ceb:InventoryHead><ceb:guid>${'G'.repeat(36)}</ceb:guid><ceb:appType>1</ceb:appType><ceb:orderNo>${orderNo}</ceb:orderNo></ceb:InventoryHead><ceb:InventoryList><ceb:gnum>1</ceb:gnum></ceb:InventoryList></ceb:Inventory>`;
    const issuesOf = (orderNo: string) =>
      checkFields(parseXml(ceb621(head(orderNo))).root.children[0]!, INVENTORY).map((i) => i.rule);
    expect(issuesOf('𠀀'.repeat(60))).toEqual([]);
    expect(issuesOf(`${'𠀀'.repeat(59)}号`)).toEqual([]);
    expect(issuesOf('𠀀'.repeat(61))).toEqual(['too_long']);
  });

  it('splits a batch into one item per business document, and names a missing GUID', () => {
    const doc = parseXml(ceb621(inventory('A'), inventory('B')));
    expect(splitXmlBatch(doc).map((item) => item.guid)).toEqual(['A', 'B']);
    const missing = parseXml(ceb621(inventory('A'), inventory('')));
    const error = refusal(() => splitXmlBatch(missing));
    expect(error.details).toEqual([
      { path: '/ceb:CEB621Message/ceb:Inventory[2]/ceb:InventoryHead/ceb:guid', rule: 'required' },
    ]);
  });
});
