/**
 * What the server sees of a demo visitor on a partner click: a browser user agent for its device
 * and a truncated address (IPv4 /24) in a residential or mobile network of its country, both fixed
 * per anonymous id (a hash of it), and the cloud networks and tools the bot partner uses.
 *
 * The residential ranges are ranges of `@ip-location-db/asn` (asn-ipv4.csv) of consumer ISPs, none
 * on the hosting list; the hosting ones of providers on it (`partners/fraud/hosting-asns.ts`).
 */

/** [first /24 as a.b.c, how many /24s follow] per country, from consumer ISPs' ranges. */
const residential: Record<string, readonly (readonly [number, number, number, number])[]> = {
  IR: [[5, 112, 0, 4096]], // 5.112.0.0–5.127.255.255 Iran Cell (AS44244)
  VN: [[27, 64, 0, 1808]], // 27.64.0.0–27.71.15.255 Viettel (AS7552)
  DE: [[2, 160, 0, 4096]], // 2.160.0.0–2.175.255.255 Deutsche Telekom (AS3320)
  US: [[23, 24, 0, 512]], // 23.24.0.0–23.25.255.255 Comcast (AS7922)
  FR: [[2, 3, 0, 3328]], // 2.3.0.0–2.15.255.255 Orange (AS3215)
  GB: [[5, 80, 0, 512]], // 5.80.0.0–5.81.255.255 BT (AS2856)
};

/** Hosting /24 blocks the bots click from: [a, b, first c, count]. */
export const hostingBlocks: readonly (readonly [number, number, number, number])[] = [
  [5, 9, 0, 256], // 5.9.0.0/16 Hetzner (AS24940)
  [5, 101, 96, 16], // 5.101.96.0/20 DigitalOcean (AS14061)
  [2, 26, 132, 1], // 2.26.132.0/24 OVH (AS16276)
  [1, 44, 96, 1], // 1.44.96.0/24 Amazon (AS16509)
];

const mobileAgents = [
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; 23049PCD8G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
];
const desktopAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
];
const tabletAgents = ['Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1'];

/** What the bot partner's scripts send: headless browsers and HTTP libraries (isbot knows them), and a spoofed desktop Chrome. */
export const botAgents = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/129.0.0.0 Safari/537.36',
  'python-requests/2.32.3',
  'curl/8.5.0',
  'Go-http-client/1.1',
  desktopAgents[0],
];

/** FNV-1a of a string: the same visitor always gets the same agent and address. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The visitor's browser user agent for its device (`mobile`, `desktop`, `tablet`, `unknown`). */
export function userAgentOf(anonymousId: string, device: unknown): string {
  const pool = device === 'desktop' ? desktopAgents : device === 'tablet' ? tabletAgents : mobileAgents;
  return pool[hash(anonymousId) % pool.length];
}

/** The visitor's address truncated to its /24, as the server stores it (`a.b.c.0/24`). */
export function ipPrefixOf(anonymousId: string, country: unknown): string {
  const blocks = residential[typeof country === 'string' ? country : ''] ?? residential.DE;
  return blockPrefix(blocks, hash(`${anonymousId}#ip`));
}

/** A /24 of one of `blocks`, chosen by `n`. */
export function blockPrefix(blocks: readonly (readonly [number, number, number, number])[], n: number): string {
  const [a, b, c, count] = blocks[n % blocks.length];
  const offset = Math.floor(n / blocks.length) % count;
  const third = c + offset;
  return `${a}.${b + Math.floor(third / 256)}.${third % 256}.0/24`;
}
