import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';
import { stringFieldOf } from '../shared/unknown-values.js';
import type { Workspace } from '../records/workspace.js';
import type { WriteKeyCache } from './context.js';
import { hasSameOrigin, isSafeMethod } from './session/same-origin.js';
import { sessionPrincipalOf } from './session/session-auth.js';
import { crossOriginWrite } from '../operations/session/session-cookie.js';

/** The bearer token of a request, or `?key=` (browsers cannot set headers on beacons). */
export function credentialOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return stringFieldOf(req.query, 'key');
}

/** Resolves the workspace of a write key or throws 401. */
export async function requireWriteKey(req: FastifyRequest, keys: WriteKeyCache): Promise<Workspace> {
  const key = credentialOf(req);
  if (!key) throw new AppError('unauthorized', 'missing write key: send Authorization: Bearer KEY or ?key=KEY');
  const ws = await keys.find(key);
  if (!ws) throw new AppError('unauthorized', 'unknown write key');
  return ws;
}

/**
 * Checks the admin token (Authorization: Bearer TOKEN) or, without one, a dashboard session cookie
 * (a write by cookie also needs a same-origin `Origin`, design.md "Cookie writes"); throws 401 / 403.
 */
export function requireAdmin(req: FastifyRequest, adminToken: string): void {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) return requireAdminSession(req);
  const a = Buffer.from(token);
  const b = Buffer.from(adminToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('unauthorized', 'wrong admin token');
}

function requireAdminSession(req: FastifyRequest): void {
  if (sessionPrincipalOf(req) !== 'admin') {
    throw new AppError('unauthorized', 'missing admin token: send Authorization: Bearer TOKEN, or sign in to the dashboard with a link from `roilens signin-link`');
  }
  if (!isSafeMethod(req.method) && !hasSameOrigin(req)) throw crossOriginWrite();
}

/**
 * Whether a request carries a credential the server knows (the admin token, a write key, or a live
 * session cookie; a cookie write from another origin is 403 at once), checked before its body is read
 * (issue 12 #6): a stranger cannot make the server buffer a body. The route still checks which
 * credential it needs.
 */
export async function hasKnownCredential(req: FastifyRequest, adminToken: string, keys: WriteKeyCache): Promise<boolean> {
  const credential = credentialOf(req);
  if (credential) {
    const a = Buffer.from(credential);
    const b = Buffer.from(adminToken);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
    if (await keys.find(credential)) return true;
  }
  if (sessionPrincipalOf(req) === undefined) return false;
  if (!isSafeMethod(req.method) && !hasSameOrigin(req)) throw crossOriginWrite();
  return true;
}
