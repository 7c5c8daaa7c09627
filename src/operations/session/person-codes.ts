/**
 * One-time codes of people (issue 15): the first owner's sign-in link (15 minutes), an invitation
 * (7 days) and a password reset (1 hour). A code is 32 random bytes; the store keeps its SHA-256 and
 * spends it once. Links carry the code in their fragment, which browsers send to no server.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PersonCodePurpose } from '../../records/people.js';
import type { Store } from '../../store/store.js';

export const codeTtlMs: Readonly<Record<PersonCodePurpose, number>> = { signin: 15 * 60_000, invite: 7 * 24 * 3_600_000, reset: 3_600_000 };

/** What a secret (code, session id) is stored and found by: its SHA-256, base64url. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** 32 random bytes, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh code of `purpose` for the person, stored hashed; valid `codeTtlMs[purpose]` from `now`. */
export async function mintPersonCode(store: Store, personId: string, purpose: PersonCodePurpose, now: number = Date.now()): Promise<{ code: string; expiresAt: Date }> {
  const code = newSecret();
  const expiresAt = new Date(now + codeTtlMs[purpose]);
  await store.createPersonCode(secretDigest(code), { person_id: personId, purpose, expires_at: expiresAt.toISOString() });
  return { code, expiresAt };
}

/** Spends a code of `purpose`: its person, or undefined when unknown, spent, expired or of another purpose. */
export function spendPersonCode(store: Store, code: string, purpose: PersonCodePurpose, now: number = Date.now()): Promise<string | undefined> {
  return store.spendPersonCode(secretDigest(code), purpose, new Date(now).toISOString());
}

/** The dashboard link of a code: `#code=` signs in, `#invite=` and `#reset=` set a password. */
export function personCodeUrl(baseUrl: string, purpose: PersonCodePurpose, code: string): string {
  const key = purpose === 'signin' ? 'code' : purpose;
  return `${baseUrl.replace(/\/+$/, '')}/#${key}=${encodeURIComponent(code)}`;
}
