/**
 * The keys of issue 15 as text: write keys start `rl_pub_`, secret keys `rl_sk_` (design.md, precise
 * terms), followed by 32 random bytes (base64url): high-entropy, so their SHA-256 is what is stored
 * (a slow password hash would add nothing but latency to every request).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyKind } from '../../records/api-keys.js';

export const keyPrefixes: Readonly<Record<ApiKeyKind, string>> = { write: 'rl_pub_', secret: 'rl_sk_' };

/** How many characters of a key lists show (its kind prefix and 6 more). */
const shownAfterPrefix = 6;

/** A fresh key of `kind` with the id it is stored under and the prefix lists show. */
export function newKey(kind: ApiKeyKind): { id: string; key: string; prefix: string } {
  const key = `${keyPrefixes[kind]}${randomBytes(32).toString('base64url')}`;
  return { id: `key_${randomBytes(8).toString('hex')}`, key, prefix: key.slice(0, keyPrefixes[kind].length + shownAfterPrefix) };
}

/** A fresh write key for a new workspace's own (built-in) write key. */
export function newWriteKey(): string {
  return newKey('write').key;
}

/** What a key is stored and looked up by: its SHA-256, hex. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
