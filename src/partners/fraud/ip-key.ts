/**
 * Numeric keys of truncated addresses, for range lookups: an IPv4 address as its 32-bit number, an
 * IPv6 address as its first 48 bits (all a /48-truncated address keeps). Both fit a double
 * exactly, so tables are plain Float64Arrays and comparisons are numeric.
 */

export interface IpKey {
  family: 4 | 6;
  key: number;
}

/**
 * The key of `203.0.113.0`, `203.0.113.0/24`, `2001:db8:1::` or `2001:db8:1::/48`; null when the
 * text is no address.
 * @example ipKey('1.2.3.0/24') // { family: 4, key: 16909056 }
 * @example ipKey('2001:db8:1::') // { family: 6, key: 0x20010db80001 }
 */
export function ipKey(text: string): IpKey | null {
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  if (addr.includes(':')) {
    const key = ipv6Top48(addr);
    return key === null ? null : { family: 6, key };
  }
  const key = ipv4Number(addr);
  return key === null ? null : { family: 4, key };
}

/** `a.b.c.d` as a 32-bit unsigned number; null when malformed. */
export function ipv4Number(addr: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < addr.length; i += 1) {
    const c = addr.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits += 1;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return value * 256 + part;
}

/** The first three 16-bit groups of an IPv6 address as one number (< 2⁴⁸); null when malformed. */
export function ipv6Top48(addr: string): number | null {
  if (addr.includes(':::')) return null;
  const groups: number[] = [];
  const len = addr.length;
  let i = 0;
  let compressedAt = -1;
  while (i < len && groups.length < 8) {
    if (addr.charCodeAt(i) === 58) {
      // "::" (only where a group could start); a single ':' between groups is skipped below.
      if (i + 1 < len && addr.charCodeAt(i + 1) === 58) {
        if (compressedAt >= 0) return null;
        compressedAt = groups.length;
        i += 2;
        continue;
      }
      if (i === 0) return null;
      i += 1;
      continue;
    }
    let value = 0;
    let digits = 0;
    for (; i < len; i += 1) {
      const c = addr.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : c === 46 ? -2 : -1;
      if (d === -1) break;
      if (d === -2) {
        // An embedded IPv4 tail (::ffff:1.2.3.4): two groups, never among the first three here.
        groups.push(0, 0);
        i = len;
        digits = -1;
        break;
      }
      value = value * 16 + d;
      digits += 1;
    }
    if (digits === -1) break;
    if (digits === 0 || digits > 4) return null;
    groups.push(value);
    if (i < len && addr.charCodeAt(i) !== 58) return null;
  }
  if (i < len) return null;
  if (compressedAt < 0 ? groups.length !== 8 : groups.length > 7) return null;
  if (compressedAt >= 0) groups.splice(compressedAt, 0, ...new Array<number>(8 - groups.length).fill(0));
  return groups[0] * 2 ** 32 + groups[1] * 2 ** 16 + groups[2];
}
