import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { AppError, invalid } from '../shared/errors.js';
import type { DocumentRepo } from '../store/ports/document-repo.js';

/**
 * Postback sources (design.md "Postback sources", issue 12 #1): an ad network or shop system
 * that sends conversions server to server. Each has its own secret, shown once and stored as
 * its SHA-256; a postback proves itself with `source=ID&secret=S`, or with the header
 * `X-Roilens-Signature: sha256=<hex HMAC-SHA256 of the raw query string (GET) or body (POST)>`
 * keyed with the hex SHA-256 of the secret (what the server keeps). Optionally only some
 * addresses may send (`ip_allow`: addresses or CIDR ranges).
 */
export interface PostbackSource {
  id: string;
  name: string;
  ip_allow: string[];
  /** hex SHA-256 of the secret */
  secret_hash: string;
  created_at: string;
}

/** How old a click a postback may convert (days). */
export const postbackWindowDays = 30;
const collection = 'postback_sources';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks `ip_allow` entries: IPv4/IPv6 addresses or CIDR ranges. */
export function parseIpAllow(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(path, 'must be an array of addresses or CIDR ranges');
  if (value.length > 100) throw invalid(path, 'at most 100 entries');
  return value.map((entry, i) => {
    const [addr, bits, ...rest] = typeof entry === 'string' ? entry.trim().split('/') : [];
    const family = addr ? isIP(addr) : 0;
    const maxBits = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || rest.length || !okBits) throw invalid(`${path}.${i}`, 'must be an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.7 or 203.0.113.0/24');
    return bits === undefined ? addr : `${addr}/${bits}`;
  });
}

export async function listPostbackSources(store: DocumentRepo, workspaceId: string): Promise<PostbackSource[]> {
  return store.listDocuments<PostbackSource>(workspaceId, collection);
}

/** Creates a source; the secret is returned here only. A taken name is 409 `conflict`. */
export async function createPostbackSource(store: DocumentRepo, workspaceId: string, input: { name: string; ip_allow?: unknown }): Promise<{ id: string; name: string; ip_allow: string[]; secret: string }> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 200) throw invalid('body.name', 'must be 1 to 200 characters');
  const ipAllow = parseIpAllow(input.ip_allow, 'body.ip_allow');
  if ((await listPostbackSources(store, workspaceId)).some((s) => s.name === name)) throw new AppError('conflict', 'a postback source with this name exists');
  const id = `pbs_${randomBytes(9).toString('base64url')}`;
  const secret = `rl_pbsec_${randomBytes(24).toString('base64url')}`;
  const source: PostbackSource = { id, name, ip_allow: ipAllow, secret_hash: sha256(secret), created_at: new Date().toISOString() };
  await store.putDocument(workspaceId, collection, id, source);
  return { id, name, ip_allow: ipAllow, secret };
}

/**
 * The source a postback names and the workspace it belongs to: a postback carries no credential of a
 * workspace, its source decides where its event is written. Undefined for an unknown id, and for an
 * id two workspaces hold (a restored copy): such a postback must not guess.
 */
export async function postbackSourceOwner(store: DocumentRepo, id: string): Promise<{ workspaceId: string; source: PostbackSource } | undefined> {
  if (!/^pbs_[A-Za-z0-9_-]{1,40}$/.test(id)) return undefined;
  const owners = await store.documentWorkspaces(collection, id);
  if (owners.length !== 1) return undefined;
  const source = await store.getDocument<PostbackSource>(owners[0], collection, id);
  return source && { workspaceId: owners[0], source };
}

/** The signature a sender computes: `sha256=` + hex HMAC-SHA256(key = hex SHA-256 of the secret, raw query or body). */
export function postbackSignature(secret: string, raw: string): string {
  return `sha256=${createHmac('sha256', sha256(secret)).update(raw).digest('hex')}`;
}

/** Whether the postback proves it comes from `source`: its secret, or a signature of the raw query/body. */
export function postbackAuthentic(source: PostbackSource, proof: { secret?: string; signature?: string; raw: string }): boolean {
  if (proof.secret !== undefined) return sameText(sha256(proof.secret), source.secret_hash);
  if (proof.signature !== undefined) {
    const expected = `sha256=${createHmac('sha256', source.secret_hash).update(proof.raw).digest('hex')}`;
    return sameText(proof.signature.trim().toLowerCase(), expected);
  }
  return false;
}

/** Whether `ip` may send for the source (always, without an allow-list). */
export function postbackIpAllowed(source: PostbackSource, ip: string): boolean {
  if (!source.ip_allow.length) return true;
  const list = new BlockList();
  for (const entry of source.ip_allow) {
    const [addr, bits] = entry.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = v4mapped ? v4mapped[1] : ip;
  const family = isIP(addr);
  return family !== 0 && list.check(addr, family === 6 ? 'ipv6' : 'ipv4');
}
