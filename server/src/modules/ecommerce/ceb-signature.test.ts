import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './ceb.json.ts';
import { cebMessage, SAMPLE_PARTIES, sampleWaybillStatus } from './ceb.samples.ts';
import { checkSigner, DSIG_NS, verifyXmlSignature } from './ceb-signature.ts';
import { derInteger, sampleSigner, signCebJson, signCebXml } from './ceb-signing.samples.ts';
import { canonicalize, parseForC14n } from './xml-c14n.ts';

const NOW = new Date();
const signer = sampleSigner({ cn: '3122980110' });
const message = cebMessage('CEB513Message', SAMPLE_PARTIES.logisticsCode, [
  sampleWaybillStatus({ n: 1, ...SAMPLE_PARTIES, buyerId: 'x', lines: [] }),
]);
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const CEB = 'http://www.chinaport.gov.cn/ceb';

describe('XMLDSig verification (enveloped, C14N 1.0)', () => {
  it.each(['sha1', 'sha256'] as const)('verifies a message signed RSA-%s and names the signer', (hash) => {
    const check = verifyXmlSignature(signCebXml(message, signer, hash), NOW, []);
    expect(check).toEqual({
      ok: true,
      signer: {
        keyName: signer.keyName,
        subject: 'CN=3122980110',
        serialNumber: signer.certificate.serialNumber,
        fingerprint256: signer.certificate.fingerprint256,
      },
    });
  });

  it('verifies a signature made over hand-written canonical forms, whatever the message looks like', () => {
    // What C14N 1.0 must give for the message below, written out by hand (not computed by the
    // code under test): declaration dropped, attributes sorted, empty elements expanded, the
    // signature left out but the whitespace around it kept.
    const canonical = `<ceb:CEB513Message xmlns:ceb="${CEB}" guid="G" version="1.0">\n  <ceb:x a="1" b="&amp;">1 &lt; 2</ceb:x>\n  \n</ceb:CEB513Message>`;
    const digest = createHash('sha1').update(canonical).digest('base64');
    const signedInfo = (ns: string) =>
      `<ds:SignedInfo${ns}><ds:CanonicalizationMethod Algorithm="${C14N}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${DSIG_NS}rsa-sha1"></ds:SignatureMethod><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="${DSIG_NS}enveloped-signature"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="${DSIG_NS}sha1"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    // SignedInfo as signed: it carries every namespace in scope (ceb from the root, ds), sorted.
    const value = sign(
      'sha1',
      Buffer.from(signedInfo(` xmlns:ceb="${CEB}" xmlns:ds="${DSIG_NS}"`)),
      signer.privateKey,
    ).toString('base64');
    const sent = `<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB513Message version='1.0' guid="G" xmlns:ceb="${CEB}">
  <ceb:x b="&#38;" a='1'>1 &lt; 2</ceb:x>
  <ds:Signature xmlns:ds="${DSIG_NS}" xmlns:ceb="${CEB}">${signedInfo('').replaceAll(/><\/ds:(CanonicalizationMethod|SignatureMethod|Transform|DigestMethod)>/g, '/>')}<ds:SignatureValue>
${value.match(/.{1,64}/g)!.join('\n')}
</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${signer.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
</ceb:CEB513Message>`;
    expect(verifyXmlSignature(sent, NOW, [])).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a changed field',
      (xml: string) => xml.replace('<ceb:logisticsStatus>S<', '<ceb:logisticsStatus>R<'),
      'digest_mismatch',
    ],
    [
      'a changed SignatureValue',
      (xml: string) =>
        xml.replace(/<ds:SignatureValue>(.)/, (_m, c) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`),
      'signature_mismatch',
    ],
    [
      'a SignedInfo re-digested after the change',
      (xml: string) => {
        const changed = xml.replace('<ceb:logisticsStatus>S<', '<ceb:logisticsStatus>R<');
        const body = parseForC14n(changed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''));
        const digest = createHash('sha1').update(canonicalize(body.root)).digest('base64');
        return changed.replace(/<ds:DigestValue>[^<]*/, `<ds:DigestValue>${digest}`);
      },
      'signature_mismatch',
    ],
    [
      'a second signature',
      (xml: string) => xml.replace(/(<ds:Signature[\s\S]*<\/ds:Signature>)/, '$1$1'),
      'malformed',
    ],
    [
      'exclusive canonicalisation',
      (xml: string) => xml.replace(C14N, 'http://www.w3.org/2001/10/xml-exc-c14n#'),
      'unsupported_algorithm',
    ],
    [
      'an SM2 signature method',
      (xml: string) => xml.replace(`${DSIG_NS}rsa-sha1`, 'http://www.w3.org/2000/09/xmldsig#sm2-sm3'),
      'unsupported_algorithm',
    ],
    [
      'a reference to part of the message',
      (xml: string) => xml.replace('URI=""', 'URI="#x"'),
      'unsupported_algorithm',
    ],
    [
      'no certificate',
      (xml: string) => xml.replace(/<ds:X509Data>[\s\S]*<\/ds:X509Data>/, ''),
      'certificate_missing',
    ],
    [
      'a certificate that is not one',
      (xml: string) => xml.replace(/<ds:X509Certificate>[^<]*/, '<ds:X509Certificate>AAAA'),
      'certificate_invalid',
    ],
  ])('refuses %s', (_name, tamper, reason) => {
    const check = verifyXmlSignature(tamper(signCebXml(message, signer)), NOW, []);
    expect(check).toMatchObject({ ok: false, reason });
  });

  it('refuses an expired certificate and one that no trusted certificate vouches for', () => {
    const old = sampleSigner({ notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(verifyXmlSignature(signCebXml(message, old), NOW, [])).toMatchObject({
      ok: false,
      reason: 'certificate_expired',
    });
    const ca = sampleSigner({ cn: 'Sample E-port CA' });
    const issued = sampleSigner({ cn: '3122980110', issuer: ca });
    const otherCa = sampleSigner({ cn: 'Another CA' });
    const signed = signCebXml(message, issued);
    expect(verifyXmlSignature(signed, NOW, [ca.certificate])).toMatchObject({ ok: true });
    expect(verifyXmlSignature(signed, NOW, [otherCa.certificate])).toMatchObject({
      ok: false,
      reason: 'certificate_untrusted',
    });
    // A certificate in the trust file is trusted itself (pinned).
    expect(verifyXmlSignature(signCebXml(message, signer), NOW, [signer.certificate])).toMatchObject({
      ok: true,
    });
  });
});

