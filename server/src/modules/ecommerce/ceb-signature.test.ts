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
    const ca = sampleSigner({ cn: 'Sample E-port CA', ca: true });
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

// Each test makes RSA keys (a fraction of a second each, more on a loaded machine).
describe('certificate chains: the CAs between the signer and a trusted root, carried in X509Data', {
  timeout: 60_000,
}, () => {
  const root = sampleSigner({ cn: 'Sample E-port Root CA', ca: true });
  const intermediate = sampleSigner({ cn: 'Sample E-port Signing CA', issuer: root, ca: true });
  const issued = sampleSigner({ cn: '3122980110', issuer: intermediate });

  it('trusts a signer whose issuing CA the message carries, in either order after the signer', () => {
    const deeper = sampleSigner({ cn: 'Sample District CA', issuer: intermediate, ca: true });
    const signer = sampleSigner({ cn: '3122980111', issuer: deeper });
    expect(
      verifyXmlSignature(signCebXml(message, issued, 'sha256', [intermediate]), NOW, [root.certificate]),
    ).toMatchObject({ ok: true, signer: { subject: 'CN=3122980110' } });
    expect(
      verifyXmlSignature(signCebXml(message, signer, 'sha256', [intermediate, deeper]), NOW, [
        root.certificate,
      ]),
    ).toMatchObject({ ok: true, signer: { subject: 'CN=3122980111' } });
    // A trusted intermediate is an anchor by itself: the root need not be sent or trusted.
    expect(verifyXmlSignature(signCebXml(message, issued), NOW, [intermediate.certificate])).toMatchObject({
      ok: true,
    });
  });

  it('refuses a chain with a missing link, an issuer that is no CA, an expired CA or another root', () => {
    const untrusted = (xml: string, detail: string) =>
      expect(verifyXmlSignature(xml, NOW, [root.certificate])).toEqual({
        ok: false,
        reason: 'certificate_untrusted',
        detail,
      });
    untrusted(signCebXml(message, issued), 'CN=Sample E-port Signing CA');
    // An end-entity certificate (no basicConstraints cA) cannot issue one.
    const notCa = sampleSigner({ cn: 'Not a CA', issuer: root });
    untrusted(signCebXml(message, sampleSigner({ cn: 'x', issuer: notCa }), 'sha1', [notCa]), 'CN=Not a CA');
    const expiredCa = sampleSigner({
      cn: 'Expired CA',
      issuer: root,
      ca: true,
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2021-01-01'),
    });
    untrusted(
      signCebXml(message, sampleSigner({ cn: 'y', issuer: expiredCa }), 'sha1', [expiredCa]),
      'CN=Expired CA',
    );
    const otherRoot = sampleSigner({ cn: 'Other Root', ca: true });
    const otherCa = sampleSigner({ cn: 'Other CA', issuer: otherRoot, ca: true });
    untrusted(
      signCebXml(message, sampleSigner({ cn: 'z', issuer: otherCa }), 'sha1', [otherCa]),
      'CN=Other Root',
    );
  });

  it('reads at most four CAs after the signer, and refuses a chain certificate that does not parse', () => {
    const many = signCebXml(message, issued, 'sha1', Array(5).fill(intermediate));
    expect(verifyXmlSignature(many, NOW, [root.certificate])).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    const broken = signCebXml(message, issued, 'sha1', [intermediate]).replace(
      `<ds:X509Certificate>${intermediate.certificateBase64}`,
      '<ds:X509Certificate>AAAA',
    );
    expect(verifyXmlSignature(broken, NOW, [root.certificate])).toEqual({
      ok: false,
      reason: 'certificate_invalid',
      detail: 'chain certificate 1',
    });
  });

  it('takes the JSON form with the certificate and its CAs as an array', () => {
    const body = { type: 'CEB513Message', documents: [{ guid: 'G' }] };
    const signed = signCebJson(body, issued, 'sha256', [intermediate]);
    const { Signature: signature, ...unsigned } = signed as typeof signed & {
      Signature: { SignatureValue: string; KeyInfo: { X509Certificate: string[] } };
    };
    expect(signature.KeyInfo.X509Certificate).toHaveLength(2);
    const check = (certificates: string[]) =>
      checkSigner(
        certificates,
        signature.SignatureValue,
        'sha256',
        Buffer.from(canonicalJson(unsigned), 'utf8'),
        NOW,
        [root.certificate],
      );
    expect(check(signature.KeyInfo.X509Certificate)).toMatchObject({ ok: true });
    expect(check(signature.KeyInfo.X509Certificate.slice(0, 1))).toMatchObject({
      ok: false,
      reason: 'certificate_untrusted',
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
