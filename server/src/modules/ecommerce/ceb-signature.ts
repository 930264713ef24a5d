import { createHash, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Revocations } from './revocation.ts';
import { type C14nElement, canonicalize, parseForC14n } from './xml-c14n.ts';

// The CEB signature profile (cross-border-ecommerce.md §4) and what the JSON form signs: docs/adr/0009.

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
};
/** Signature methods verified, by algorithm URI → hash. SM2 was not evidenced in any sample, and Node has no SM2. */
export const SIGNATURE_METHODS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
};

/** Certificates a signer's certificate must be, or be issued by; empty: any certificate (integrity only). */
export type TrustedCertificates = readonly X509Certificate[];

/** What a signer is checked against: the trusted certificates and the CAs' revocation lists. */
export interface SignatureTrust {
  certificates: TrustedCertificates;
  revocations: Revocations;
}

/** Why a signature failed, as the `reason` of a `signature_invalid` receipt reason. */
export type SignatureFailure =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'digest_mismatch'
  | 'certificate_missing'
  | 'certificate_invalid'
  | 'certificate_expired'
  | 'certificate_untrusted'
  | 'certificate_revoked'
  | 'signature_mismatch';

export type SignatureCheck =
  | { ok: true; signer: SignerInfo }
  | { ok: false; reason: SignatureFailure; detail?: string };

