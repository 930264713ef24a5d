import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cebMessage, SAMPLE_PARTIES, sampleWaybillStatus } from './ceb.samples.ts';
import { verifyXmlSignature } from './ceb-signature.ts';
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
    // A pinned signer whose CA (sent with the message) revoked it.
    expect(
      verifyXmlSignature(
        signCebXml(message, lost, 'sha1', [signingCa]),
        NOW,
        [lost.certificate],
        revocations,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'certificate_revoked',
      detail: expect.stringMatching(/^CN=3122980111/),
    });
    // A trusted certificate that is no CA vouches only for itself, not for what its key signs.
    const endEntity = sampleSigner({ cn: 'Pinned end entity' });
    const underIt = sampleSigner({ cn: 'Someone else', issuer: endEntity });
    expect(verifyXmlSignature(signCebXml(message, underIt), NOW, [endEntity.certificate])).toMatchObject({
      ok: false,
      reason: 'certificate_untrusted',
    });
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
    // Said once, not at every look.
    expect(revocations.revokedAt(lost.certificate, signingCa.certificate, t0 + 190_000)).toBeInstanceOf(Date);
    expect(warnings).toEqual([expect.stringContaining('CRL file not reloaded, the last lists kept')]);
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
