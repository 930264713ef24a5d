import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../../../test/helpers/database.ts';
import { parseXml } from '../../platform/exchange/index.ts';
import {
  cebJsonMessage,
  cebMessage,
  SAMPLE_PARTIES as P,
  sampleOrder,
  sampleWaybill,
} from './ceb.samples.ts';
import { type CebGateway, cebGatewayPlatform, tableCounts } from './ceb-gateway.test-helpers.ts';
import {
  type SampleSigner,
  sampleCrl,
  sampleSigner,
  signCebJson,
  signCebXml,
} from './ceb-signing.samples.ts';

describe(`CEB signatures verified (CEB_SIGNATURE_VERIFY=on) on ${TEST_ENGINE}`, () => {
  let g: CebGateway;
  let dir: string;
  const ca = sampleSigner({ cn: 'Sample E-port CA', ca: true });
  const signer = sampleSigner({ cn: P.ebcCode, issuer: ca });
  const stranger = sampleSigner({ cn: P.ebcCode });
  const revoked = sampleSigner({ cn: P.ebcCode, issuer: ca });
  const orderXml = (n: number, appStatus = '2') =>
    cebMessage('CEB311Message', P.ebcCode, [
      sampleOrder(g.tx(n)).replace('<ceb:appStatus>2<', `<ceb:appStatus>${appStatus}<`),
    ]);
  const post = async (payload: string | object, by: SampleSigner | undefined = undefined) => {
    const body =
      typeof payload === 'string'
        ? by
          ? signCebXml(payload, by)
          : payload
        : by
          ? signCebJson(payload, by)
          : payload;
    const response = await g.post(
      P.ebcCode,
      body,
      typeof payload === 'string' ? 'application/xml' : 'application/json',
    );
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results[0].receipt as {
      status: string;
      reasons?: { path: string; rule: string; params?: Record<string, unknown> }[];
    };
  };
  const order = async (n: number) =>
    (
      await g.rows(
        sql<{ doc: string }>`SELECT doc FROM ecommerce_order WHERE order_key = ${`${P.ebpCode}|ORD${n}`}`,
      )
    )[0];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jinguan-ceb-trust-'));
    writeFileSync(join(dir, 'trust.pem'), ca.certificate.toString());
    writeFileSync(join(dir, 'ca.crl'), sampleCrl(ca, [{ certificate: revoked.certificate }]).der);
    g = await cebGatewayPlatform({
      CEB_SIGNATURE_VERIFY: 'on',
      CEB_SIGNATURE_TRUST_FILE: join(dir, 'trust.pem'),
      CEB_SIGNATURE_CRL_FILE: join(dir, 'ca.crl'),
    });
  });
  afterAll(async () => {
    await g?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a message signed by a trusted certificate and keeps the signature with the document', async () => {
    expect((await post(orderXml(1), signer)).status).toBe('120');
    const stored = JSON.parse((await order(1))!.doc);
    expect(stored.signature).toMatchObject({
      format: 'xml',
      verified: true,
      signer: { subject: `CN=${P.ebcCode}`, fingerprint256: signer.certificate.fingerprint256 },
    });
    expect(parseXml(stored.signature.block).root.local).toBe('Signature');
  });

  it('refuses every document of a message whose signature fails (-1), storing none of them', async () => {
    const before = await tableCounts(g);
    const tampered = signCebXml(
      cebMessage('CEB311Message', P.ebcCode, [sampleOrder(g.tx(2)), sampleOrder(g.tx(3))]),
      signer,
    ).replace('<ceb:orderNo>ORD3<', '<ceb:orderNo>ORD4<');
    const response = await g.post(P.ebcCode, tampered, 'application/xml');
    const receipts = response.json().results.map((r: { receipt: unknown }) => r.receipt);
    expect(receipts).toMatchObject([
      {
        status: '-1',
        reasons: [
          {
            path: '/ceb:CEB311Message/ds:Signature',
            rule: 'signature_invalid',
            params: { reason: 'digest_mismatch' },
          },
        ],
      },
      { status: '-1', reasons: [{ rule: 'signature_invalid' }] },
    ]);
    const untrusted = await post(orderXml(5), stranger);
    expect(untrusted).toMatchObject({
      status: '-1',
      reasons: [{ params: { reason: 'certificate_untrusted' } }],
    });
    expect(await tableCounts(g)).toEqual(before);
  });

  it('requires a signature on every document, a draft (appStatus 1) too', async () => {
    expect(await post(orderXml(6))).toMatchObject({
      status: '-1',
      reasons: [
        {
          path: '/ceb:CEB311Message/ceb:Order/ceb:OrderHead/ceb:appStatus',
          rule: 'signature_required',
          params: { appStatus: '2' },
        },
      ],
    });
    expect(await post(orderXml(7, '1'))).toMatchObject({
      status: '-1',
      reasons: [{ rule: 'signature_required', params: { appStatus: '1' } }],
    });
    expect(await order(7)).toBeUndefined();
  });

  it('accepts a signer issued by a CA the message carries, below the trusted one, as XML and as JSON', async () => {
    const signingCa = sampleSigner({ cn: 'Sample E-port Signing CA', issuer: ca, ca: true });
    const chained = sampleSigner({ cn: P.ebcCode, issuer: signingCa });
    const xml = await g.post(
      P.ebcCode,
      signCebXml(orderXml(9), chained, 'sha1', [signingCa]),
      'application/xml',
    );
    expect(xml.json().results[0].receipt.status).toBe('120');
    const json = cebJsonMessage('CEB311Message', P.ebcCode, [sampleOrder(g.tx(10))]);
    const signed = await g.post(
      P.ebcCode,
      signCebJson(json, chained, 'sha256', [signingCa]),
      'application/json',
    );
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().results[0].receipt.status).toBe('120');
    expect(JSON.parse((await order(10))!.doc).signature).toMatchObject({
      verified: true,
      signer: { fingerprint256: chained.certificate.fingerprint256 },
    });
    // Without its CA the same signer is not trusted.
    expect((await post(orderXml(11), chained)).reasons).toEqual([
      {
        path: '/ceb:CEB311Message/ds:Signature',
        rule: 'signature_invalid',
        params: { reason: 'certificate_untrusted', detail: 'CN=Sample E-port Signing CA' },
      },
    ]);
  });

  it('refuses a signer on its CA’s revocation list (CEB_SIGNATURE_CRL_FILE), storing nothing', async () => {
    expect((await post(orderXml(12), revoked)).reasons).toEqual([
      {
        path: '/ceb:CEB311Message/ds:Signature',
        rule: 'signature_invalid',
        params: {
          reason: 'certificate_revoked',
          detail: expect.stringContaining(`serial ${revoked.certificate.serialNumber} revoked`),
        },
      },
    ]);
    expect(await order(12)).toBeUndefined();
  });

  it('verifies the JSON form over its canonical JSON', async () => {
    const waybill = cebJsonMessage('CEB311Message', P.ebcCode, [sampleOrder(g.tx(8))]) as unknown as {
      documents: { OrderHead: Record<string, string> }[];
    };
    expect((await post(waybill, signer)).status).toBe('120');
    expect(JSON.parse((await order(8))!.doc).signature).toMatchObject({ format: 'json', verified: true });
    const forged = signCebJson(waybill, signer) as typeof waybill & { Signature: object };
    forged.documents[0]!.OrderHead.buyerName = '李四';
    forged.documents[0]!.OrderHead.guid = '00000000-0000-4000-8000-0000000000EE';
    const response = await g.post(P.ebcCode, forged, 'application/json');
    expect(response.json().results[0].receipt).toMatchObject({
      status: '-1',
      reasons: [{ path: '/Signature', rule: 'signature_invalid', params: { reason: 'signature_mismatch' } }],
    });
    // An unsigned waybill from the carrier is refused too (appStatus 2).
    const unsigned = await g.post(
      P.logisticsCode,
      cebMessage('CEB511Message', P.logisticsCode, [sampleWaybill(g.tx(8))]),
      'application/xml',
    );
    expect(unsigned.json().results[0].receipt.reasons[0].rule).toBe('signature_required');
  });
});

