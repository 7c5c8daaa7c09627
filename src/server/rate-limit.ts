/**
 * Rate limits (issue 12 #10): tracking routes per client address and per key (write key or postback
 * source), the API per principal (its bearer token, `?key=`, session cookie, else its address).
 * Fixed windows counted in memory, checked before anything else of the request is read; a request
 * over a limit answers 429 `rate_limited` with Retry-After (kept apart from 429 `overloaded`, which
 * means ingestion is behind). Limits come from `ROILENS_RATE_LIMIT_*` (config.ts); 0 turns one off.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimitSettings, type RateLimitSettings } from '../config/config.js';
import { AppError } from '../shared/errors.js';
import { stringFieldOf } from '../shared/unknown-values.js';
import { FixedWindowLimiter } from '../shared/fixed-window.js';

export { FixedWindowLimiter };

/** Which limits a path falls under: tracking (per address and key), the API (per principal), or none. */
export function rateLimitClass(method: string, path: string): 'tracking' | 'api' | null {
  if (method === 'OPTIONS') return null;
  if (path === '/v1/events' || path === '/p.gif' || path === '/v1/postback' || path.startsWith('/c/') || /^\/v1\/experiments\/(?:[^/]+\/)?assign$/.test(path)) return 'tracking';
  if (path.startsWith('/v1/')) return 'api';
  return null;
}

/** A short stable name for a secret (credentials are not kept in memory as they are). */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/** The key a tracking request counts against: its write key, or a postback's source. */
function trackingKeyOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return `k:${digest(header.slice(7).trim())}`;
  const key = stringFieldOf(req.query, 'key');
  if (key) return `k:${digest(key)}`;
  const source = stringFieldOf(req.query, 'source');
  if (source) return `s:${digest(source)}`;
  return undefined;
}

/** The principal an API request counts against. */
function principalOf(req: FastifyRequest): string {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return `t:${digest(header.slice(7).trim())}`;
  const key = stringFieldOf(req.query, 'key');
  if (key) return `t:${digest(key)}`;
  const session = /(?:^|;\s*)roilens_session=([^;]*)/.exec(req.headers.cookie ?? '');
  if (session?.[1]) return `c:${digest(session[1])}`;
  return `ip:${req.ip}`;
}

/** Registers the limits as the first onRequest hook of `app`. */
export function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings = rateLimitSettings()): void {
  const windowMs = settings.windowSeconds * 1000;
  const perIp = new FixedWindowLimiter(settings.trackingPerIp, windowMs);
  const perKey = new FixedWindowLimiter(settings.trackingPerKey, windowMs);
  const perPrincipal = new FixedWindowLimiter(settings.apiPerPrincipal, windowMs);
  const refuse = (what: string, limit: number, wait: number) =>
    new AppError('rate_limited', `too many requests ${what} (at most ${limit} per ${settings.windowSeconds} s); retry after ${wait} s`, [], wait);

  app.addHook('onRequest', async (req) => {
    const kind = rateLimitClass(req.method, req.url.split('?')[0]);
    if (kind === 'tracking') {
      const ipWait = perIp.hit(req.ip);
      if (ipWait !== null) throw refuse('from this address on tracking routes', settings.trackingPerIp, ipWait);
      const key = trackingKeyOf(req);
      const keyWait = key === undefined ? null : perKey.hit(key);
      if (keyWait !== null) throw refuse('for this key', settings.trackingPerKey, keyWait);
    } else if (kind === 'api') {
      const wait = perPrincipal.hit(principalOf(req));
      if (wait !== null) throw refuse('for this credential on the API', settings.apiPerPrincipal, wait);
    }
  });
}
