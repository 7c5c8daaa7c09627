import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';
import type { Workspace } from '../store/store.js';
import type { WriteKeyCache } from './context.js';

/** The bearer token of a request, or `?key=` (browsers cannot set headers on beacons). */
export function credentialOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.key === 'string' ? query.key : undefined;
}

/** Resolves the workspace of a write key or throws 401. */
export async function requireWriteKey(req: FastifyRequest, keys: WriteKeyCache): Promise<Workspace> {
  const key = credentialOf(req);
  if (!key) throw new AppError('unauthorized', 'missing write key: send Authorization: Bearer KEY or ?key=KEY');
  const ws = await keys.find(key);
  if (!ws) throw new AppError('unauthorized', 'unknown write key');
  return ws;
}

/** Checks the admin token (Authorization: Bearer TOKEN) or throws 401. */
export function requireAdmin(req: FastifyRequest, adminToken: string): void {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new AppError('unauthorized', 'missing admin token: send Authorization: Bearer TOKEN');
  const a = Buffer.from(token);
  const b = Buffer.from(adminToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('unauthorized', 'wrong admin token');
}

/**
 * Whether a request carries a credential the server knows (the admin token or a write key), checked
 * before its body is read (issue 12 #6): a stranger cannot make the server buffer a body. The route
 * still checks which credential it needs. `allowSessionCookie`: a `roilens_session` cookie passes
 * here (its route verifies it) on routes whose body limit is small.
 */
export async function hasKnownCredential(req: FastifyRequest, adminToken: string, keys: WriteKeyCache, allowSessionCookie: boolean): Promise<boolean> {
  const credential = credentialOf(req);
  if (credential) {
    const a = Buffer.from(credential);
    const b = Buffer.from(adminToken);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
    if (await keys.find(credential)) return true;
  }
  return allowSessionCookie && /(?:^|;\s*)roilens_session=/.test(req.headers.cookie ?? '');
}
