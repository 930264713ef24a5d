import { describe, expect, it } from 'vitest';
import { isPublicAddress, literalAddress, publicOnlyLookup } from './webhook-address.ts';

describe('webhook addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['172.32.0.1', true],
    ['100.128.0.1', true],
    ['2400:3200::1', true],
    ['::ffff:8.8.8.8', true],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['0.0.0.0', false],
    ['10.255.0.1', false],
    ['172.31.255.255', false],
    ['192.168.0.10', false],
    ['100.64.0.1', false],
    ['169.254.169.254', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:a00:1', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['::7f00:1', false],
    ['::ffff:0:7f00:1', false],
    ['64:ff9b::a00:1', false],
    ['64:ff9b::808:808', true],
    ['64:ff9b:1::1', false],
    ['2002:7f00:1::', false],
    ['2002:c0a8:101::1', false],
    ['2002:808:808::1', true],
    ['2001:0:4136:e378::1', false],
    ['fec0::1', false],
    ['2001:2::1', false],
    ['3fff::1', false],
    ['2001:4860::8888', true],
    ['192.88.99.1', false],
    ['example.com', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('finds a literal address in a URL, brackets removed', () => {
    expect(literalAddress(new URL('http://[::1]:8080/x'))).toBe('::1');
    expect(literalAddress(new URL('https://10.0.0.1/x'))).toBe('10.0.0.1');
    expect(literalAddress(new URL('https://hooks.example.com/x'))).toBeUndefined();
  });

  it('refuses a name that resolves to a loopback address, in both lookup forms', async () => {
    const one = await new Promise<Error | null>((resolve) =>
      publicOnlyLookup('localhost', {}, (error) => resolve(error)),
    );
    expect(one?.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), not a public address/);
    const all = await new Promise<Error | null>((resolve) =>
      publicOnlyLookup('localhost', { all: true }, (error) => resolve(error)),
    );
    expect(all?.name).toBe('PrivateAddressError');
  });
});
