import { describe, expect, it } from 'vitest';
import { AsnTable, asnOfKey, installedAsnTable, parseAsnRanges } from './asn-table.js';
import { hostingAsnByNumber, hostingAsns } from './hosting-asns.js';

describe('parseAsnRanges and asnOfKey', () => {
  const v4 = parseAsnRanges(['16777472,16777727,200,"B, Inc."', '16777216,16777471,100,A', 'not,a,row', '16777984,16778239,300,C'].join('\n'), 4);
  const v6 = parseAsnRanges('2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64500,Doc\r\n2001:db9:1::,2001:db9:1:ffff:ffff:ffff:ffff:ffff,64501,Doc2\r\n', 6);

  it('sorts rows by start and skips what does not parse', () => {
    expect([...v4.starts]).toEqual([16777216, 16777472, 16777984]);
    expect([...v4.asns]).toEqual([100, 200, 300]);
    expect([...v6.asns]).toEqual([64500, 64501]);
  });

  it('finds the range holding a key, 0 in a gap or before the first', () => {
    expect(asnOfKey(v4, 16777216)).toBe(100);
    expect(asnOfKey(v4, 16777727)).toBe(200);
    expect(asnOfKey(v4, 16777728)).toBe(0); // 1.0.2.0: between 1.0.1.255 and 1.0.3.0
    expect(asnOfKey(v4, 5)).toBe(0);
    const table = new AsnTable(v4, v6);
    expect(table.asnOf('1.0.1.0/24')).toBe(200);
    expect(table.asnOf('2001:db8:42::/48')).toBe(64500);
    expect(table.asnOf('2001:db9:1::')).toBe(64501);
    expect(table.asnOf('2001:db9:2::')).toBe(0);
    expect(table.asnOf('nonsense')).toBe(0);
  });
});

describe('the installed @ip-location-db/asn tables', () => {
  // Rows of asn-ipv4.csv / asn-ipv6.csv (version 2.3.2026061719), e.g. `5.9.0.0,5.9.255.255,24940,Hetzner Online GmbH`.
  it('map known prefixes to their ASNs', () => {
    const table = installedAsnTable();
    expect(table.asnOf('1.44.96.0')).toBe(16509); // Amazon
    expect(table.asnOf('5.9.17.0/24')).toBe(24940); // Hetzner
    expect(table.asnOf('5.101.100.0')).toBe(14061); // DigitalOcean
    expect(table.asnOf('2.58.100.0')).toBe(3320); // Deutsche Telekom
    expect(table.asnOf('5.112.3.0')).toBe(44244); // Irancell
    expect(table.asnOf('2001:41d0:1::/48')).toBe(16276); // OVH
    expect(table.asnOf('2400:6180::')).toBe(14061); // DigitalOcean
    expect(table.asnOf('10.1.2.0')).toBe(0); // private
  }, 30_000);

  it('the hosting list has each ASN once, the residential ones above not at all', () => {
    expect(hostingAsnByNumber.size).toBe(hostingAsns.length);
    for (const asn of [16509, 24940, 14061, 16276]) expect(hostingAsnByNumber.has(asn)).toBe(true);
    for (const asn of [3320, 44244, 7552, 13335]) expect(hostingAsnByNumber.has(asn)).toBe(false);
  });
});
