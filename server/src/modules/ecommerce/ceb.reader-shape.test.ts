import { describe, expect, it } from 'vitest';
import { parseXml } from '../../platform/exchange/index.ts';
import { type CebJsonMessage, readCebJson } from './ceb.json.ts';
import {
  cebJsonDocument,
  cebMessage,
  SAMPLE_PARTIES as P,
  sampleInventory,
  sampleOrder,
  samplePayment,
  sampleRefund,
  sampleWaybill,
  sampleWaybillStatus,
} from './ceb.samples.ts';
import { MAX_DOCUMENTS, readCebMessage } from './ceb.xml.ts';
import { readerTx, refusal, SAMPLE_TRANSFER } from './ceb-reader.test-helpers.ts';

// The shape of a message beyond its heads' fields: what a body holds, the envelope, GUIDs the inbox can
// key, how many documents, and numbers and dates the field lists leave unchecked.
const t = readerTx;
const TRANSFER = SAMPLE_TRANSFER;

const issuesOf = (type: string, document: string) =>
  readCebMessage(parseXml(cebMessage(type, P.ebcCode, [document]))).documents[0]!.issues.map(
    ({ path, rule, params }) => ({ field: path.split(':').at(-1), rule, ...(params ? { params } : {}) }),
  );

describe('CEB readers: the shape of a message', () => {
  it('refuse anything in a body but its head and lines, so a misspelt line element cannot pass unseen', () => {
    // A return whose lines are misspelt would otherwise read as a return of everything.
    const misspelt = sampleRefund(t(1), '22442026I000000001').replaceAll('InvtRefundList', 'InvtRefundLst');
    expect(issuesOf('CEB625Message', misspelt)).toEqual([{ field: 'InvtRefundLst', rule: 'unknown_field' }]);
    const json = readCebJson({
      type: 'CEB625Message',
      BaseTransfer: TRANSFER,
      documents: [
        Object.fromEntries(
          Object.entries(cebJsonDocument(sampleRefund(t(1), '22442026I000000001'))).map(([key, value]) => [
            key === 'InvtRefundList' ? 'InvtRefundlist' : key,
            value,
          ]),
        ),
      ],
    } as CebJsonMessage);
    expect(json.documents[0]!.issues).toEqual([
      { path: '/documents/0/InvtRefundlist/0', rule: 'unknown_field' },
    ]);
    expect(json.documents[0]!.lines).toEqual([]);
    // Two heads in one order: the second would be dropped.
    const head = /<ceb:OrderHead>.*<\/ceb:OrderHead>/.exec(sampleOrder(t(2)))![0];
    const twice = sampleOrder(t(2)).replace(head, `${head}${head}`);
    expect(issuesOf('CEB311Message', twice)).toEqual([{ field: 'OrderHead[2]', rule: 'repeated' }]);
  });

  it('require every goods line’s number (序号 Y*): lines are matched, returned and taxed by it', () => {
    const noGnum = (xml: string) => xml.replace(/<ceb:gnum>1<\/ceb:gnum>/g, '');
    expect(issuesOf('CEB311Message', noGnum(sampleOrder(t(3))))).toEqual([
      { field: 'gnum', rule: 'required' },
    ]);
    expect(issuesOf('CEB621Message', noGnum(sampleInventory(t(3))))).toEqual([
      { field: 'gnum', rule: 'required' },
    ]);
    expect(issuesOf('CEB625Message', noGnum(sampleRefund(t(3), '22442026I000000001')))).toEqual([
      { field: 'gnum', rule: 'required' },
    ]);
  });

  it('refuse a transfer mode other than DXP, and a transfer name over 100 characters', () => {
    const ftp = cebMessage('CEB311Message', P.ebcCode, [sampleOrder(t(4))]).replace(
      '<ceb:dxpMode>DXP<',
      '<ceb:dxpMode>FTP<',
    );
    const refused = refusal(() => readCebMessage(parseXml(ftp)));
    expect(refused.code).toBe('ECOMMERCE.INVALID');
    expect(refused.details).toEqual([
      {
        path: '/ceb:CEB311Message/ceb:BaseTransfer/ceb:dxpMode',
        rule: 'one_of',
        params: { allowed: ['DXP'] },
      },
    ]);
    const long = cebMessage('CEB311Message', P.ebcCode, [sampleOrder(t(4))]).replace(
      '<ceb:copName>企业<',
      `<ceb:copName>${'企'.repeat(101)}<`,
    );
    expect(refusal(() => readCebMessage(parseXml(long))).details).toEqual([
      {
        path: '/ceb:CEB311Message/ceb:BaseTransfer/ceb:copName',
        rule: 'too_long',
        params: { maximum: 100 },
      },
    ]);
  });

  it('refuse the whole message, at the GUID’s own path, when a document’s GUID cannot key a receipt', () => {
    const spaced = sampleOrder(t(5)).replace(/<ceb:guid>[^<]+</, '<ceb:guid>A B<');
    const xml = refusal(() =>
      readCebMessage(parseXml(cebMessage('CEB311Message', P.ebcCode, [sampleOrder(t(6)), spaced]))),
    );
    expect(xml.code).toBe('EXCHANGE.XML_INVALID');
    expect(xml.details).toEqual([
      {
        path: '/ceb:CEB311Message/ceb:Order[2]/ceb:OrderHead/ceb:guid',
        rule: 'format',
        params: { format: '^[A-Za-z0-9_.:-]{1,64}$' },
      },
    ]);
    const json = refusal(() =>
      readCebJson({
        type: 'CEB311Message',
        BaseTransfer: TRANSFER,
        documents: [cebJsonDocument(sampleOrder(t(6))), cebJsonDocument(spaced)],
      } as CebJsonMessage),
    );
    expect(json.details).toEqual([
      { path: '/documents/1/OrderHead/guid', rule: 'format', params: { format: '^[A-Za-z0-9_.:-]{1,64}$' } },
    ]);
  });

  it(`refuse a message of more than ${MAX_DOCUMENTS} documents`, () => {
    const many = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => samplePayment(t(1000 + i)));
    const refused = refusal(() => readCebMessage(parseXml(cebMessage('CEB411Message', P.payCode, many))));
    expect(refused.code).toBe('ECOMMERCE.INVALID');
    expect(refused.details).toEqual([
      {
        path: '/ceb:CEB411Message',
        rule: 'too_long',
        params: { maximum: MAX_DOCUMENTS, documents: MAX_DOCUMENTS + 1 },
      },
    ]);
    expect(
      readCebMessage(parseXml(cebMessage('CEB411Message', P.payCode, many.slice(1)))).documents,
    ).toHaveLength(MAX_DOCUMENTS);
  });

  it('check weights (N19,5), quantities (N19,4), package counts and times that the field lists leave open', () => {
    const list = sampleInventory(t(7))
      .replace('<ceb:grossWeight>1.2<', '<ceb:grossWeight>heavy<')
      .replace('<ceb:qty>2<', '<ceb:qty>2.00005<')
      .replace('<ceb:qty1>2<', '<ceb:qty1>abc<');
    expect(issuesOf('CEB621Message', list)).toEqual([
      { field: 'grossWeight', rule: 'format', params: { format: 'N19,5' } },
      { field: 'qty', rule: 'format', params: { format: 'N19,4' } },
      { field: 'qty1', rule: 'format', params: { format: 'N19,4' } },
    ]);
    // An order line's bad quantity is named alone, not again as a goods value the lines do not add up to.
    const order = sampleOrder(t(7)).replace('<ceb:qty>2<', '<ceb:qty>2.00005<');
    expect(issuesOf('CEB311Message', order).map((i) => [i.field, i.rule])).toEqual([['qty', 'format']]);
    const waybill = sampleWaybill(t(7)).replace(
      '<ceb:weight>1.2</ceb:weight>',
      '<ceb:weight>1.234567</ceb:weight><ceb:packNo>0</ceb:packNo>',
    );
    expect(issuesOf('CEB511Message', waybill).map((i) => [i.field, i.rule])).toEqual([
      ['weight', 'format'],
      ['packNo', 'format'],
    ]);
  });

  it('refuse dates that are not days of the calendar: 30 February would be read as 2 March', () => {
    expect(issuesOf('CEB621Message', sampleInventory(t(8)).replace('>20261111<', '>20260230<'))).toEqual([
      { field: 'declTime', rule: 'format', params: { format: 'yyyyMMdd' } },
    ]);
    const payment = samplePayment(t(8)).replace(
      '<ceb:payTime>20261111000000<',
      '<ceb:payTime>20260431000000<',
    );
    expect(issuesOf('CEB411Message', payment)).toEqual([
      { field: 'payTime', rule: 'format', params: { format: 'yyyyMMddHHmmss' } },
    ]);
    expect(issuesOf('CEB513Message', sampleWaybillStatus(t(8), '20260230120000'))).toEqual([
      { field: 'logisticsTime', rule: 'format', params: { format: 'yyyyMMddHHmmss' } },
    ]);
    expect(issuesOf('CEB513Message', sampleWaybillStatus(t(8), '20240229120000'))).toEqual([]);
  });
});