describe('JSON signatures (RFC 8785 canonical JSON of the message without Signature)', () => {
  const json = {
    type: 'CEB513Message',
    BaseTransfer: { copCode: '3122980110', copName: '物流', dxpMode: 'DXP', dxpId: 'DXPENT0000000001' },
    documents: [{ guid: 'G', logisticsStatus: 'S' }],
  };

  it("writes the sample certificates' integers minimally, whatever the random serial", () => {
    const hex = (bytes: number[]) => derInteger(Buffer.from(bytes)).toString('hex');
    expect(hex([0x00, 0x05, 0x01])).toBe('02020501');
    expect(hex([0x00, 0x00, 0x85])).toBe('02020085');
    expect(hex([0x85, 0x01])).toBe('0203008501');
    expect(hex([0x00, 0x00])).toBe('020100');
    expect(hex([0x7f])).toBe('02017f');
    expect(hex([])).toBe('020100');
  });

  it('refuses a certificate whose key is not RSA, the only methods accepted being rsa-*', () => {
    const ca = sampleSigner({ cn: 'Sample CA' });
    const ecSigner = sampleSigner({ cn: 'EC signer', issuer: ca, keyType: 'ec' });
    const body = Buffer.from('{"a":"1"}');
    const signature = sign('sha256', body, ecSigner.privateKey).toString('base64');
    expect(checkSigner(ecSigner.certificateBase64, signature, 'sha256', body, new Date(), [])).toMatchObject({
      ok: false,
      reason: 'certificate_invalid',
    });
  });

  it('sorts members by code unit and writes strings as JSON.stringify does', () => {
    expect(canonicalJson({ b: ['x', { d: '1', c: '"' }], a: '中' })).toBe(
      '{"a":"中","b":["x",{"c":"\\"","d":"1"}]}',
    );
  });

  it('verifies whatever the member order, and refuses a change', () => {
    const signed = signCebJson(json, signer);
    const { Signature, ...rest } = signed as typeof signed & {
      Signature: { SignatureValue: string; KeyInfo: { X509Certificate: string } };
    };
    const reordered = { documents: rest.documents, type: rest.type, BaseTransfer: rest.BaseTransfer };
    const verifyOver = (body: object) =>
      checkSigner(
        Signature.KeyInfo.X509Certificate,
        Signature.SignatureValue,
        'sha256',
        Buffer.from(canonicalJson(body)),
        NOW,
        [],
      );
    expect(verifyOver(reordered)).toMatchObject({ ok: true });
    expect(verifyOver({ ...rest, documents: [{ guid: 'G', logisticsStatus: 'R' }] })).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });
});
