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
