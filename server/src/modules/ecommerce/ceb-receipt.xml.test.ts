import { describe, expect, it } from 'vitest';
import { parseXml } from '../../platform/exchange/index.ts';
import { returnTime, toReceiptXml } from './ceb-receipt.xml.ts';

const base = { id: 'r1', enterpriseCode: '4401960002', guid: 'G-1', createdAt: '2026-11-10T16:00:00.123Z' };

describe('CEB receipts as XML', () => {
  it('writes a CEB622 with guid, key fields in model order, then status, time and info', () => {
    const xml = toReceiptXml({
      ...base,
      messageType: 'CEB621Message',
      status: '800',
      data: {
        receipt: 'CEB622',
        agentCode: 'A',
        ebpCode: 'P',
        copNo: 'C1',
        preNo: 'B1',
        invtNo: 'I1',
        customsCode: '2244',
      },
    })!;
    const root = parseXml(xml).root;
    expect(root.local).toBe('CEB622Message');
    const fields = root.children[0]!.children.map((c) => c.local);
    expect(fields).toEqual([
      'guid',
      'customsCode',
      'ebpCode',
      'agentCode',
      'copNo',
      'preNo',
      'invtNo',
      'returnStatus',
      'returnTime',
      'returnInfo',
    ]);
    expect(xml).toContain('<ceb:returnInfo>放行[G-1]</ceb:returnInfo>');
  });

  it('names the reasons of a refusal and escapes them', () => {
    const xml = toReceiptXml({
      ...base,
      messageType: 'CEB311Message',
      status: '100',
      reasons: [{ path: 'OrderHead/payCode', rule: 'party_unregistered' }],
      data: { receipt: 'CEB312', ebpCode: 'P&Q', ebcCode: 'M', orderNo: 'O1' },
    })!;
    expect(xml).toContain('<ceb:ebpCode>P&amp;Q</ceb:ebpCode>');
    expect(xml).toContain('海关退单: OrderHead/payCode party_unregistered');
  });

  it('writes a CEB816 tax bill with its lines', () => {
    const xml = toReceiptXml({
      ...base,
      messageType: 'CEB816Message',
      status: '1',
      data: {
        invtNo: 'I1',
        taxNo: 'T1',
        customsTax: '0.00',
        valueAddedTax: '18.20',
        consumptionTax: '0.00',
        lines: [
          {
            gnum: '1',
            gcode: '1901101000',
            taxPrice: '200.00',
            customsTax: '0.00',
            valueAddedTax: '18.20',
            consumptionTax: '0.00',
          },
        ],
      },
    })!;
    expect(parseXml(xml).root.children[0]!.children.map((c) => c.local)).toEqual(['TaxHeadRd', 'TaxListRd']);
    expect(xml).toContain(
      '<ceb:valueAddedTax>18.20</ceb:valueAddedTax><ceb:consumptionTax>0.00</ceb:consumptionTax><ceb:status>1</ceb:status>',
    );
  });

  it('stamps yyyyMMddHHmmssSSS in China time', () => {
    expect(returnTime('2026-11-10T16:00:00.123Z')).toBe('20261111000000123');
  });
});
