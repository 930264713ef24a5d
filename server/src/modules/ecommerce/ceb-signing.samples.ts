import { createHash, generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { canonicalJson } from './ceb.json.ts';
import { DSIG_NS } from './ceb-signature.ts';
import { certificateSerialKey } from './revocation.ts';
import { canonicalize, parseForC14n } from './xml-c14n.ts';

// Signing keys and certificates for tests and integrators trying the verifier: Node makes key
// pairs but not certificates, so a minimal X.509 v3 certificate is written in DER here.

const tlv = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : Buffer.from([0x80 | Math.ceil(n.toString(16).length / 2), ...bytesOf(n)]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const bytesOf = (n: number): number[] => (n === 0 ? [] : [...bytesOf(Math.floor(n / 256)), n % 256]);
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
/**
 * A DER INTEGER of unsigned big-endian bytes: minimal, so no leading zero byte unless the next has
 * its high bit set (a random serial starting 00 0x was refused by OpenSSL, about one in 512).
 */
export const derInteger = (bytes: Buffer): Buffer => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = start < bytes.length ? bytes.subarray(start) : Buffer.from([0]);
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
};
const integer = derInteger;
const oid = (dotted: string) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const arcs = rest.flatMap((arc) => {
    const out = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
    return out;
  });
  return tlv(0x06, Buffer.from([a! * 40 + b!, ...arcs]));
};
const name = (cn: string) => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
const TRUE = tlv(0x01, Buffer.from([0xff]));
// [3] extensions: basicConstraints (2.5.29.19), critical, { cA TRUE }.
const CA_EXTENSIONS = tlv(0xa3, seq(seq(oid('2.5.29.19'), TRUE, tlv(0x04, seq(TRUE)))));

export interface SampleSigner {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** The DER certificate in base64, as `ds:X509Certificate` carries it. */
  certificateBase64: string;
  keyName: string;
}

/**
 * An RSA key and a certificate for it: self-signed, or issued by `issuer` (a sample CA). `ec` makes
 * a P-256 key instead (for refusal tests; it needs an RSA `issuer` to sign its certificate).
 */
export function sampleSigner(
  options: {
    cn?: string;
    notBefore?: Date;
    notAfter?: Date;
    issuer?: SampleSigner;
    keyType?: 'rsa' | 'ec';
    /** A certificate authority: basicConstraints cA TRUE (critical), so it may issue certificates. */
    ca?: boolean;
    /** The serial number's DER INTEGER content as is (a negative one, say); else from the key. */
    serial?: Buffer;
  } = {},
): SampleSigner {
  const { privateKey, publicKey } =
    options.keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cn = options.cn ?? 'CEB sample signer';
  const serial = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    options.serial ? tlv(0x02, options.serial) : integer(serial.subarray(0, 8)),
    SHA256_RSA,
    name(options.issuer?.certificate.subject.replace(/^CN=/, '') ?? cn),
    seq(
      utcTime(options.notBefore ?? new Date(Date.now() - 86_400_000)),
      utcTime(options.notAfter ?? new Date(Date.now() + 365 * 86_400_000)),
    ),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
    ...(options.ca ? [CA_EXTENSIONS] : []),
  );
  const signature = sign('sha256', tbs, options.issuer?.privateKey ?? privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    privateKey,
    certificate: new X509Certificate(der),
    certificateBase64: der.toString('base64'),
    keyName: serial.subarray(0, 4).toString('hex'),
  };
}

/**
 * A CRL (v2) signed by `issuer` revoking `revoked` (certificates it issued), as DER and PEM, for
 * trying `CEB_SIGNATURE_CRL_FILE`.
 */
export function sampleCrl(
  issuer: SampleSigner,
  revoked: readonly { certificate: X509Certificate; at?: Date }[],
  options: { thisUpdate?: Date; nextUpdate?: Date } = {},
): { der: Buffer; pem: string } {
  const thisUpdate = options.thisUpdate ?? new Date(Date.now() - 3_600_000);
  const tbs = seq(
    integer(Buffer.from([1])),
    SHA256_RSA,
    name(issuer.certificate.subject.replace(/^CN=/, '')),
    utcTime(thisUpdate),
    utcTime(options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * 86_400_000)),
    ...(revoked.length > 0
      ? [
          seq(
            ...revoked.map(({ certificate, at }) =>
              seq(
                tlv(0x02, Buffer.from(certificateSerialKey(certificate), 'hex')),
                utcTime(at ?? thisUpdate),
              ),
            ),
          ),
        ]
      : []),
  );
  const signature = sign('sha256', tbs, issuer.privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return { der, pem: `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n` };
}

const METHODS = {
  sha1: { signature: `${DSIG_NS}rsa-sha1`, digest: `${DSIG_NS}sha1` },
  sha256: {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
} as const;

/**
 * Signs a CEB message as the standard's profile does (§4): enveloped XMLDSig, C14N 1.0, one
 * `Reference URI=""`; RSA-SHA1 by default. The `ds:Signature` goes last under the root; `chain`
 * (the issuing CAs below a trusted one) follows the signer's certificate in `X509Data`.
 */
export function signCebXml(
  xml: string,
  signer: SampleSigner,
  hash: 'sha1' | 'sha256' = 'sha1',
  chain: readonly SampleSigner[] = [],
): string {
  const document = parseForC14n(xml);
  const digest = createHash(hash).update(canonicalize(document.root, { document }), 'utf8').digest('base64');
  const method = METHODS[hash];
  const signedInfo = `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:SignatureMethod Algorithm="${method.signature}"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="${DSIG_NS}enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="${method.digest}"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
  // SignedInfo is signed in its canonical form, with the namespaces in scope where it will sit.
  const close = xml.lastIndexOf('</');
  const unsigned = `${xml.slice(0, close)}<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}</ds:Signature>${xml.slice(close)}`;
  const placed = parseForC14n(unsigned);
  const info = findSignedInfo(placed.root);
  const value = sign(hash, Buffer.from(canonicalize(info), 'utf8'), signer.privateKey).toString('base64');
  const signature = `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo}<ds:SignatureValue>${value}</ds:SignatureValue><ds:KeyInfo><ds:KeyName>${signer.keyName}</ds:KeyName><ds:X509Data>${[signer, ...chain].map((c) => `<ds:X509Certificate>${c.certificateBase64}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo></ds:Signature>`;
  return `${xml.slice(0, close)}${signature}${xml.slice(close)}`;
}

function findSignedInfo(root: ReturnType<typeof parseForC14n>['root']) {
  for (const child of root.children)
    if (child.kind === 'element' && child.local === 'Signature')
      for (const grandchild of child.children)
        if (grandchild.kind === 'element' && grandchild.local === 'SignedInfo') return grandchild;
  throw new Error('no SignedInfo');
}

/** Signs the JSON form: the canonical JSON of the message without `Signature` (docs/adr/0009). */
export function signCebJson<T extends object>(
  message: T,
  signer: SampleSigner,
  hash: 'sha1' | 'sha256' = 'sha256',
  chain: readonly SampleSigner[] = [],
): T & { Signature: object } {
  const value = sign(hash, Buffer.from(canonicalJson(message), 'utf8'), signer.privateKey).toString('base64');
  return {
    ...message,
    Signature: {
      SignatureMethod: METHODS[hash].signature,
      SignatureValue: value,
      KeyInfo: {
        KeyName: signer.keyName,
        X509Certificate:
          chain.length > 0 ? [signer, ...chain].map((c) => c.certificateBase64) : signer.certificateBase64,
      },
    },
  };
}
