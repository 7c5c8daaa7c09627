/**
 * The one client for everything that leaves the server (segment webhooks, partner postbacks, alerts).
 *
 * - Resolves the target's name once and refuses private, loopback, link-local, unspecified, CGNAT,
 *   IPv6 unique-local / link-local and IPv4-mapped forms of those (any non-unicast range) unless
 *   `ROILENS_OUTBOUND_ALLOW` names the host or a range holding the address. `localhost` is refused
 *   without asking DNS. Hex, decimal and octal IPv4 spellings reach here already normalised by the
 *   WHATWG URL parser (`http://0x7f000001/` is `127.0.0.1`).
 * - Connects to exactly the address it checked (a custom `lookup`), so a second DNS answer cannot
 *   swap in another target (no DNS rebinding gap).
 * - Follows no redirects; reports failures as codes without network detail.
 * - Signs the body: `X-Roilens-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 * - Times out each attempt and retries timeouts, connection failures, 429 and 5xx with bounded
 *   exponential backoff.
 */
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Targets the operator lets outbound calls reach although they are private, loopback or link-local
 * (the operator sets them with `ROILENS_OUTBOUND_ALLOW`, read by `config/config.ts`).
 */
export interface OutboundAllow {
  /** Lower-case host names (and literal addresses) allowed by name. */
  hosts: ReadonlySet<string>;
  /** Address ranges allowed, as ipaddr.js CIDR pairs. */
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Settings of the outbound client: the allow-list and the HMAC secret that signs bodies (`outboundSettings` in config reads them). */
export interface OutboundSettings {
  allow: OutboundAllow;
  secret?: string;
}

/** Why a delivery failed: no addresses, ports or system error names. */
export type OutboundErrorCode =
  | 'invalid_target'
  | 'refused_target'
  | 'unresolvable'
  | 'connection_failed'
  | 'timeout'
  | 'redirect_refused'
  | 'http_error';

export interface Delivery {
  ok: boolean;
  /** The last answer's HTTP status (null when none came). */
  status: number | null;
  attempts: number;
  error_code?: OutboundErrorCode;
}

export interface DeliveryOptions {
  /** HMAC secret (the operator's `ROILENS_OUTBOUND_SECRET`, see `outboundSettings`). Without one the body goes unsigned. */
  secret?: string;
  /** Allowed private targets (the operator's `ROILENS_OUTBOUND_ALLOW`, see `outboundSettings`); the client reads no settings itself. */
  allow: OutboundAllow;
  /** Per-attempt time limit (default 10 s). */
  timeoutMs?: number;
  /** Attempts in all, 1–10 (default 3). */
  attempts?: number;
  /** First backoff (default 500 ms), doubled each retry, at most 30 s. */
  backoffMs?: number;
  contentType?: string;
  /** Resolves a host name to addresses (default: the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

export const signatureHeader = 'x-roilens-signature';

/** The signature header's value for a body at unix time `t` (seconds). */
export function signBody(secret: string, body: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Why an address may not be reached (its ipaddr.js range, e.g. `loopback`), or null when it is public unicast. */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let addr: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(address);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  return range === 'unicast' ? null : range;
}

/** Whether the allow-list names this host or holds this address. */
function allowed(allow: OutboundAllow, host: string, address?: string): boolean {
  if (allow.hosts.has(host)) return true;
  if (address === undefined || !ipaddr.isValid(address)) return false;
  const candidates = [ipaddr.parse(address)];
  if (candidates[0].kind() === 'ipv6' && (candidates[0] as ipaddr.IPv6).isIPv4MappedAddress()) candidates.push((candidates[0] as ipaddr.IPv6).toIPv4Address());
  return allow.ranges.some(([net, bits]) => candidates.some((c) => c.kind() === net.kind() && c.match(net, bits)));
}

/** The host of a URL without IPv6 brackets, lower case, no trailing dot. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
}

/**
 * Checks a target without resolving it: an http(s) URL whose literal address or `localhost` name is not
 * refused. Returns null when fine, else the failure code.
 */
export function literalTargetProblem(target: string, allow: OutboundAllow): OutboundErrorCode | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'invalid_target';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'invalid_target';
  const host = hostOf(url);
  if (allowed(allow, host, host)) return null;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'refused_target';
  if (ipaddr.isValid(host) && blockedRange(host) !== null) return 'refused_target';
  return null;
}

type Pinned = { address: string; family: 4 | 6 } | { error: OutboundErrorCode };

/** Resolves once and checks every answer; the first address is the one connected to. */
async function pin(url: URL, allow: OutboundAllow, resolve: (host: string) => Promise<string[]>): Promise<Pinned> {
  const host = hostOf(url);
  const literal = literalTargetProblem(url.toString(), allow);
  if (literal) return { error: literal };
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { error: 'unresolvable' };
    }
    if (addresses.length === 0) return { error: 'unresolvable' };
  }
  for (const address of addresses) {
    if (blockedRange(address) !== null && !allowed(allow, host, address)) return { error: 'refused_target' };
  }
  const address = addresses[0];
  return { address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 };
}

