import { describe, expect, it } from 'vitest';
import { parseXml } from '../../platform/exchange/index.ts';
import { returnInfo, returnTime, toReceiptXml } from './ceb-receipt.xml.ts';

const base = { id: 'r1', enterpriseCode: '4401960002', guid: 'G-1', createdAt: '2026-11-10T16:00:00.123Z' };

describe('CEB receipts as XML', () => {
  it('writes a CEB818 tax bill status: guid, time, list, bill, status, payment notice, guarantor', () => {
    const xml = toReceiptXml({
      ...base,
      messageType: 'CEB818Message',
      status: '2',
      data: { invtNo: 'I1', taxNo: 'I1T', assureCode: 'P', entDutyNo: '5141202612P' },
    })!;
    const root = parseXml(xml).root;
    expect(root.local).toBe('CEB818Message');
    const head = root.children[0]!.children[0]!;
    expect(head.local).toBe('TaxHeadStatus');
    expect(head.children.map((c) => [c.local, c.children.length === 0 ? c.text : ''])).toEqual([
      ['guid', 'G-1'],
      ['returnTime', '20261111000000123'],
      ['invtNo', 'I1'],
      ['taxNo', 'I1T'],
      ['status', '2'],
      ['entDutyNo', '5141202612P'],
      ['assureCode', 'P'],
    ]);
    // A voided bill has no payment notice.
    const voided = toReceiptXml({
      ...base,
      messageType: 'CEB818Message',
      status: '3',
      data: { invtNo: 'I1', taxNo: 'I1T', assureCode: 'P' },
    })!;
    expect(parseXml(voided).root.children[0]!.children[0]!.children.map((c) => c.local)).toEqual([
      'guid',
      'returnTime',
      'invtNo',
      'taxNo',
      'status',
      'assureCode',
    ]);
  });

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
      reasons: [
        {
          path: 'OrderHead/payCode',
          rule: 'party_unregistered',
          params: { code: 'X<1', type: 'payment_company' },
        },
        { path: 'OrderHead/ebcCode', rule: 'party_unregistered' },
        { path: 'OrderHead/note', rule: 'a_rule_without_text' },
      ],
      data: { receipt: 'CEB312', ebpCode: 'P&Q', ebcCode: 'M', orderNo: 'O1' },
    })!;
    expect(xml).toContain('<ceb:ebpCode>P&amp;Q</ceb:ebpCode>');
    // Parameters fill the text; a part whose parameter is absent drops out; an unnamed rule stays a code.
    expect(xml).toContain(
      '<ceb:returnInfo>海关退单：OrderHead/payCode 企业 X&lt;1 未在海关登记为支付企业（party_unregistered）；' +
        'OrderHead/ebcCode 企业未在海关登记（party_unregistered）；OrderHead/note a_rule_without_text</ceb:returnInfo>',
    );
  });

  it('says each refusal of a list in words, with the figures it names', () => {
    const info = (rule: string, params?: Record<string, unknown>) =>
      returnInfo({
        ...base,
        messageType: 'CEB621Message',
        status: '100',
        reasons: [{ path: 'P', rule, params }],
      });
    expect(info('annual_limit', { limit: '26000.00' })).toBe(
      '海关退单：P 订购人超出个人年度交易限值 26000.00 元（annual_limit）',
    );
    expect(info('transaction_limit', { limit: '5000.00', taxPrice: '5200.00' })).toBe(
      '海关退单：P 单次交易完税价格 5200.00 元超出限值 5000.00 元（transaction_limit）',
    );
    expect(info('documents_missing', { missing: ['CEB411', 'CEB511'] })).toBe(
      '海关退单：P 单证未在规定时间内到齐，缺少 CEB411、CEB511（documents_missing）',
    );
    expect(info('mismatch', { document: 'CEB311', field: 'buyerName' })).toBe(
      '海关退单：P 三单信息不符：与 CEB311 的 buyerName 不一致（mismatch）',
    );
    expect(info('one_of', { allowed: ['1', '2'] })).toBe(
      '海关退单：P 取值不在允许范围内，应为 1、2 之一（one_of）',
    );
    expect(info('one_of', { allowed: [] })).toBe('海关退单：P 取值不在允许范围内（one_of）');
    // An agent that is neither the list's merchant nor its platform must be a customs broker.
    expect(info('party_unregistered', { code: 'A1', type: 'customs_broker' })).toBe(
      '海关退单：P 企业 A1 未在海关登记为报关企业（party_unregistered）',
    );
    expect(info('party_unregistered', { code: 'A1', type: 'other' })).toBe(
      '海关退单：P 企业 A1 未在海关登记（party_unregistered）',
    );
    expect(info('party_unregistered', { code: 'S1', type: 'supervised_site_operator' })).toBe(
      '海关退单：P 企业 S1 未在海关登记为监管场所经营人（party_unregistered）',
    );
    // Why a signature failed, by name, with its code.
    expect(info('signature_invalid', { reason: 'certificate_revoked', detail: 'CN=x serial 1' })).toBe(
      '海关退单：P 签名无效：签名证书已吊销 certificate_revoked（signature_invalid）',
    );
    expect(info('signature_invalid', { reason: 'new_reason' })).toBe(
      '海关退单：P 签名无效：new_reason（signature_invalid）',
    );
    // A value is put in once, never read again as a placeholder.
    expect(info('waybill_not_found', { logisticsNo: '{limit}' })).toBe(
      '海关退单：P 运单 {limit} 不存在（waybill_not_found）',
    );
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
