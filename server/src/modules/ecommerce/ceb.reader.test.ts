import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../platform/exchange/index.ts';
import { type CebJsonMessage, canonicalJson, readCebJson } from './ceb.json.ts';
import {
  cebJsonDocument,
  cebMessage,
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  sampleDelivery,
  sampleInventory,
  sampleOrder,
  sampleWaybillStatus,
} from './ceb.samples.ts';
import { readCebMessage } from './ceb.xml.ts';
import { readerTx, refusal, SAMPLE_TRANSFER } from './ceb-reader.test-helpers.ts';

const t = readerTx;
const TRANSFER = SAMPLE_TRANSFER;

describe('CEB readers: XML and its JSON form', () => {
  it('read the same fields from both forms of an order', () => {
    const xml = readCebMessage(parseXml(cebMessage('CEB311Message', P.ebcCode, [sampleOrder(t(1))])));
    const json = readCebJson({
      type: 'CEB311Message',
      BaseTransfer: TRANSFER,
      documents: [cebJsonDocument(sampleOrder(t(1)))],
    } as CebJsonMessage);
    expect(json.copCode).toBe(xml.copCode);
    expect(json.documents.map(({ guid, head, lines, issues }) => ({ guid, head, lines, issues }))).toEqual(
      xml.documents.map(({ guid, head, lines, issues }) => ({ guid, head, lines, issues })),
    );
    expect(xml.documents[0]!.issues).toEqual([]);
  });

  it('check JSON documents against the same field specs, with JSON Pointer paths, in any member order', () => {
    const doc = cebJsonDocument(sampleWaybillStatus(t(2))) as Record<string, string>;
    const { logisticsName: _, ...missing } = doc;
    const reordered = Object.fromEntries(
      Object.entries({ ...missing, extra: 'x', logisticsStatus: 'R' }).reverse(),
    );
    const message = readCebJson({
      type: 'CEB513Message',
      BaseTransfer: TRANSFER,
      documents: [reordered],
    } as CebJsonMessage);
    expect(message.documents[0]!.issues).toEqual([
      { path: '/documents/0/extra', rule: 'unknown_field' },
      { path: '/documents/0/logisticsName', rule: 'required' },
      { path: '/documents/0/logisticsStatus', rule: 'one_of', params: { allowed: ['S'] } },
    ]);
  });

  it('hash a JSON document by its canonical form, so member order does not make it another message', () => {
    const doc = cebJsonDocument(sampleDelivery(3, [t(3)]));
    const a = readCebJson({
      type: 'CEB711Message',
      BaseTransfer: TRANSFER,
      documents: [doc],
    } as CebJsonMessage);
    const reversed = Object.fromEntries(Object.entries(doc).reverse());
    const b = readCebJson({
      type: 'CEB711Message',
      BaseTransfer: TRANSFER,
      documents: [reversed],
    } as CebJsonMessage);
    expect(a.documents[0]!.payloadSha256).toBe(b.documents[0]!.payloadSha256);
    expect(a.documents[0]!.payloadSha256).toBe(createHash('sha256').update(canonicalJson(doc)).digest('hex'));
    expect(a.documents[0]!.issues).toEqual([]);
  });

  it('refuse an unknown message type, a missing BaseTransfer or GUID as XML does', () => {
    expect(
      refusal(() => readCebJson({ type: 'CEB999Message', documents: [{}] } as CebJsonMessage)).code,
    ).toBe('ECOMMERCE.MESSAGE_TYPE_UNSUPPORTED');
    expect(
      refusal(() => readCebJson({ type: 'CEB513Message', documents: [{}] } as CebJsonMessage)).details,
    ).toEqual([{ path: '/BaseTransfer', rule: 'required' }]);
    const noGuid = refusal(() =>
      readCebJson({
        type: 'CEB311Message',
        BaseTransfer: TRANSFER,
        documents: [{ OrderHead: {} }],
      } as CebJsonMessage),
    );
    expect(noGuid.details).toEqual([{ path: '/documents/0/OrderHead/guid', rule: 'required' }]);
  });

  it('accept appType 1, 2 and 3 as codes and refuse anything else as a format error', () => {
    const read = (appType: string) =>
      readCebMessage(
        parseXml(
          cebMessage('CEB311Message', P.ebcCode, [
            sampleOrder(t(4)).replace('<ceb:appType>1<', `<ceb:appType>${appType}<`),
          ]),
        ),
      ).documents[0]!.issues;
    expect(read('2')).toEqual([]);
    expect(read('3')).toEqual([]);
    expect(read('9')).toEqual([
      {
        path: '/ceb:CEB311Message/ceb:Order/ceb:OrderHead/ceb:appType',
        rule: 'one_of',
        params: { allowed: ['1', '2', '3'] },
      },
    ]);
  });

  describe('value rules of the standard (§8)', () => {
    const issuesOf = (type: 'CEB311Message' | 'CEB621Message', document: string) =>
      readCebMessage(parseXml(cebMessage(type, P.ebcCode, [document]))).documents[0]!.issues.map(
        ({ path, rule, params }) => ({ field: path.split(':').at(-1), rule, params }),
      );
    const two: SampleTransaction = {
      ...t(10),
      lines: [
        { gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' },
        { gcode: '3304990099', name: '面霜', qty: 1, price: '80.00' },
      ],
    };
    const order = sampleOrder(two);
    const inventory = sampleInventory(two);

    it('accept the samples as they are', () => {
      expect(issuesOf('CEB311Message', order)).toEqual([]);
      expect(issuesOf('CEB621Message', inventory)).toEqual([]);
    });

    it('refuse negative amounts, prices and quantities, which would lower the taxable value', () => {
      const negative = inventory
        .replace('<ceb:freight>10.00</ceb:freight>', '<ceb:freight>-100.00</ceb:freight>')
        .replace('<ceb:qty>1</ceb:qty>', '<ceb:qty>-1</ceb:qty>');
      expect(negative).not.toBe(inventory);
      expect(issuesOf('CEB621Message', negative)).toEqual([
        { field: 'freight', rule: 'min', params: { min: 0 } },
        { field: 'qty', rule: 'min', params: { min: 0 } },
      ]);
    });

    it('refuse a GUID that is not a UUID in capitals, and an appTime that is not a timestamp', () => {
      const guid = /<ceb:guid>([^<]+)</.exec(order)![1]!;
      const lower = order.replace(guid, guid.toLowerCase());
      const dashes = order.replace(guid, '-'.repeat(36)).replace('20261111000000', 'yesterday');
      expect(issuesOf('CEB311Message', lower)).toEqual([
        {
          field: 'guid',
          rule: 'format',
          params: { format: 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX (hex, capitals)' },
        },
      ]);
      expect(issuesOf('CEB311Message', dashes).map((i) => [i.field, i.rule])).toEqual([
        ['guid', 'format'],
        ['appTime', 'format'],
      ]);
    });

    it('hold an inventory list to import: its own number, ieFlag I, 9610/1210/1239, one parcel, a guarantor among its parties', () => {
      const bent = inventory
        .replace('<ceb:ieFlag>I<', '<ceb:ieFlag>E<')
        .replace('<ceb:tradeMode>1210<', '<ceb:tradeMode>0110<')
        .replace('<ceb:grossWeight>', '<ceb:packNo>7</ceb:packNo><ceb:grossWeight>')
        .replace(`<ceb:assureCode>${P.ebpCode}<`, '<ceb:assureCode>9999999999<')
        .replace('<ceb:declTime>20261111<', '<ceb:declTime>2026-11-11<')
        .replace(/<ceb:copNo>[^<]*<\/ceb:copNo>/, '');
      expect(issuesOf('CEB621Message', bent)).toEqual([
        { field: 'InventoryHead/copNo', rule: 'required', params: undefined },
        { field: 'ieFlag', rule: 'one_of', params: { allowed: ['I'] } },
        { field: 'tradeMode', rule: 'one_of', params: { allowed: ['9610', '1210', '1239'] } },
        { field: 'packNo', rule: 'one_of', params: { allowed: ['1'] } },
        { field: 'declTime', rule: 'format', params: { format: 'yyyyMMdd' } },
        {
          field: 'assureCode',
          rule: 'one_of',
          // The platform, merchant and carrier, and the agent (§12); here the platform is the merchant and agent.
          params: { allowed: [...new Set([P.ebpCode, P.ebcCode, P.logisticsCode])] },
        },
      ]);
    });

    it('hold fields to their lengths in the standard: at most (C..n) or exactly (Cn) so many characters', () => {
      const long = inventory
        .replace('<ceb:orderNo>ORD10<', `<ceb:orderNo>${'订'.repeat(61)}<`)
        .replace('<ceb:customsCode>2244<', '<ceb:customsCode>22440<')
        .replace('<ceb:gcode>3304990099<', '<ceb:gcode>33049900<');
      expect(long).not.toBe(inventory);
      expect(issuesOf('CEB621Message', long)).toEqual([
        { field: 'orderNo', rule: 'too_long', params: { maximum: 60 } },
        { field: 'customsCode', rule: 'length', params: { length: 4 } },
        { field: 'gcode', rule: 'length', params: { length: 10 } },
      ]);
      expect(
        issuesOf(
          'CEB621Message',
          inventory.replace('<ceb:orderNo>ORD10<', `<ceb:orderNo>${'订'.repeat(60)}<`),
        ),
      ).toEqual([]);
    });

    it('refuse a buyer ID number that is not 17 digits and a check character in ASCII, which would be a new buyer', () => {
      const id = /<ceb:buyerIdNumber>([^<]+)</.exec(order)![1]!;
      const spelled = (text: string) =>
        order.replace(`<ceb:buyerIdNumber>${id}<`, `<ceb:buyerIdNumber>${text}<`);
      const refused = [{ field: 'buyerIdNumber', rule: 'format', params: expect.anything() }];
      // A full-width first digit, a space inside, one digit short: each would hash as another buyer.
      expect(issuesOf('CEB311Message', spelled(`３${id.slice(1)}`))).toEqual(refused);
      expect(issuesOf('CEB311Message', spelled(`${id.slice(0, 6)} ${id.slice(6)}`))).toEqual(refused);
      expect(issuesOf('CEB311Message', spelled(id.slice(1)))).toEqual(refused);
      expect(issuesOf('CEB311Message', spelled(`${id.slice(0, 17)}X`))).toEqual([]);
      expect(
        issuesOf(
          'CEB621Message',
          inventory.replace(`<ceb:buyerIdNumber>${id}<`, `<ceb:buyerIdNumber>${id.slice(0, 17)}Z<`),
        ),
      ).toEqual(refused);
    });

    it('refuse amounts finer than the fen, and goods lines in a currency other than yuan', () => {
      expect(issuesOf('CEB311Message', order.replace('<ceb:freight>10.00<', '<ceb:freight>10.004<'))).toEqual(
        [{ field: 'freight', rule: 'money', params: undefined }],
      );
      expect(
        issuesOf(
          'CEB621Message',
          inventory
            .replace('<ceb:price>80.00<', '<ceb:price>80.001<')
            .replace('<ceb:totalPrice>80.00<', '<ceb:totalPrice>80.001<'),
        ),
      ).toEqual([
        { field: 'price', rule: 'money', params: undefined },
        { field: 'totalPrice', rule: 'money', params: undefined },
      ]);
      // An order's unit price may be finer; its line total may not.
      expect(issuesOf('CEB311Message', order.replace('<ceb:price>80.00<', '<ceb:price>80.0001<'))).toEqual(
        [],
      );
      const dollars = (xml: string) =>
        xml.replace(
          '<ceb:currency>142</ceb:currency><ceb:country>',
          '<ceb:currency>502</ceb:currency><ceb:country>',
        );
      expect(dollars(order)).not.toBe(order);
      expect(issuesOf('CEB311Message', dollars(order))).toEqual([
        { field: 'currency', rule: 'one_of', params: { allowed: ['142'] } },
      ]);
      const listDollars = inventory.replace(
        '<ceb:currency>142</ceb:currency><ceb:qty>',
        '<ceb:currency>502</ceb:currency><ceb:qty>',
      );
      expect(listDollars).not.toBe(inventory);
      expect(issuesOf('CEB621Message', listDollars)).toEqual([
        { field: 'currency', rule: 'one_of', params: { allowed: ['142'] } },
      ]);
    });

    it('number goods lines so that no order line is named twice: a list 1, 2, 3 … in order, an order 1 to n', () => {
      // Written without leading zeros: lines are matched across documents by their number as written.
      expect(
        issuesOf('CEB621Message', inventory.replace('<ceb:gnum>1</ceb:gnum>', '<ceb:gnum>01</ceb:gnum>')),
      ).toEqual([{ field: 'gnum', rule: 'sequence', params: { expected: 1 } }]);
      expect(
        issuesOf('CEB311Message', order.replace('<ceb:gnum>1</ceb:gnum>', '<ceb:gnum>01</ceb:gnum>')),
      ).toEqual([{ field: 'gnum', rule: 'sequence', params: { expected: '1..2' } }]);
      const twice = inventory.replace('<ceb:gnum>2</ceb:gnum>', '<ceb:gnum>1</ceb:gnum>');
      expect(twice).not.toBe(inventory);
      expect(issuesOf('CEB621Message', twice)).toEqual([
        { field: 'gnum', rule: 'sequence', params: { expected: 2 } },
      ]);
      const [first, second] = order.match(/<ceb:OrderList>.*?<\/ceb:OrderList>/g)!;
      const swapped = order.replace(`${first}${second}`, `${second}${first}`);
      expect(swapped).not.toBe(order);
      expect(issuesOf('CEB311Message', swapped)).toEqual([]);
      expect(
        issuesOf('CEB311Message', order.replace('<ceb:gnum>2</ceb:gnum>', '<ceb:gnum>1</ceb:gnum>')),
      ).toEqual([{ field: 'gnum', rule: 'sequence', params: { expected: '1..2' } }]);
    });

    it('make each line’s total its quantity × price, to the fen, and the order’s goods value their sum', () => {
      const line = inventory.replace('<ceb:totalPrice>80.00<', '<ceb:totalPrice>8.00<');
      expect(issuesOf('CEB621Message', line)).toEqual([
        { field: 'totalPrice', rule: 'total', params: { of: 'qty × price', expected: '80.00' } },
      ]);
      // Half a fen per unit of rounding in the unit price is allowed, at least one fen: 7 for 100.00 at 14.29.
      expect(
        issuesOf('CEB621Message', inventory.replace('<ceb:totalPrice>80.00<', '<ceb:totalPrice>80.01<')),
      ).toEqual([]);
      const seven = inventory
        .replace('<ceb:qty>1</ceb:qty>', '<ceb:qty>7</ceb:qty>')
        .replace('<ceb:price>80.00<', '<ceb:price>14.29<')
        .replace('<ceb:totalPrice>80.00<', '<ceb:totalPrice>100.00<');
      expect(issuesOf('CEB621Message', seven)).toEqual([]);
      expect(
        issuesOf('CEB621Message', seven.replace('<ceb:totalPrice>100.00<', '<ceb:totalPrice>99.95<')),
      ).toEqual([{ field: 'totalPrice', rule: 'total', params: { of: 'qty × price', expected: '100.03' } }]);
      const goods = order.replace('<ceb:goodsValue>380.00<', '<ceb:goodsValue>6000.00<');
      expect(goods).not.toBe(order);
      expect(issuesOf('CEB311Message', goods)).toEqual([
        { field: 'goodsValue', rule: 'total', params: { of: 'OrderList/totalPrice', expected: '380.00' } },
      ]);
    });
  });
});
