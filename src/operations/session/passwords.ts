/**
 * Passwords (issue 15): hashed with argon2id (`@node-rs/argon2`, its defaults: 19 MiB, 2 passes, the
 * OWASP minimum), never stored or logged as they are. An unknown e-mail is checked against a dummy
 * hash, so a sign-in takes as long whether or not the e-mail exists.
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Shortest and longest password accepted (the upper bound keeps hashing cheap to refuse). */
export const passwordLength = { min: 10, max: 256 } as const;

/** The argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, the same work against a dummy, then false. */
export async function passwordMatches(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) {
    dummy ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** An e-mail address as accounts take it: one @, no spaces, up to 254 characters (`owner@localhost` too, which stricter checks refuse). */
export const emailSchema = z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address, e.g. ana@shop.example');