export interface SignerInfo {
  keyName?: string;
  subject: string;
  serialNumber: string;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`. */
  fingerprint256: string;
}

const fail = (reason: SignatureFailure, detail?: string): SignatureCheck => ({
  ok: false,
  reason,
  ...(detail ? { detail } : {}),
});

const childrenOf = (element: C14nElement, local: string) =>
  element.children.filter(
    (child): child is C14nElement =>
      child.kind === 'element' && child.uri === DSIG_NS && child.local === local,
  );
const childOf = (element: C14nElement | undefined, local: string) =>
  element ? childrenOf(element, local)[0] : undefined;
const textOf = (element: C14nElement | undefined) =>
  (element?.children ?? []).map((child) => (child.kind === 'text' ? child.text : '')).join('');
const algorithmOf = (element: C14nElement | undefined) =>
  element?.attributes.find((a) => a.name === 'Algorithm')?.value;
const base64 = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64');

/**
 * Verifies the enveloped XMLDSig signature of a whole CEB message (its decoded text): one
 * `ds:Signature` child of the root with one `Reference URI=""`, transforms enveloped-signature
 * (then optionally C14N 1.0), digest SHA-1 or SHA-256 of the canonical document without the
 * signature, SignedInfo canonicalised with C14N 1.0 and signed RSA-SHA1 or RSA-SHA256 by the key
 * of the `X509Certificate` in `KeyInfo`, valid at `now`, trusted and not revoked.
 */
export function verifyXmlSignature(
  text: string,
  now: Date,
  trusted: TrustedCertificates,
  revocations: Revocations = Revocations.none(),
): SignatureCheck {
  let document: ReturnType<typeof parseForC14n>;
  try {
    document = parseForC14n(text);
  } catch (error) {
    return fail('malformed', (error as Error).message.split('\n')[0]);
  }
  const signatures = childrenOf(document.root, 'Signature');
  if (signatures.length !== 1) return fail('malformed', 'one ds:Signature under the root');
  const signature = signatures[0]!;
  const signedInfo = childOf(signature, 'SignedInfo');
  const references = signedInfo ? childrenOf(signedInfo, 'Reference') : [];
  if (!signedInfo || references.length !== 1) return fail('malformed', 'SignedInfo with one Reference');
  const reference = references[0]!;
  if (algorithmOf(childOf(signedInfo, 'CanonicalizationMethod')) !== C14N_10)
    return fail('unsupported_algorithm', algorithmOf(childOf(signedInfo, 'CanonicalizationMethod')));
  const signatureMethod = algorithmOf(childOf(signedInfo, 'SignatureMethod')) ?? '';
  const signatureHash = SIGNATURE_METHODS[signatureMethod];
  if (!signatureHash) return fail('unsupported_algorithm', signatureMethod);
  if (reference.attributes.find((a) => a.name === 'URI')?.value !== '')
    return fail('unsupported_algorithm', 'Reference URI must be "" (the whole message)');
  const transforms = childrenOf(childOf(reference, 'Transforms') ?? reference, 'Transform').map(algorithmOf);
  if (transforms[0] !== ENVELOPED || transforms.length > 2 || (transforms[1] && transforms[1] !== C14N_10))
    return fail('unsupported_algorithm', transforms.join(' '));
  const digestMethod = algorithmOf(childOf(reference, 'DigestMethod')) ?? '';
  const digestHash = DIGESTS[digestMethod];
  if (!digestHash) return fail('unsupported_algorithm', digestMethod);

  const canonical = canonicalize(document.root, { document, exclude: (e) => e === signature });
  const digest = createHash(digestHash).update(canonical, 'utf8').digest();
  if (!digest.equals(base64(textOf(childOf(reference, 'DigestValue'))))) return fail('digest_mismatch');

  const keyInfo = childOf(signature, 'KeyInfo');
  const x509Data = childOf(keyInfo, 'X509Data');
  const certificates = x509Data ? childrenOf(x509Data, 'X509Certificate').map(textOf) : [];
  const signedBytes = Buffer.from(canonicalize(signedInfo), 'utf8');
  return checkSigner(
    certificates,
    textOf(childOf(signature, 'SignatureValue')),
    signatureHash,
    signedBytes,
    now,
    trusted,
    textOf(childOf(keyInfo, 'KeyName')).trim() || undefined,
    revocations,
  );
}

/**
 * The signer's certificate (the first of `certificatesBase64`; the rest are the CAs that issued it,
 * in any order) parsed, valid at `now`, trusted, and its key verifying `signatureValue` over `signed`.
 */
export function checkSigner(
  certificatesBase64: string | readonly string[],
  signatureValueBase64: string,
  hash: string,
  signed: Buffer,
  now: Date,
  trusted: TrustedCertificates,
  keyName?: string,
  revocations: Revocations = Revocations.none(),
): SignatureCheck {
  const [signerBase64 = '', ...chainBase64] =
    typeof certificatesBase64 === 'string' ? [certificatesBase64] : certificatesBase64;
  if (!signerBase64.trim()) return fail('certificate_missing');
  if (chainBase64.length > MAX_CHAIN)
    return fail('malformed', `at most ${MAX_CHAIN} certificates after the signer's`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(base64(signerBase64));
  } catch {
    return fail('certificate_invalid');
  }
  const chain: X509Certificate[] = [];
  for (const [i, text] of chainBase64.entries()) {
    try {
      chain.push(new X509Certificate(base64(text)));
    } catch {
      return fail('certificate_invalid', `chain certificate ${i + 1}`);
    }
  }
  if (!validAt(certificate, now))
    return fail('certificate_expired', `${certificate.validFrom} – ${certificate.validTo}`);
  if (trusted.length > 0) {
    const refused = pathToAnchor(certificate, chain, trusted, now, revocations);
    if (refused) return refused;
  }
  // The methods accepted are rsa-sha1 and rsa-sha256: a key of another type is not what was named.
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    return fail('certificate_invalid', `key type ${certificate.publicKey.asymmetricKeyType ?? 'unknown'}`);
  let ok = false;
  try {
    ok = verify(hash, signed, certificate.publicKey, base64(signatureValueBase64));
  } catch {
    ok = false;
  }
  if (!ok) return fail('signature_mismatch');
  return {
    ok: true,
    signer: {
      ...(keyName ? { keyName } : {}),
      subject: subjectOf(certificate),
      serialNumber: certificate.serialNumber,
      fingerprint256: certificate.fingerprint256,
    },
  };
}

