import { verify, type X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

// Certificate revocation lists (X.509 CRLs, RFC 5280 §5) of the CAs that issue CEB signing
// certificates: read with a small DER reader (Node parses certificates but not CRLs), each list's
// signature checked against the CA it is asked about before any of its entries counts.

/** One CRL: the serials it revokes, and what its issuer signed. */
export interface RevocationList {
  /** Revoked serial numbers (`integerKey` of their DER INTEGER), and when. */
  revoked: ReadonlyMap<string, Date>;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** The DER of tbsCertList, the signature algorithm's hash and the signature. */
  signed: Buffer;
  hash: string;
  signature: Buffer;
}

interface Node {
  tag: number;
  /** Offsets of the whole element (header included) and of its contents. */
  start: number;
  contentStart: number;
  end: number;
}

function readNode(der: Buffer, at: number, limit = der.length): Node {
  if (at + 2 > limit) throw new Error('truncated');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let contentStart = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || contentStart + bytes > limit) throw new Error('bad length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[contentStart + i]!;
    contentStart += bytes;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('truncated');
  return { tag, start: at, contentStart, end };
}

function children(der: Buffer, parent: Node): Node[] {
  const out: Node[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const node = readNode(der, at, parent.end);
    out.push(node);
    at = node.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

// Signature algorithms (OID → hash for crypto.verify): RSA PKCS#1 v1.5 and ECDSA.
const HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.156.10197.1.501': 'sm3', // SM2 with SM3, where the OpenSSL build has it
};

function oidOf(der: Buffer, node: Node): string {
  const bytes = der.subarray(node.contentStart, node.end);
  const arcs = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

function timeOf(der: Buffer, node: Node): Date {
  const text = der.toString('latin1', node.contentStart, node.end);
  const match =
    node.tag === UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!match) throw new Error(`bad time ${text}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  // RFC 5280: a two-digit year below 50 is 20xx.
  const year = node.tag === UTC_TIME ? (y! < 50 ? 2000 + y! : 1900 + y!) : y!;
  return new Date(Date.UTC(year, mo! - 1, d!, h!, mi!, s!));
}

/**
 * A DER INTEGER's content as a key: hex, without the redundant leading bytes a non-minimal encoding
 * would have, so the same number (negative ones too) always gives the same key.
 */
export function integerKey(content: Buffer): string {
  let start = 0;
  while (
    start < content.length - 1 &&
    ((content[start] === 0x00 && content[start + 1]! < 0x80) ||
      (content[start] === 0xff && content[start + 1]! >= 0x80))
  )
    start++;
  return content.toString('hex', start);
}

/** The serial number of a certificate, as `integerKey` of its DER INTEGER (Node gives only text). */
export function certificateSerialKey(certificate: X509Certificate): string {
  const der = certificate.raw;
  const tbs = children(der, readNode(der, 0))[0];
  if (tbs?.tag !== SEQUENCE) throw new Error('not a certificate');
  const [first, second] = children(der, tbs);
  const serial = first?.tag === 0xa0 ? second : first; // [0] version, when not v1
  if (serial?.tag !== INTEGER) throw new Error('no serial number');
  return integerKey(der.subarray(serial.contentStart, serial.end));
}

/** Parses one DER CRL; throws on anything that is not one. */
export function parseRevocationList(der: Buffer): RevocationList {
  const outer = readNode(der, 0);
  if (outer.tag !== SEQUENCE || outer.end !== der.length) throw new Error('not a DER sequence');
  const [tbs, algorithm, signature] = children(der, outer);
  if (tbs?.tag !== SEQUENCE || algorithm?.tag !== SEQUENCE || signature?.tag !== 0x03)
    throw new Error('not a CertificateList');
  const algorithmId = children(der, algorithm)[0];
  if (algorithmId?.tag !== 0x06) throw new Error('no signature algorithm');
  const algorithmOid = oidOf(der, algorithmId);
  const hash = HASHES[algorithmOid];
  if (!hash) throw new Error(`unsupported signature algorithm ${algorithmOid}`);
  const fields = children(der, tbs);
  let i = fields[0]?.tag === INTEGER ? 1 : 0; // version v2
  if (fields[i]?.tag !== SEQUENCE || fields[i + 1]?.tag !== SEQUENCE || !fields[i + 2])
    throw new Error('tbsCertList without signature algorithm, issuer or thisUpdate');
  i += 2;
  const thisUpdate = timeOf(der, fields[i++]!);
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i]!.tag === UTC_TIME || fields[i]!.tag === GENERALIZED_TIME))
    nextUpdate = timeOf(der, fields[i++]!);
  const revoked = new Map<string, Date>();
  if (fields[i]?.tag === SEQUENCE)
    for (const entry of children(der, fields[i]!)) {
      const [serial, date] = entry.tag === SEQUENCE ? children(der, entry) : [];
      if (serial?.tag !== INTEGER || !date) throw new Error('bad revoked entry');
      revoked.set(integerKey(der.subarray(serial.contentStart, serial.end)), timeOf(der, date));
    }
  return {
    revoked,
    thisUpdate,
    nextUpdate,
    signed: der.subarray(tbs.start, tbs.end),
    hash,
    signature: der.subarray(signature.contentStart + 1, signature.end), // after the unused-bits byte
  };
}

/** The CRLs of a file: PEM blocks (`X509 CRL`) or one DER list. */
export function readRevocationLists(path: string): RevocationList[] {
  const bytes = readFileSync(path);
  const pem = bytes.toString('latin1');
  const blocks = pem.match(/-----BEGIN X509 CRL-----[\s\S]+?-----END X509 CRL-----/g);
  // A file caught half-written has a BEGIN without its END: refused, not read one list short.
  const begun = pem.split('-----BEGIN X509 CRL-----').length - 1;
  if (begun !== (blocks?.length ?? 0)) throw new Error(`${path}: a PEM block is not a whole X509 CRL`);
  const ders = blocks
    ? blocks.map((block) => Buffer.from(block.replace(/-----[A-Z0-9 ]+-----|\s+/g, ''), 'base64'))
    : [bytes];
  return ders.map((der, n) => {
    try {
      return parseRevocationList(der);
    } catch (error) {
      throw new Error(`${path}: CRL ${n + 1}: ${(error as Error).message}`);
    }
  });
}

/**
 * The revocation lists the gateway checks signers against, re-read when their file changes (looked
 * at most once a minute). A list counts for a certificate only if the certificate's issuer signed it.
 */
export class Revocations {
  private lists: RevocationList[] = [];
  private readonly signedBy = new WeakMap<RevocationList, Map<string, boolean>>();
  private modified = 0;
  /** The modification time of the last version of the file that did not parse (warned about). */
  private refused = 0;
  private lookedAt = 0;

  /**
   * Reads `path` at once: a file that is not CRLs stops the start. A later change that cannot be
   * read keeps the last good lists and is reported to `warn`, once per change.
   */
  constructor(
    private readonly path?: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    if (path) this.reload();
  }

  static none(): Revocations {
    return new Revocations();
  }

  /** When `certificate` (issued by `issuer`) was revoked by a list `issuer` signed; undefined if it was not. */
  revokedAt(certificate: X509Certificate, issuer: X509Certificate, now = Date.now()): Date | undefined {
    this.refresh(now);
    if (this.lists.length === 0) return undefined;
    const serial = certificateSerialKey(certificate);
    for (const list of this.lists) {
      const at = list.revoked.get(serial);
      if (at && this.isSignedBy(list, issuer)) return at;
    }
    return undefined;
  }

  private isSignedBy(list: RevocationList, issuer: X509Certificate): boolean {
    let byIssuer = this.signedBy.get(list);
    if (!byIssuer) {
      byIssuer = new Map();
      this.signedBy.set(list, byIssuer);
    }
    let ok = byIssuer.get(issuer.fingerprint256);
    if (ok === undefined) {
      try {
        ok = verify(list.hash, list.signed, issuer.publicKey, list.signature);
      } catch {
        ok = false;
      }
      byIssuer.set(issuer.fingerprint256, ok);
    }
    return ok;
  }

  /** A changed file that cannot be read leaves the lists as they were (the last good ones). */
  private refresh(now: number): void {
    if (!this.path || now - this.lookedAt < 60_000) return;
    this.lookedAt = now;
    let modified: number;
    try {
      modified = statSync(this.path).mtimeMs;
    } catch (error) {
      this.warn(`CRL file unreadable, the last lists kept: ${(error as Error).message}`);
      return;
    }
    if (modified === this.modified) return;
    // Tried again at each look (the writer may not have finished), said once per version of the file.
    try {
      this.reload();
    } catch (error) {
      if (this.refused !== modified)
        this.warn(`CRL file not reloaded, the last lists kept: ${(error as Error).message}`);
      this.refused = modified;
    }
  }

  private reload(): void {
    const modified = statSync(this.path!).mtimeMs;
    this.lists = readRevocationLists(this.path!);
    this.modified = modified;
    this.lookedAt = Date.now();
  }
}
