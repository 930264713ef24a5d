import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/helpers/seeded-random.ts';
import { AppError } from '../../errors/index.ts';
import type { XmlElement } from './xml-element.ts';
import { DEFAULT_XML_LIMITS, parseWithSaxes, parseXml } from './xml-parser.ts';
import { scanXml } from './xml-scan.ts';

// The scanner may give up on anything; what it accepts it must build exactly as saxes does, and
// saxes must accept it. These tests compare the two on generated messages and on mutations of them.

function shape(element: XmlElement): unknown {
  return {
    name: element.name,
    local: element.local,
    ns: element.ns,
    attributes: Object.entries(element.attributes),
    start: element.start,
    end: element.end,
    text: element.text,
    path: element.path,
    children: element.children.map(shape),
  };
}

function bySaxes(text: string): unknown {
  try {
    return shape(parseWithSaxes(text, DEFAULT_XML_LIMITS));
  } catch (error) {
    if (error instanceof AppError) return `refused: ${error.code}`;
    throw error;
  }
}

const CEB = 'http://www.chinaport.gov.cn/ceb';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const TEXTS = [
  '',
  ' ',
  '婴幼儿配方奶粉',
  '3101011990 ',
  '\n  ',
  '1.50',
  'a > b',
  '\u3000全角\u3000',
  ' x\ty ',
  '\r\n',
];
const SPACES = [' ', '  ', '\n', '\r\n', '\t'];

/** A message in the shape of the official ones: prefixed and default namespaces, attributes, leaves. */
function message(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const space = () => (random() < 0.7 ? '' : pick(SPACES));
  let depth = 0;
  const element = (prefix: string): string => {
    depth++;
    const local = pick(['Order', 'OrderHead', 'orderNo', 'gname', 'Signature', 'a', 'x-y.z_1']);
    const name = prefix ? `${prefix}:${local}` : local;
    let attributes = '';
    let childPrefix = prefix;
    if (random() < 0.2) attributes += ` guid="${Math.floor(random() * 1e6)}"`;
    if (random() < 0.1) attributes += `${pick(SPACES)}version${space()}=${space()}'1.0'`;
    if (random() < 0.1) {
      attributes += ` xmlns="${DSIG}"`;
      childPrefix = '';
    }
    if (random() < 0.05) attributes += ' xmlns=""';
    if (random() < 0.1) attributes += ` xmlns:ceb="${CEB}"`;
    if (random() < 0.05) attributes += ' xmlns:ceb="urn:other"'; // rebound below this element
    if (random() < 0.05) attributes += ' note="a > b" x.y-z="" _u=\'"\'';
    const open = `<${name}${attributes}${space()}`;
    let body: string;
    if (random() < 0.1) body = `${open}/>`;
    else if (depth > 4 || random() < 0.5) body = `${open}>${pick(TEXTS)}</${name}${space()}>`;
    else {
      const children = Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => space() + element(childPrefix),
      );
      body = `${open}>${children.join('')}${space()}</${name}>`;
    }
    depth--;
    return body;
  };
  const declaration = pick([
    '',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    "<?xml version='1.0'?>",
    '<?xml version="1.0" encoding="utf-8" standalone="yes" ?>\r\n',
  ]);
  return `${declaration}<ceb:CEB621Message xmlns:ceb="${CEB}" guid="G">${space()}${element('ceb')}${space()}</ceb:CEB621Message>${space()}`;
}

const MUTATIONS = [
  '<',
  '>',
  '/',
  '&',
  '&amp;',
  '"',
  "'",
  '=',
  ':',
  ' ',
  '\r',
  '\t',
  ']]>',
  '<!-- c -->',
  'é',
  '\u0001',
  '\uD83D\uDE00',
  'xmlns:p=""',
  '<?pi?>',
  '<![CDATA[x]]>',
  'xml:',
  ' __proto__="1"',
  '\u3000',
  '\u00A0',
  '\uFEFF',
  '\u2028',
];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const kind = random();
  if (kind < 0.3) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  if (kind < 0.8)
    return text.slice(0, at) + MUTATIONS[Math.floor(random() * MUTATIONS.length)] + text.slice(at);
  const from = Math.floor(random() * text.length);
  return text.slice(0, at) + text.slice(from, from + Math.floor(random() * 20)) + text.slice(at);
}