describe('CEB_SIGNATURE_CRL_FILE without a trust file', () => {
  it('stops the start, naming both settings: revocation is checked on the path to a trusted certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jinguan-ceb-crl-'));
    try {
      const ca = sampleSigner({ cn: 'Sample E-port CA', ca: true });
      writeFileSync(join(dir, 'ca.crl'), sampleCrl(ca, []).der);
      await expect(
        cebGatewayPlatform({ CEB_SIGNATURE_VERIFY: 'on', CEB_SIGNATURE_CRL_FILE: join(dir, 'ca.crl') }),
      ).rejects.toThrow('CEB_SIGNATURE_CRL_FILE needs CEB_SIGNATURE_TRUST_FILE');
      // A trusted intermediate without its root: its own revocation could not be checked.
      const intermediate = sampleSigner({ cn: 'Sample E-port Signing CA', issuer: ca, ca: true });
      writeFileSync(join(dir, 'trust.pem'), intermediate.certificate.toString());
      await expect(
        cebGatewayPlatform({
          CEB_SIGNATURE_VERIFY: 'on',
          CEB_SIGNATURE_TRUST_FILE: join(dir, 'trust.pem'),
          CEB_SIGNATURE_CRL_FILE: join(dir, 'ca.crl'),
        }),
      ).rejects.toThrow('the issuer of CN=Sample E-port Signing CA is not in the file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
