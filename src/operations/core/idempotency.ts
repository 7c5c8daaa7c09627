/**
 * `Idempotency-Key` for writes that move money (design.md, precise terms), with Stripe's semantics.
 * An operation declares `idempotent: true`; a caller may then send a key (1 to 255 characters),
 * scoped per workspace and operation:
 *
 * - the first request with a key runs and its answer (status and body) is kept for 24 hours;
 * - the same key with the same input within 24 hours answers the kept answer again, without
 *   running (over HTTP with the header `Idempotent-Replayed: true`);
 * - the same key with another input: 409 `idempotency_key_reused`;
 * - the same key while its first request still runs: 409 `idempotency_in_progress`;
 * - a request that fails (an error, or an answer with a 4xx status) keeps nothing: a retry with
 *   the key runs again.
 *
 * The input's fingerprint is the SHA-256 of its canonical JSON (keys sorted), so the order of a
 * body's keys does not matter. Keys are kept through the store's idempotency port.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { AnyOperation, OperationContext } from './define.js';

/** How long a kept answer is replayed. */
export const idempotencyWindowMs = 24 * 60 * 60 * 1000;
export const maxIdempotencyKeyLength = 255;

/** An answer and whether it was replayed from a kept one. */
export interface IdempotentAnswer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** JSON with object keys sorted at every depth (undefined values dropped, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key as given, or the registry's 400 naming `path` (empty, too long, or not printable ASCII). */
export function checkedIdempotencyKey(key: unknown, path: string): string {
  const message = `must be 1 to ${maxIdempotencyKeyLength} printable ASCII characters`;
  if (typeof key !== 'string' || key.length < 1 || key.length > maxIdempotencyKeyLength || !/^[\x20-\x7e]+$/.test(key)) {
    throw new AppError('invalid_input', `${path}: ${message}`, [{ path, message }]);
  }
  return key;
}

/**
 * Runs `run` once per key (see the file comment). Without a key, or for an operation that does not
 * declare `idempotent`, it just runs.
 *
 * @example
 *   await idempotent(op, ctx, 'order-7-retry', input, async () => ({ status: 201, body: await pay() }))
 *   // → { status: 201, body: {...}, replayed: false }; again with the same input → replayed: true
 */
export async function idempotent(
  op: AnyOperation,
  ctx: OperationContext,
  key: string | undefined,
  input: unknown,
  run: () => Promise<{ status: number; body: unknown }>,
  now: () => Date = () => new Date(),
): Promise<IdempotentAnswer> {
  if (!op.idempotent || key === undefined) return { ...(await run()), replayed: false };
  const at = now();
  const fingerprint = createHash('sha256').update(canonicalJson(input)).digest('hex');
  const claim = await ctx.store.claimIdempotencyKey(ctx.workspaceId, {
    operation: op.name,
    key,
    fingerprint,
    at: at.toISOString(),
    expiredBefore: new Date(at.getTime() - idempotencyWindowMs).toISOString(),
  });
  if (claim.state === 'done') return { status: claim.status, body: JSON.parse(claim.body), replayed: true };
  if (claim.state === 'reused') throw new AppError('idempotency_key_reused', `this Idempotency-Key was used with another request for ${op.name} in the last 24 hours`);
  if (claim.state === 'in_progress') throw new AppError('idempotency_in_progress', `a request with this Idempotency-Key is still running for ${op.name}; retry when it has answered`);
  let answer: { status: number; body: unknown };
  try {
    answer = await run();
  } catch (err) {
    await ctx.store.settleIdempotencyKey(ctx.workspaceId, op.name, key, null);
    throw err;
  }
  // A refusal (4xx, 5xx) is not kept either: the caller fixes the input and retries with the key.
  await ctx.store.settleIdempotencyKey(ctx.workspaceId, op.name, key, answer.status < 400 ? { status: answer.status, body: JSON.stringify(keptBody(op, answer.body)) } : null);
  return { ...answer, replayed: false };
}

/** The answer as kept for replay: without the fields the operation does not let rest in the store. */
function keptBody(op: AnyOperation, body: unknown): unknown {
  if (!op.notKept?.length || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !op.notKept!.includes(k)));
}
