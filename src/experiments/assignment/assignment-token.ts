import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-signed assignment tokens (issue 12 #5). The write key ships in every
 * page, so anyone can send `$exposure` events naming any variant; results count
 * only exposures that carry a token the server signed when it computed the
 * variant itself. The token binds every field an exposure could lie about:
 *
 *   payload = base64url(JSON [workspace, experiment, hash_version, unit, variant, variant index, source, issued-at seconds])
 *   token   = payload + "." + base64url(HMAC-SHA256(workspace secret, "rl-xp1." + payload))
 *
 * `source` is an opaque bucket of the client that asked (see `sourceBucket`): the
 * results flag a variant most of whose units came from one source.
 *
 * @example
 * const t = signAssignment(secret, { workspace: 'w', experiment: 'hero', hash_version: 2, unit: 'a1', variant: 'B', index: 1, source: 's1', issued_at: 1767225600 });
 * verifyAssignment(secret, t)?.variant // 'B'
 */
export interface AssignmentClaims {
  workspace: string;
  experiment: string;
  hash_version: number;
  /** the unit the variant was hashed for: the anonymous id */
  unit: string;
  variant: string;
  index: number;
  source: string;
  /** seconds since the epoch */
  issued_at: number;
}

const DOMAIN = 'rl-xp1.';
/** Tokens longer than this are refused before any work (a claim is at most a few hundred characters). */
export const MAX_TOKEN_LENGTH = 2048;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN + payload).digest();
}

/** Signs the claims with the workspace's secret. */
export function signAssignment(secret: string, c: AssignmentClaims): string {
  const payload = Buffer.from(JSON.stringify([c.workspace, c.experiment, c.hash_version, c.unit, c.variant, c.index, c.source, c.issued_at])).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a token signed with `secret`, or null when it is malformed or its signature does not match. */
export function verifyAssignment(secret: string, token: unknown): AssignmentClaims | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 8) return null;
  const [workspace, experiment, hashVersion, unit, variant, index, source, issuedAt] = parts as unknown[];
  if (typeof workspace !== 'string' || typeof experiment !== 'string' || typeof unit !== 'string' || typeof variant !== 'string' || typeof source !== 'string') return null;
  if (!Number.isInteger(hashVersion) || !Number.isInteger(index) || !Number.isInteger(issuedAt)) return null;
  return { workspace, experiment, hash_version: hashVersion as number, unit, variant, index: index as number, source, issued_at: issuedAt as number };
}

/**
 * An opaque, stable bucket for a client address: IPv4 addresses by /24, IPv6 by /48
 * (one household, office or provider pool), keyed with the secret so the address
 * itself is never stored and buckets of two workspaces do not compare.
 */
export function sourceBucket(secret: string, address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(address);
  const prefix = v4 ? `${v4[1]}.${v4[2]}.${v4[3]}.0/24` : `${ipv6Prefix48(address)}::/48`;
  return createHmac('sha256', secret).update(`rl-src.${prefix}`).digest('base64url').slice(0, 12);
}

function ipv6Prefix48(address: string): string {
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
