import { createRequire } from 'node:module';

/**
 * Disposable (throw-away) e-mail domains from the maintained `disposable-email-domains` list
 * (about 120,000 domains and a few wildcard parents), for privacy (the flag is taken before the
 * address is hashed, since a pseudonym no longer shows its domain) and partner fraud scoring.
 * Loaded on first use.
 */
let exact: Set<string> | undefined;
let wildcard: string[] | undefined;

function load(): void {
  const require = createRequire(import.meta.url);
  exact = new Set(require('disposable-email-domains') as string[]);
  wildcard = require('disposable-email-domains/wildcard.json') as string[];
}

/** Whether the address's domain (or a parent domain on the wildcard list) is a disposable-mail provider. */
export function isDisposableEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return at >= 0 && isDisposableDomain(email.slice(at + 1));
}

/** Whether an e-mail domain (`mailinator.com`), or a parent domain on the wildcard list, is a disposable-mail provider. */
export function isDisposableDomain(emailDomain: string): boolean {
  const domain = emailDomain.trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return false;
  if (!exact) load();
  if (exact!.has(domain)) return true;
  return wildcard!.some((parent) => domain === parent || domain.endsWith(`.${parent}`));
}
