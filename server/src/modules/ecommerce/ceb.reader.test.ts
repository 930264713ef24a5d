import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/errors/index.ts';
import { parseXml } from '../../platform/exchange/index.ts';
import { type CebJsonMessage, canonicalJson, readCebJson } from './ceb.json.ts';
import {
  cebJsonDocument,
  cebMessage,
  SAMPLE_PARTIES as P,
  type SampleTransaction,
  sampleDelivery,
  sampleOrder,
  sampleWaybillStatus,
} from './ceb.samples.ts';
import { readCebMessage } from './ceb.xml.ts';

const t = (n: number): SampleTransaction => ({
  n,
  ...P,
  buyerId: '310101199001010001',
  lines: [{ gcode: '3304990099', name: '护肤品', qty: 2, price: '150.00' }],
});
const TRANSFER = { copCode: P.ebcCode, copName: '企业', dxpMode: 'DXP', dxpId: 'DXPENT0000000001' };

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

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
});