describe('xml scanner (the fast path of parseXml)', () => {
  it('builds generated messages exactly as saxes does', () => {
    const random = seededRandom(1);
    let scanned = 0;
    for (let i = 0; i < 2000; i++) {
      const text = message(random);
      const root = scanXml(text, DEFAULT_XML_LIMITS.maxDepth);
      if (root) {
        scanned++;
        expect(shape(root), text).toEqual(bySaxes(text));
      }
    }
    // Carriage returns in leaf text go to saxes; nearly everything else is scanned.
    expect(scanned).toBeGreaterThan(1200);
  });

  it('accepts a mutated message only when saxes accepts it, with the same tree', () => {
    const random = seededRandom(2);
    let scanned = 0;
    let left = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = message(random);
      for (let n = 1 + Math.floor(random() * 2); n > 0; n--) text = mutate(text, random);
      const root = scanXml(text, DEFAULT_XML_LIMITS.maxDepth);
      if (!root) {
        left++;
        continue;
      }
      scanned++;
      expect(shape(root), JSON.stringify(text)).toEqual(bySaxes(text));
    }
    expect(scanned).toBeGreaterThan(1000);
    expect(left).toBeGreaterThan(5000);
  });

  it('leaves what it does not read to saxes, which reads or refuses it', () => {
    const wrap = (inner: string) => `<r xmlns:ceb="${CEB}">${inner}</r>`;
    const cases = [
      wrap('<a>&lt;1&gt;</a>'), // references
      wrap('<a><![CDATA[<x>]]></a>'),
      wrap('<!-- note --><a>1</a>'),
      wrap('<a>line\r\nnext</a>'), // CR LF becomes LF
      wrap('<a b="x\ty">1</a>'), // attribute whitespace normalised
      wrap('<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'),
      wrap('<a>😀</a>'), // outside the BMP
      wrap('<名>1</名>'),
    ];
    for (const text of cases) {
      expect(scanXml(text, DEFAULT_XML_LIMITS.maxDepth), text).toBeUndefined();
      expect(parseXml(text).root.children.length, text).toBe(1);
    }
    expect(parseXml(wrap('<a>line\r\nnext</a>')).root.children[0]!.text).toBe('line\nnext');
  });

  it('gives up on malformed input, so the refusal is saxes’ own', () => {
    const refusals: [string, string][] = [
      ['<r><a></b></r>', 'EXCHANGE.XML_MALFORMED'],
      ['<r><p:a/></r>', 'EXCHANGE.XML_MALFORMED'],
      ['<r a="1" a="2"/>', 'EXCHANGE.XML_MALFORMED'],
      ['<r/><r/>', 'EXCHANGE.XML_MALFORMED'],
      ['<r>', 'EXCHANGE.XML_MALFORMED'],
      ['<r>a]]>b</r>', 'EXCHANGE.XML_MALFORMED'],
      ['<r xmlns:p=""/>', 'EXCHANGE.XML_MALFORMED'],
      ['<r __proto__="1" __proto__="2"/>', 'EXCHANGE.XML_MALFORMED'],
      [`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`, 'EXCHANGE.XML_TOO_DEEP'],
    ];
    for (const [text, code] of refusals) {
      expect(scanXml(text, DEFAULT_XML_LIMITS.maxDepth), text).toBeUndefined();
      expect(() => parseXml(text), text).toThrow(expect.objectContaining({ code }));
    }
  });

  it('does not take a prototype property for a bound prefix, nor read a __proto__ attribute', () => {
    expect(scanXml('<r __proto__="1"/>', DEFAULT_XML_LIMITS.maxDepth)).toBeUndefined();
    const text = '<toString:a/>';
    expect(scanXml(text, DEFAULT_XML_LIMITS.maxDepth)).toBeUndefined();
    expect(() => parseXml(text)).toThrow(expect.objectContaining({ code: 'EXCHANGE.XML_MALFORMED' }));
  });
});