/** Certificate authorities a message may carry between its signer and a trusted certificate. */
const MAX_CHAIN = 4;

const validAt = (certificate: X509Certificate, now: Date) =>
  now.getTime() >= Date.parse(certificate.validFrom) && now.getTime() <= Date.parse(certificate.validTo);

/**
 * The signer's path to a trusted certificate, then checked for revocations. Each step goes to an
 * issuer, valid at `now` and not yet on the path, that issued and signed the one below: a trusted
 * certificate that is a CA (basicConstraints cA) or self-signed (a root, v1 ones too), else a CA
 * certificate the message carries. Once the path reaches a trusted certificate it goes on up only
 * through trusted ones, so every certificate on it, trusted ones included, is checked against the
 * lists its own issuer signed (with a CRL file, the trust file holds each trusted certificate's
 * issuer: `revocationGaps`). Only a path that reaches trust is checked: no list is verified for
 * strangers' CAs. Undefined when the path holds; else the refusal: the issuer where the path
 * stopped, or the revoked certificate.
 */
function pathToAnchor(
  signer: X509Certificate,
  chain: readonly X509Certificate[],
  trusted: TrustedCertificates,
  now: Date,
  revocations: Revocations,
): SignatureCheck | undefined {
  const isTrusted = (certificate: X509Certificate) =>
    trusted.some((anchor) => anchor.fingerprint256 === certificate.fingerprint256);
  const onPath = new Set([signer.fingerprint256]);
  const steps: { certificate: X509Certificate; issuer: X509Certificate }[] = [];
  let reached = isTrusted(signer);
  let current = signer;
  for (;;) {
    const below = current;
    const issues = (ca: X509Certificate) =>
      !onPath.has(ca.fingerprint256) && validAt(ca, now) && issuedBy(below, ca);
    const issuer =
      trusted.find((ca) => (ca.ca || selfSigned(ca)) && issues(ca)) ??
      (reached ? undefined : chain.find((ca) => ca.ca && issues(ca)));
    if (!issuer) break;
    steps.push({ certificate: current, issuer });
    onPath.add(issuer.fingerprint256);
    reached ||= isTrusted(issuer);
    current = issuer;
  }
  if (!reached) return fail('certificate_untrusted', current.issuer.replaceAll('\n', ', '));
  for (const { certificate, issuer } of steps) {
    let at: Date | undefined;
    try {
      at = revocations.revokedAt(certificate, issuer, now.getTime());
    } catch (error) {
      return fail('certificate_invalid', `${subjectOf(certificate)}: ${(error as Error).message}`);
    }
    if (at)
      return fail(
        'certificate_revoked',
        `${subjectOf(certificate)} serial ${certificate.serialNumber} revoked ${at.toISOString()}`,
      );
  }
  return undefined;
}

/**
 * The trusted certificates whose issuer is not in the trust file (neither self-signed nor issued by
 * another trusted certificate): their revocation could not be checked, so with a CRL file they
 * stop the start.
 */
export function revocationGaps(trusted: TrustedCertificates): X509Certificate[] {
  return trusted.filter(
    (certificate) =>
      !selfSigned(certificate) &&
      !trusted.some(
        (issuer) =>
          issuer !== certificate && (issuer.ca || selfSigned(issuer)) && issuedBy(certificate, issuer),
      ),
  );
}

const selfSigned = (certificate: X509Certificate) => issuedBy(certificate, certificate);

const subjectOf = (certificate: X509Certificate) => certificate.subject.replaceAll('\n', ', ');

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The certificates of a PEM bundle (CA certificates or pinned signer certificates). */
export function loadTrustedCertificates(path: string): X509Certificate[] {
  const pem = readFileSync(path, 'utf8');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`no certificate in ${path}`);
  return blocks.map((block) => new X509Certificate(block));
}
