import { isIP } from 'node:net';

/**
 * What `/c/:slug` records about a click for partner programmes (issue 16), as properties of the
 * `click` event. The server marks its own clicks with `rl_server_click: true`, a property no
 * sender may send (`ingest/revenue-guard.ts` refuses it from browsers and write keys and drops
 * it from trusted senders): commissions are paid on server-observed clicks only.
 */
export const serverClickProperty = 'rl_server_click';

/** Sub-ids a partner passes on its link (`/c/:slug?sub1=…`), each cut to `subIdMax` characters. */
export const subIdKeys = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export type SubIdKey = (typeof subIdKeys)[number];
export const subIdMax = 128;

/** Ad-platform click ids: one on a partner click suggests the partner bids on the brand's ads. */
export const adClickIdParams = ['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'ttclid'] as const;

/** The property names of a server click (beyond `link` and `rl_cid`); the fraud scoring reads them. */
export const partnerClickProperties = {
  ipPrefix: 'ip_prefix',
  userAgent: 'user_agent',
  adClick: 'ad_click',
} as const;

/**
 * A client address truncated so it no longer names one machine: IPv4 to its /24, IPv6 to its /48
 * (an IPv4-mapped IPv6 address as IPv4); undefined for anything that is not an address.
 *
 * @example ipPrefix('203.0.113.77') // → '203.0.113.0/24'
 * @example ipPrefix('2001:db8:abcd:12::1') // → '2001:db8:abcd::/48'
 */
export function ipPrefix(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1] : ip;
  const kind = isIP(address);
  if (kind === 4) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (kind !== 6) return undefined;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (…:1.2.3.4) is two groups; only the first three groups are kept anyway.
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 3).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/48`;
}

/**
 * The partner properties of a server click from its request: the sub-ids (cut to `subIdMax`), the
 * truncated address, the user agent (cut to 512) and the first ad-platform click id parameter
 * present, with the server's mark.
 *
 * @example
 *   serverClickProperties({ sub1: 'summer', gclid: 'x' }, '203.0.113.77', 'Mozilla/5.0')
 *   // → { rl_server_click: true, sub1: 'summer', ip_prefix: '203.0.113.0/24', user_agent: 'Mozilla/5.0', ad_click: 'gclid' }
 */
export function serverClickProperties(query: Record<string, unknown>, ip: string | undefined, userAgent: string | undefined): Record<string, string | true> {
  const out: Record<string, string | true> = { [serverClickProperty]: true };
  for (const key of subIdKeys) {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value !== '') out[key] = value.slice(0, subIdMax);
  }
  const prefix = ipPrefix(ip);
  if (prefix) out[partnerClickProperties.ipPrefix] = prefix;
  if (userAgent) out[partnerClickProperties.userAgent] = userAgent.slice(0, 512);
  const adClick = adClickIdParams.find((p) => query[p] !== undefined && query[p] !== '');
  if (adClick) out[partnerClickProperties.adClick] = adClick;
  return out;
}
