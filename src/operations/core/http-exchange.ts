/**
 * What an operation may know of the HTTP exchange it answers, beyond its input: the request as the
 * browser made it (origin, scheme, cookies) and the answer's headers (a cookie, cache-control). The
 * dashboard's sign-in (`operations/session/`) is made of these and the browser sessions the server
 * holds; every other operation ignores them. Absent in the CLI and the scheduler, where no browser is.
 */

/** One HTTP request's browser-facing facts, and a hook on its answer's headers. */
export interface HttpExchange {
  /** `scheme://host[:port]` as the request reached the server (behind a trusted proxy, as forwarded). */
  origin: string;
  /** The request came over https: cookies the answer sets carry `Secure`. */
  secure: boolean;
  /** The request's `Origin` header names this server (design.md "Cookie writes"). */
  sameOrigin: boolean;
  /** The value of a cookie the request carries, if any. */
  cookie(name: string): string | undefined;
  /** Sets a header of the answer (a cookie, cache-control); the status and the body stay the handler's answer. */
  header(name: string, value: string): void;
}

/** Who a browser session acts as. Until people exist, every code is minted for the admin token. */
export type SessionPrincipal = 'admin';

/**
 * The dashboard's sign-in codes and browser sessions, as the HTTP server holds them
 * (`server/session/browser-sessions.ts`): in its memory only, so only its operations reach them.
 */
export interface BrowserSessionKeeper {
  /** How long a session lasts after sign-in (the cookie's Max-Age). */
  readonly sessionTtlMs: number;
  /** A fresh single-use code for `principal`. */
  mintCode(principal: SessionPrincipal): { code: string; expiresAt: Date };
  /** Spends a code: a new session id, or undefined when the code is unknown, spent or expired. */
  exchange(code: string): { id: string; expiresAt: Date } | undefined;
  /** The principal of a live session id, or undefined. */
  principalOf(id: string): SessionPrincipal | undefined;
  /** When a live session ends, or undefined. */
  expiryOf(id: string): Date | undefined;
  /** Ends a session; true when it was live. */
  revoke(id: string): boolean;
}

/**
 * People's browser sessions (issue 15), kept in the store by the SHA-256 of the cookie's id
 * (`server/session/person-sessions.ts`): a session ends when revoked, after `idleMs` without a request,
 * or `maxAgeMs` after sign-in. Sign-in attempts are counted here too (per e-mail and per address).
 */
export interface PersonSessionKeeper {
  /** The clock, in milliseconds. */
  now(): number;
  readonly idleMs: number;
  readonly maxAgeMs: number;
  /** Opens a session of the person: the id the cookie carries. */
  open(personId: string): Promise<{ id: string; expiresAt: Date }>;
  /** The live session a cookie id names (stamping its use), or undefined. */
  find(id: string): Promise<{ personId: string; expiresAt: Date } | undefined>;
  /** Ends one session. */
  revoke(id: string): Promise<void>;
  /** Ends every session of the person (sign out everywhere, a password reset); how many it revoked. */
  revokeAll(personId: string): Promise<number>;
  /** Counts a sign-in attempt for `email` from `address`: null when allowed, else the seconds to wait. */
  attempt(email: string, address: string | undefined): number | null;
}
