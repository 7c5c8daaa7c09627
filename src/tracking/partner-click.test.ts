import { describe, expect, it } from 'vitest';
import { ipPrefix, serverClickProperties } from './partner-click.js';

describe('ipPrefix: never the full address', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:0000:0012:0000:0000:0000:0001', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['not-an-ip', undefined],
    [undefined, undefined],
  ])('%s → %s', (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });
});

describe('serverClickProperties', () => {
  it('keeps sub1…sub5 cut to 128 characters, names the first ad click id, marks the click as the server\'s', () => {
    const long = 'x'.repeat(300);
    expect(serverClickProperties({ sub1: 'a', sub3: long, sub6: 'ignored', fbclid: 'f', gclid: 'g' }, '10.1.2.3', 'UA')).toEqual({
      rl_server_click: true, sub1: 'a', sub3: 'x'.repeat(128), ip_prefix: '10.1.2.0/24', user_agent: 'UA', ad_click: 'gclid',
    });
    expect(serverClickProperties({ sub2: ['first', 'second'], gclid: '' }, undefined, undefined)).toEqual({ rl_server_click: true, sub2: 'first' });
  });
});
