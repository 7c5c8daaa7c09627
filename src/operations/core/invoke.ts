/**
 * Runs an operation's handler the one way every surface does (the HTTP route, the CLI in process,
 * the scheduler): a list's page is read from `cursor` and `limit` and its answer paged, and the
 * answer is checked against the output schema (in tests). The handler runs under the context's
 * signal (a cancelled call stops its queries), and a `cached` operation answers from the result cache.
 * Over HTTP the answer says where its time went (`Server-Timing`: `drain`, the store's parts, `total`).
 * Every change, export and share-link view is recorded in the audit log (`audit-trail.ts`).
 */
import { withSignal } from '../../shared/cancellation.js';
import { serverTimingHeader, timed, withTimings } from '../../shared/server-timing.js';
import type { AnyOperation, OperationContext } from './define.js';
import { decodeCursor, defaultPageLimit, pageOf, type Page } from './paging.js';
import { resultCacheOf } from './result-cache.js';
import { checkedOutput } from './schema.js';
import { audited } from './audit-trail.js';
import { sharedInput } from './shared-input.js';

/** How a surface spells an input key in its errors (`querystring.cursor`, `--cursor`, `cursor`). */
export type FieldName = (key: string) => string;

/**
 * The handler's answer to a parsed `input` (paged when the operation is a list).
 *
 * @example
 *   await invoke(segmentListOperation, ctx, { limit: 2 }, (k) => `querystring.${k}`)
 *   // → { segments: [first two by id], next_cursor: '…' }
 */
export async function invoke(op: AnyOperation, ctx: OperationContext, given: Record<string, unknown>, field: FieldName): Promise<unknown> {
  // A share link runs its view with the input stored in it (`shared-input.ts`), whatever else was sent.
  const input = ctx.principal.share ? sharedInput(op, ctx.principal.share, given) : given;
  const { result, timings } = await withTimings(() => withSignal(ctx.signal, () => audited(op, ctx, input, async () => {
    if (!op.cached || op.list) return run(op, ctx, input, field);
    // Accepted events are stored first, so the data version counts them (the handler need not drain again).
    await timed('drain', () => ctx.ingest.drain());
    return resultCacheOf(ctx.store).answer(ctx.workspaceId, op.name, input, (signal) => run(op, { ...ctx, signal }, input, field), { fresh: ctx.fresh });
  })));
  ctx.http?.header('server-timing', serverTimingHeader(timings));
  return result;
}

async function run(op: AnyOperation, ctx: OperationContext, input: Record<string, unknown>, field: FieldName): Promise<unknown> {
  if (!op.list) {
    const answer = await op.handler(ctx, input);
    checkedOutput(op.name, op.output, answer);
    return answer;
  }
  const { cursor, limit, ...rest } = input;
  const page: Page = {
    after: cursor === undefined || cursor === '' ? null : decodeCursor(op.name, String(cursor), field('cursor'), op.list.order.length),
    limit: limit === undefined ? (op.list.defaultLimit ?? defaultPageLimit) : Number(limit),
  };
  const answer = (await op.handler(op.list.store ? { ...ctx, page } : ctx, rest)) as Record<string, unknown>;
  const { items, next_cursor } = pageOf(op.name, (answer[op.list.items] ?? []) as never[], op.list.order, page);
  const paged = { ...answer, [op.list.items]: items, next_cursor };
  checkedOutput(op.name, op.output, paged);
  return paged;
}
