import { describe, expect, it } from 'vitest';
import { coffeeImport, phonesFromHongKong } from '../../../test/helpers/declarations.ts';
import { parseXml } from '../../platform/exchange/index.ts';
import { fromDecMessage, toDecMessage } from './declaration.xml.ts';

describe('DecMessage round trip', () => {
  it.each([
    ['an import', coffeeImport({ items: 3 })],
    [
      'an import with a licence and a container',
      (() => {
        const c = phonesFromHongKong();
        c.licences.push({ code: 'O', number: '2026-88 & <co>' });
        c.containers.push({ containerId: 'MSKU1234567', size: '45G1', itemNos: '1', lclFlag: '0' });
        return c;
      })(),
    ],
  ])('XML in → declaration → XML out gives back the same fields: %s', (_name, content) => {
    const xml = toDecMessage(content, { operType: 'C', clientSeqNo: '202611270000000009' });
    const parsed = fromDecMessage(parseXml(xml));
    expect(parsed.issues).toEqual([]);
    expect(parsed.declare).toBe(true);
    expect(parsed.clientSeqNo).toBe('202611270000000009');
    expect(parsed.content).toEqual(content);
    expect(toDecMessage(parsed.content, { operType: 'C', clientSeqNo: '202611270000000009' })).toBe(xml);
  });

  it('swaps origin and destination on the wire for exports, as the spec says', () => {
    const content = coffeeImport();
    content.head.ieFlag = 'E';
    content.items[0] = { ...content.items[0], originCountry: 'CHN', destinationCountry: 'JPN' };
    const xml = toDecMessage(content);
    expect(xml).toContain('<OriginCountry>JPN</OriginCountry>');
    expect(xml).toContain('<DestinationCountry>CHN</DestinationCountry>');
    expect(fromDecMessage(parseXml(xml)).content.items[0]).toMatchObject({
      originCountry: 'CHN',
      destinationCountry: 'JPN',
    });
  });

  it('keeps fields in the order of the spec', () => {
    const xml = toDecMessage(coffeeImport());
    const order = [
      '<AgentCode>',
      '<CopCode>',
      '<CustomMaster>',
      '<IEFlag>',
      '<TradeMode>',
      '<PromiseItmes>',
    ].map((tag) => xml.indexOf(tag));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reports a root that is not a DecMessage and a missing header', () => {
    const parsed = fromDecMessage(
      parseXml('<Other xmlns="http://www.chinaport.gov.cn/dec"><X>1</X></Other>'),
    );
    expect(parsed.issues.map((i) => i.rule)).toEqual(['root_element', 'required']);
  });
});
