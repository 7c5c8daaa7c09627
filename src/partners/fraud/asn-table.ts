/**
 * IP-to-ASN lookups on the `@ip-location-db/asn` tables (RouteViews + DB-IP, CC BY 4.0): each
 * family's ranges as sorted numeric starts and ends with their ASN, found by binary search
 * (≈ 19 steps over the ~410,000 IPv4 ranges). Only the numbers are kept (≈ 5 MB for both
 * families; organisation names are not needed to match the hosting list). The tables load on the
 * first lookup, once per process (~0.5 s).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ipv6Top48, ipKey } from './ip-key.js';

/** One family's ranges: `starts` ascending, `ends[i]` ≥ `starts[i]`, `asns[i]` the range's ASN. */
export interface AsnRanges {
  starts: Float64Array;
  ends: Float64Array;
  asns: Uint32Array;
}

/**
 * Ranges from CSV text whose rows start `start,end,asn,…`: for IPv4 the numeric file
 * (`asn-ipv4-num.csv`: `16777216,16777471,13335,"Cloudflare, Inc."`), for IPv6 the text file
 * (`asn-ipv6.csv`: `2001:4:112::,2001:4:112:ffff:…,112,DNS-OARC`) keyed on the first 48 bits.
 * Rows that do not parse are skipped; the rows come out sorted by start. Scans characters rather
 * than splitting strings: the IPv4 file has 410,000 rows.
 */
export function parseAsnRanges(text: string, family: 4 | 6): AsnRanges {
  let starts = new Float64Array(1 << 16);
  let ends = new Float64Array(1 << 16);
  let asns = new Uint32Array(1 << 16);
  let n = 0;
  let sorted = true;
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = len;
    const c1 = text.indexOf(',', pos);
    const c2 = c1 < 0 || c1 > eol ? -1 : text.indexOf(',', c1 + 1);
    if (c2 > 0 && c2 < eol) {
      const start = family === 4 ? decimalAt(text, pos, c1) : ipv6Top48(text.slice(pos, c1));
      const end = family === 4 ? decimalAt(text, c1 + 1, c2) : ipv6Top48(text.slice(c1 + 1, c2));
      let c3 = c2 + 1;
      while (c3 < eol && text.charCodeAt(c3) !== 44 && text.charCodeAt(c3) !== 13) c3 += 1;
      const asn = decimalAt(text, c2 + 1, c3);
      if (start !== null && end !== null && asn !== null && end >= start) {
        if (n === starts.length) {
          starts = grow(starts, new Float64Array(n * 2));
          ends = grow(ends, new Float64Array(n * 2));
          asns = grow(asns, new Uint32Array(n * 2));
        }
        if (n > 0 && start < starts[n - 1]) sorted = false;
        starts[n] = start;
        ends[n] = end;
        asns[n] = asn;
        n += 1;
      }
    }
    pos = eol + 1;
  }
  const ranges = { starts: starts.slice(0, n), ends: ends.slice(0, n), asns: asns.slice(0, n) };
  if (sorted) return ranges;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => ranges.starts[x] - ranges.starts[y] || x - y);
  return {
    starts: Float64Array.from(order, (i) => ranges.starts[i]),
    ends: Float64Array.from(order, (i) => ranges.ends[i]),
    asns: Uint32Array.from(order, (i) => ranges.asns[i]),
  };
}

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The unsigned decimal in text[from, to), null when empty or not digits. */
function decimalAt(text: string, from: number, to: number): number | null {
  if (to <= from) return null;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    value = value * 10 + c;
  }
  return value;
}

/** The ASN of the range holding `key` (the last range starting at or before it, if it reaches it); 0 when none. */
export function asnOfKey(ranges: AsnRanges, key: number): number {
  const { starts, ends, asns } = ranges;
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && ends[found] >= key ? asns[found] : 0;
}

/** Both families' tables. */
export class AsnTable {
  constructor(
    private readonly v4: AsnRanges,
    private readonly v6: AsnRanges,
  ) {}

  /** The ASN announcing a (truncated) address, 0 when unknown or not an address. */
  asnOf(ipPrefix: string): number {
    const k = ipKey(ipPrefix);
    if (!k) return 0;
    return asnOfKey(k.family === 4 ? this.v4 : this.v6, k.key);
  }
}

let shared: AsnTable | undefined;

/** The installed package's tables, read on first use and kept for the process. */
export function installedAsnTable(): AsnTable {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`@ip-location-db/asn/${file}`), 'utf8');
    shared = new AsnTable(parseAsnRanges(read('asn-ipv4-num.csv'), 4), parseAsnRanges(read('asn-ipv6.csv'), 6));
  }
  return shared;
}
