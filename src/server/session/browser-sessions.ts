import { createHash, randomBytes } from 'node:crypto';
import type { BrowserSessionKeeper, SessionPrincipal } from '../../operations/core/http-exchange.js';

export type { SessionPrincipal };

export interface BrowserSessionSettings {
  /** The clock, in milliseconds (tests move it instead of sleeping). */
  now?: () => number;
  /** How long a sign-in code stays valid (default 15 minutes, design.md). */
  codeTtlMs?: number;
  /** How long a session lasts after sign-in (default 7 days). */
  sessionTtlMs?: number;
}

export const defaultCodeTtlMs = 15 * 60_000;
export const defaultSessionTtlMs = 7 * 24 * 3_600_000;

/** Bounds on what a flood of sign-ins can make the server hold: the oldest entry goes first. */
const maxCodes = 1_000;
const maxSessions = 10_000;

interface Grant {
  principal: SessionPrincipal;
  expiresAt: number;
}

/** A code or a session id as it is kept: only its SHA-256, so a memory dump signs nobody in. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** 32 random bytes, URL-safe (256 bits: not guessable within a code's 15 minutes or a rate limit). */
function secret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Single-use sign-in codes and the browser sessions they open (issue 12 #15). A printed link carries
 * a code, never the admin token; `POST /v1/session {"code"}` exchanges it once for a session id that
 * travels only in the HttpOnly cookie. Both are held hashed, in memory: a restart signs browsers out.
 *
 * @example
 * const sessions = new BrowserSessions();
 * const { code } = sessions.mintCode('admin');
 * const opened = sessions.exchange(code); // { id, expiresAt }; a second exchange answers undefined
 * sessions.principalOf(opened!.id);       // 'admin'
 */
export class BrowserSessions implements BrowserSessionKeeper {
  readonly codeTtlMs: number;
  readonly sessionTtlMs: number;
  readonly now: () => number;
  private readonly codes = new Map<string, Grant>();
  private readonly sessions = new Map<string, Grant>();

  constructor(settings: BrowserSessionSettings = {}) {
    this.now = settings.now ?? Date.now;
    this.codeTtlMs = settings.codeTtlMs ?? defaultCodeTtlMs;
    this.sessionTtlMs = settings.sessionTtlMs ?? defaultSessionTtlMs;
  }

  /** A fresh single-use code for `principal`, valid for `codeTtlMs`. */
  mintCode(principal: SessionPrincipal): { code: string; expiresAt: Date } {
    const code = secret();
    const expiresAt = this.now() + this.codeTtlMs;
    remember(this.codes, digest(code), { principal, expiresAt }, maxCodes, this.now());
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** Spends a code: a new session id, or undefined when the code is unknown, spent or expired. */
  exchange(code: string): { id: string; principal: SessionPrincipal; expiresAt: Date } | undefined {
    const key = digest(code);
    const grant = this.codes.get(key);
    this.codes.delete(key);
    if (!grant || grant.expiresAt <= this.now()) return undefined;
    const id = secret();
    const expiresAt = this.now() + this.sessionTtlMs;
    remember(this.sessions, digest(id), { principal: grant.principal, expiresAt }, maxSessions, this.now());
    return { id, principal: grant.principal, expiresAt: new Date(expiresAt) };
  }

  /** The principal of a live session id, or undefined (unknown, signed out or expired). */
  principalOf(id: string): SessionPrincipal | undefined {
    const key = digest(id);
    const grant = this.sessions.get(key);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return grant.principal;
  }

  /** When a live session ends, or undefined. */
  expiryOf(id: string): Date | undefined {
    const grant = this.principalOf(id) ? this.sessions.get(digest(id)) : undefined;
    return grant ? new Date(grant.expiresAt) : undefined;
  }

  /** Signs a session out; true when it was live. */
  revoke(id: string): boolean {
    return this.sessions.delete(digest(id));
  }
}

/** Adds an entry, first dropping expired ones and then, over `max`, the oldest. */
function remember(map: Map<string, Grant>, key: string, grant: Grant, max: number, now: number): void {
  if (map.size >= max) {
    for (const [k, g] of map) if (g.expiresAt <= now) map.delete(k);
    for (const k of map.keys()) {
      if (map.size < max) break;
      map.delete(k);
    }
  }
  map.set(key, grant);
}
