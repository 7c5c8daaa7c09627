import type { FastifyRequest } from 'fastify';

/** Methods that change nothing: a cookie may authenticate them from anywhere (SameSite=Lax still applies). */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Whether the request's `Origin` header names the server's own origin (scheme, host and port as the
 * request reached it; behind a trusted proxy its forwarded scheme and host). Browsers send `Origin`
 * with every non-GET fetch, so a missing or foreign one is a write the dashboard did not make
 * (design.md "Cookie writes").
 */
export function hasSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return false;
  try {
    return new URL(origin).origin === new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return false;
  }
}
