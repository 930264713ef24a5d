import { describe, expect, it } from 'vitest';
import type { Fields } from './ceb.xml.ts';
import { type MatchSet, matchDocuments, missingDocuments, normalise } from './matching.rules.ts';

function build(
  over: { order?: Fields; payment?: Fields; waybill?: Fields; inventory?: Fields; line?: Fields } = {},
): MatchSet {
  const buyer = { buyerName: '张三', buyerIdNumber: 'h1:abc', buyerTelephone: '138' };
  const consignee = { consignee: '张三', consigneeTelephone: '138', consigneeAddress: '上海市1号' };
  const line = { gnum: '1', itemName: '奶粉', qty: '1', price: '190.00', totalPrice: '190.00' };
  return {
    order: {
      head: {
        orderNo: 'O1',
        ebpCode: 'P',
        ebcCode: 'M',
        goodsValue: '190',
        freight: '10',
        discount: '0',
        taxTotal: '0',
        acturalPaid: '200.00',
        payCode: 'Y',
        payTransactionId: 'T1',
        ...buyer,
        ...consignee,
        ...over.order,
      },
      lines: [line],
    },
    payment: {
      head: {
        payCode: 'Y',
        payTransactionId: 'T1',
        payerName: '张三',
        payerIdNumber: 'h1:abc',
        amountPaid: '200',
        ...over.payment,
      },
    },
    waybill: { head: { orderNo: 'O1', freight: '10', ...consignee, ...over.waybill } },
    inventory: {
      head: {
        orderNo: 'O1',
        ebcCode: 'M',
        freight: '10.00',
        insuredFee: '0',
        ...buyer,
        consigneeAddress: '上海市1号',
        ...over.inventory,
      },
      lines: [{ ...line, gname: '奶粉', ...over.line }],
    },
  };
}

describe('three-document matching (三单比对)', () => {
  it('passes four consistent documents, ignoring width, spacing and trailing zeros', () => {
    expect(
      matchDocuments(
        build({ waybill: { consigneeAddress: ' 上海市１号 ' }, payment: { amountPaid: '200.0' } }),
      ),
    ).toEqual([]);
  });

  it.each([
    [{ payment: { amountPaid: '199.99' } }, 'CEB411', 'amountPaid'],
    [{ order: { acturalPaid: '210.00' } }, 'CEB311', 'goodsValue+freight+taxTotal-discount'],
    [{ payment: { payerIdNumber: 'h1:other' } }, 'CEB411', 'payerIdNumber'],
    [{ inventory: { buyerIdNumber: 'h1:other' } }, 'CEB311', 'buyerIdNumber'],
    [{ waybill: { consignee: '李四' } }, 'CEB511', 'consignee'],
    [{ inventory: { ebcCode: 'X' } }, 'CEB311', 'ebcCode'],
    [{ line: { qty: '2' } }, 'CEB311', 'qty'],
    [{ inventory: { freight: '12' } }, 'CEB511', 'freight'],
    // A waybill without freight: the list's is the order's (a list at 0 would be taxed without it).
    [{ waybill: { freight: '' }, inventory: { freight: '0' } }, 'CEB311', 'freight'],
    [{ waybill: { orderNo: 'O2' } }, 'CEB511', 'orderNo'],
  ])('%j mismatches %s %s', (over, document, field) => {
    expect(matchDocuments(build(over))).toContainEqual(
      expect.objectContaining({ rule: 'mismatch', params: { document, field } }),
    );
  });

  it('holds codes and numbers to their spelling: a full-width number is another number', () => {
    expect(matchDocuments(build({ waybill: { orderNo: 'Ｏ1' } }))).toContainEqual(
      expect.objectContaining({ rule: 'mismatch', params: { document: 'CEB511', field: 'orderNo' } }),
    );
    expect(matchDocuments(build({ payment: { payTransactionId: 'Ｔ1' } }))).toContainEqual(
      expect.objectContaining({
        rule: 'mismatch',
        params: { document: 'CEB411', field: 'payTransactionId' },
      }),
    );
    // Spaces around a number are not part of it.
    expect(matchDocuments(build({ waybill: { orderNo: ' O1 ' } }))).toEqual([]);
  });

  it("matches a list's unit price to an order's finer one rounded to the fen, and no other", () => {
    const order = (price: string) => {
      const set = build();
      set.order.lines[0] = { ...set.order.lines[0]!, price };
      return set;
    };
    expect(matchDocuments(order('190.004'))).toEqual([]);
    expect(matchDocuments(order('190.005'))).toContainEqual(
      expect.objectContaining({ rule: 'mismatch', params: { document: 'CEB311', field: 'price' } }),
    );
  });

  it("takes the order's freight for the list's where the waybill gives none", () => {
    expect(matchDocuments(build({ waybill: { freight: '' } }))).toEqual([]);
  });

  it('names what a waiting list lacks', () => {
    expect(missingDocuments({ order: true, payment: false, waybill: false })).toEqual(['CEB411', 'CEB511']);
  });

  it('normalises full-width characters and spaces', () => {
    expect(normalise('  ＡＢ  c ')).toBe('AB c');
  });
});
