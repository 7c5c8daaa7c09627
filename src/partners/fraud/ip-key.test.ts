import { describe, expect, it } from 'vitest';
import { ipKey, ipv4Number, ipv6Top48 } from './ip-key.js';

describe('ipKey', () => {
  it('reads truncated IPv4 addresses with or without the /24', () => {
    expect(ipKey('1.2.3.0')).toEqual({ family: 4, key: 1 * 2 ** 24 + 2 * 2 ** 16 + 3 * 2 ** 8 });
    expect(ipKey('1.2.3.0/24')).toEqual({ family: 4, key: 16909056 });
    expect(ipv4Number('255.255.255.255')).toBe(2 ** 32 - 1);
  });

  it('reads the first 48 bits of IPv6 addresses, "::" anywhere', () => {
    expect(ipKey('2001:db8:1::/48')).toEqual({ family: 6, key: 0x2001 * 2 ** 32 + 0xdb8 * 2 ** 16 + 1 });
    expect(ipv6Top48('2001:db8::1:2:3:4:5')).toBe(0x2001 * 2 ** 32 + 0xdb8 * 2 ** 16);
    expect(ipv6Top48('2001:DB8:1:2:3:4:5:6')).toBe(0x2001 * 2 ** 32 + 0xdb8 * 2 ** 16 + 1);
    expect(ipv6Top48('::')).toBe(0);
    expect(ipv6Top48('::ffff:1.2.3.4')).toBe(0);
  });

  it('refuses what is no address', () => {
    for (const bad of ['', '1.2.3', '256.1.1.1', '1.2.3.4.5', 'a.b.c.d', 'x::', '2001:db8', ':::', '1:2:3:4:5:6:7:8:9', '12345::', '1::2::3']) expect(ipKey(bad), bad).toBeNull();
  });
});