async function systemResolve(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

type Attempt = { status: number | null; error_code?: OutboundErrorCode; retry: boolean };

function attemptOnce(url: URL, target: { address: string; family: 4 | 6 }, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Attempt> {
  return new Promise((done) => {
    let settled = false;
    const finish = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(a);
    };
    // Connect to the checked address only, whatever the name resolves to now.
    const lookup = ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
      if (options?.all) cb(null, [{ address: target.address, family: target.family }]);
      else cb(null, target.address, target.family);
    }) as unknown as LookupFunction;
    const transport = url.protocol === 'https:' ? https : http;
    const host = hostOf(url);
    const req = transport.request({
      protocol: url.protocol,
      hostname: ipaddr.isValid(host) ? target.address : host,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      agent: false,
      ...(url.protocol === 'https:' && !ipaddr.isValid(host) ? { servername: host } : {}),
    });
    const timer = setTimeout(() => {
      finish({ status: null, error_code: 'timeout', retry: true });
      req.destroy();
    }, timeoutMs);
    req.on('error', () => finish({ status: null, error_code: 'connection_failed', retry: true }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      res.on('error', () => undefined);
      res.resume();
      res.on('end', () => {
        if (status >= 200 && status < 300) finish({ status, retry: false });
        else if (status >= 300 && status < 400) finish({ status, error_code: 'redirect_refused', retry: false });
        else finish({ status, error_code: 'http_error', retry: status === 429 || status >= 500 });
      });
    });
    req.end(body);
  });
}

/** POSTs `body` to `target` under the rules above; never throws for network trouble, reports it. */
export async function deliver(target: string, body: string, options: DeliveryOptions): Promise<Delivery> {
  const { allow, secret } = options;
  const attempts = Math.min(10, Math.max(1, Math.floor(options.attempts ?? 3)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 500;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, status: null, attempts: 0, error_code: 'invalid_target' };
  }
  let last: Attempt = { status: null, retry: false };
  for (let n = 1; n <= attempts; n++) {
    if (n > 1) await new Promise((r) => setTimeout(r, Math.min(30_000, backoffMs * 2 ** (n - 2))));
    const pinned = await pin(url, allow, options.resolve ?? systemResolve);
    if ('error' in pinned) {
      if (pinned.error !== 'unresolvable' || n === attempts) return { ok: false, status: null, attempts: n, error_code: pinned.error };
      last = { status: null, error_code: 'unresolvable', retry: true };
      continue;
    }
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', 'user-agent': 'roilens-outbound/1' };
    if (secret) headers[signatureHeader] = signBody(secret, body);
    last = await attemptOnce(url, pinned, body, headers, timeoutMs);
    if (!last.error_code) return { ok: true, status: last.status, attempts: n };
    if (!last.retry) return { ok: false, status: last.status, attempts: n, error_code: last.error_code };
  }
  return { ok: false, status: last.status, attempts, error_code: last.error_code };
}
