import { createRequire } from 'node:module';

/**
 * Disposable (throw-away) e-mail domains from the maintained `disposable-email-domains` list
 * (about 120,000 domains and a few wildcard parents). The flag is taken before the address is
 * hashed, since a pseudonym no longer shows its domain. Loaded on first use.
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
  if (at < 0) return false;
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return false;
  if (!exact) load();
  if (exact!.has(domain)) return true;
  return wildcard!.some((parent) => domain === parent || domain.endsWith(`.${parent}`));
}
