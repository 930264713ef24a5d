import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cebMessage, SAMPLE_PARTIES, sampleWaybillStatus } from './ceb.samples.ts';
import { revocationGaps, verifyXmlSignature } from './ceb-signature.ts';
import { sampleCrl, sampleSigner, signCebXml } from './ceb-signing.samples.ts';
import { integerKey, parseRevocationList, Revocations, readRevocationLists } from './revocation.ts';

const FIXTURES = new URL('../../../test/fixtures/openssl-crl/', import.meta.url).pathname;
const NOW = new Date();
const message = cebMessage('CEB513Message', SAMPLE_PARTIES.logisticsCode, [
  sampleWaybillStatus({ n: 1, ...SAMPLE_PARTIES, buyerId: 'x', lines: [] }),
]);

// Each test makes RSA keys (a fraction of a second each, more on a loaded machine).
describe('certificate revocation lists', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'jinguan-crl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const root = sampleSigner({ cn: 'Sample E-port Root CA', ca: true });
  const signingCa = sampleSigner({ cn: 'Sample E-port Signing CA', issuer: root, ca: true });
  const good = sampleSigner({ cn: '3122980110', issuer: signingCa });
  const lost = sampleSigner({ cn: '3122980111', issuer: signingCa });
  const file = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('reads a CRL that OpenSSL made (extensions, reason codes), as DER and as PEM', () => {
    const ca = new X509Certificate(readFileSync(join(FIXTURES, 'ca.pem')));
    const signer = new X509Certificate(readFileSync(join(FIXTURES, 'signer.pem')));
    const der = readFileSync(join(FIXTURES, 'crl.der'));
    const list = parseRevocationList(der);
    expect([...list.revoked.keys()]).toEqual([signer.serialNumber]);
    expect(list.hash).toBe('sha256');
    expect(list.nextUpdate!.getTime() - list.thisUpdate.getTime()).toBe(7 * 86_400_000);
    const pem = `-----BEGIN X509 CRL-----\n${der.toString('base64')}\n-----END X509 CRL-----\n`;
    for (const path of [file('openssl.crl', der), file('openssl.crl.pem', pem)]) {
      const revocations = new Revocations(path);
      expect(revocations.revokedAt(signer, ca)).toEqual(list.revoked.get(signer.serialNumber));
      // Only the CA that signed the list can revoke with it.
      expect(revocations.revokedAt(signer, root.certificate)).toBeUndefined();
    }
  });

  it('refuses a signer its CA revoked, and a CA its root revoked; the others pass', () => {
    const lostAt = new Date(Date.UTC(2026, 10, 20, 8, 0, 0));
    const crls = file(
      'chain.pem',
      sampleCrl(signingCa, [{ certificate: lost.certificate, at: lostAt }]).pem + sampleCrl(root, []).pem,
    );
    const revocations = new Revocations(crls);
    const check = (signer: typeof good) =>
      verifyXmlSignature(
        signCebXml(message, signer, 'sha256', [signingCa]),
        NOW,
        [root.certificate],
        revocations,
      );
    expect(check(good)).toMatchObject({ ok: true });
    expect(check(lost)).toEqual({
      ok: false,
      reason: 'certificate_revoked',
      detail: `CN=3122980111 serial ${lost.certificate.serialNumber} revoked 2026-11-20T08:00:00.000Z`,
    });
    // The same serial on a list signed by a CA that did not issue the signer counts for nothing.
    const forged = new Revocations(
      file('forged.pem', sampleCrl(root, [{ certificate: lost.certificate }]).pem),
    );
    expect(
      verifyXmlSignature(signCebXml(message, lost, 'sha256', [signingCa]), NOW, [root.certificate], forged),
    ).toMatchObject({ ok: true });
    // The root revokes the signing CA: everything below it is refused.
    const caRevoked = new Revocations(
      file('ca.pem', sampleCrl(root, [{ certificate: signingCa.certificate }]).pem),
    );
    expect(
      verifyXmlSignature(
        signCebXml(message, good, 'sha256', [signingCa]),
        NOW,
        [root.certificate],
        caRevoked,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'certificate_revoked',
      detail: expect.stringMatching(/^CN=Sample E-port Signing CA/),
    });
  });

  it('checks certificates in the trust file too: a trusted CA its root revoked, a pinned signer its CA revoked', () => {
    const crl = file(
      'trusted.pem',
      sampleCrl(root, [{ certificate: signingCa.certificate }]).pem +
        sampleCrl(signingCa, [{ certificate: lost.certificate }]).pem,
    );
    const revocations = new Revocations(crl);
    // The signing CA is trusted itself, beside its root, and its root revoked it.
    expect(
      verifyXmlSignature(
        signCebXml(message, good),
        NOW,
        [root.certificate, signingCa.certificate],
        revocations,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'certificate_revoked',
      detail: expect.stringMatching(/^CN=Sample E-port Signing CA/),
    });
    // A pinned signer its CA revoked: the trust file holds the CA (and its root) for the check.
    expect(
      verifyXmlSignature(
        signCebXml(message, lost),
        NOW,
        [lost.certificate, signingCa.certificate, root.certificate],
        new Revocations(file('pinned.pem', sampleCrl(signingCa, [{ certificate: lost.certificate }]).pem)),
      ),
    ).toMatchObject({
      ok: false,
      reason: 'certificate_revoked',
      detail: expect.stringMatching(/^CN=3122980111/),
    });
    // Without them the revocation could not be checked: with a CRL file, that stops the start.
    expect(revocationGaps([lost.certificate]).map((c) => c.subject)).toEqual(['CN=3122980111']);
    expect(revocationGaps([signingCa.certificate]).map((c) => c.subject)).toEqual([
      'CN=Sample E-port Signing CA',
    ]);
    expect(revocationGaps([lost.certificate, signingCa.certificate, root.certificate])).toEqual([]);
    // A trusted certificate that is no CA (nor a root) vouches only for itself, not for what its key signs.
    const endEntity = sampleSigner({ cn: 'Pinned end entity', issuer: root });
    const underIt = sampleSigner({ cn: 'Someone else', issuer: endEntity });
    expect(verifyXmlSignature(signCebXml(message, underIt), NOW, [endEntity.certificate])).toMatchObject({
      ok: false,
      reason: 'certificate_untrusted',
    });
    // A self-signed root without basicConstraints (v1, or old) still issues, as OpenSSL has it.
    const plainRoot = sampleSigner({ cn: 'Plain root' });
    expect(plainRoot.certificate.ca).toBe(false);
    const underRoot = sampleSigner({ cn: '3122980113', issuer: plainRoot });
    expect(verifyXmlSignature(signCebXml(message, underRoot), NOW, [plainRoot.certificate])).toMatchObject({
      ok: true,
    });
    expect(revocationGaps([plainRoot.certificate])).toEqual([]);
  });

  it('matches serial numbers as DER integers, a negative one too', () => {
    const negative = sampleSigner({ cn: '3122980112', issuer: signingCa, serial: Buffer.from([0xff, 0x01]) });
    expect(negative.certificate.serialNumber).toMatch(/^-/);
    const revocations = new Revocations(
      file('negative.pem', sampleCrl(signingCa, [{ certificate: negative.certificate }]).pem),
    );
    expect(revocations.revokedAt(negative.certificate, signingCa.certificate)).toBeInstanceOf(Date);
    expect(revocations.revokedAt(good.certificate, signingCa.certificate)).toBeUndefined();
    expect(integerKey(Buffer.from([0x00, 0x00, 0x85]))).toBe('0085');
    expect(integerKey(Buffer.from([0xff, 0xff, 0x01]))).toBe('ff01');
  });

  it('re-reads the file when it changes, keeping the last good lists when the new one does not parse', () => {
    const path = file('live.pem', sampleCrl(signingCa, []).pem);
    const warnings: string[] = [];
    const revocations = new Revocations(path, (message) => warnings.push(message));
    const t0 = Date.now();
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0)).toBeUndefined();
    writeFileSync(path, sampleCrl(signingCa, [{ certificate: lost.certificate }]).pem);
    utimesSync(path, new Date(), new Date(t0 + 5_000));
    // Looked at once a minute, not on every message.
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 1_000)).toBeUndefined();
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 61_000)).toBeInstanceOf(Date);
    writeFileSync(path, '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n');
    utimesSync(path, new Date(), new Date(t0 + 10_000));
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 125_000)).toBeInstanceOf(Date);
    // Said once, not at every look; tried again at each look, so the finished file is read.
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 190_000)).toBeInstanceOf(Date);
    expect(warnings).toEqual([expect.stringContaining('CRL file not reloaded, the last lists kept')]);
    const mtime = statSync(path).mtime;
    writeFileSync(path, sampleCrl(signingCa, []).pem);
    utimesSync(path, new Date(), mtime); // finished within the same tick as the broken write
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 255_000)).toBeUndefined();
    // Other PEM blocks beside the lists (the CA's certificate, say) are passed over.
    writeFileSync(path, `${signingCa.certificate.toString()}${sampleCrl(signingCa, []).pem}`);
    expect(readRevocationLists(path)).toHaveLength(1);
    // Half a file (a BEGIN without its END) is refused, not read one list short.
    writeFileSync(path, `${sampleCrl(signingCa, []).pem}-----BEGIN X509 CRL-----\nMIIB`);
    expect(() => readRevocationLists(path)).toThrow('a PEM block is not a whole X509 CRL');
  });

  it('stops the start on a file that holds no CRL, naming the file and the list', () => {
    const path = file('broken.pem', '-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n');
    expect(() => new Revocations(path)).toThrow(`${path}: CRL 1: not a CertificateList`);
    expect(() => readRevocationLists(file('empty.der', Buffer.alloc(0)))).toThrow(/CRL 1: truncated/);
  });
});