describe('CEB readers: what each import mode must say (§8.5)', () => {
  const list = sampleInventory(t(20));
  const issues = (document: string) => issuesOf('CEB621Message', document).map((i) => [i.field, i.rule]);

  it('hold a bonded list (1210, 1239) to its ledger, zone enterprise, ledger item numbers and 起运国 142', () => {
    expect(issues(list)).toEqual([]);
    const bare = list
      .replace(/<ceb:emsNo>[^<]*<\/ceb:emsNo>/, '')
      .replace(/<ceb:areaCode>[^<]*<\/ceb:areaCode>/, '')
      .replace(/<ceb:itemRecordNo>[^<]*<\/ceb:itemRecordNo>/, '')
      .replace('<ceb:country>142<', '<ceb:country>116<')
      .replace('<ceb:tradeMode>1210<', '<ceb:tradeMode>1239<');
    expect(issuesOf('CEB621Message', bare)).toEqual([
      { field: 'InventoryHead/emsNo', rule: 'required', params: { tradeMode: '1239' } },
      { field: 'InventoryHead/areaCode', rule: 'required', params: { tradeMode: '1239' } },
      { field: 'country', rule: 'one_of', params: { allowed: ['142'] } },
      { field: 'InventoryList/itemRecordNo', rule: 'required', params: { tradeMode: '1239' } },
    ]);
  });

  it('hold a direct-purchase list (9610) to its carrier, voyage and bill of lading, and no ledger', () => {
    const direct = list
      .replace(/<ceb:emsNo>[^<]*<\/ceb:emsNo>/, '')
      .replace(/<ceb:areaCode>[^<]*<\/ceb:areaCode><ceb:areaName>[^<]*<\/ceb:areaName>/, '')
      .replace(/<ceb:itemRecordNo>[^<]*<\/ceb:itemRecordNo>/, '')
      .replace('<ceb:tradeMode>1210<', '<ceb:tradeMode>9610<');
    expect(issues(direct)).toEqual([
      ['InventoryHead/trafNo', 'required'],
      ['InventoryHead/voyageNo', 'required'],
      ['InventoryHead/billNo', 'required'],
    ]);
    const carried = direct.replace(
      '<ceb:country>',
      '<ceb:trafNo>B-6128</ceb:trafNo><ceb:voyageNo>CZ3102</ceb:voyageNo><ceb:billNo>784-12345675</ceb:billNo><ceb:country>',
    );
    expect(issues(carried)).toEqual([]);
  });
});
