import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cebMessage, SAMPLE_PARTIES, sampleWaybillStatus } from './ceb.samples.ts';
import { verifyXmlSignature } from './ceb-signature.ts';
import { sampleCrl, sampleSigner, signCebXml } from './ceb-signing.samples.ts';
import { parseRevocationList, Revocations, readRevocationLists } from './revocation.ts';

const FIXTURES = new URL('../../../test/fixtures/openssl-crl/', import.meta.url).pathname;
const NOW = new Date();
const message = cebMessage('CEB513Message', SAMPLE_PARTIES.logisticsCode, [
  sampleWaybillStatus({ n: 1, ...SAMPLE_PARTIES, buyerId: 'x', lines: [] }),
]);

describe('certificate revocation lists', () => {
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

  it('re-reads the file when it changes, keeping the last good lists when the new one does not parse', () => {
    const path = file('live.pem', sampleCrl(signingCa, []).pem);
    const revocations = new Revocations(path);
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
  });

  it('stops the start on a file that holds no CRL, naming the file and the list', () => {
    const path = file('broken.pem', '-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n');
    expect(() => new Revocations(path)).toThrow(`${path}: CRL 1: not a CertificateList`);
    expect(() => readRevocationLists(file('empty.der', Buffer.alloc(0)))).toThrow(/CRL 1: truncated/);
  });
});
