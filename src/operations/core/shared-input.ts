/**
 * What a share link may ask (issue 15): exactly its view's input as stored when the link was made;
 * the caller may change only the keys the operation lets vary (`share.vary`) and the page it reads
 * (`cursor`, `limit`). Anything else the caller sends is dropped, not merged.
 */
import { AppError } from '../../shared/errors.js';
import type { AnyOperation, Principal } from './define.js';
import { parseInput } from './schema.js';

const paging = ['cursor', 'limit'];

/**
 * The input a share link's call runs with.
 *
 * @example
 *   sharedInput(kpisOperation, { id, view: 'kpis.report', params: { from: '2026-03-01', by: 'channel' } }, { by: 'campaign' })
 *   // → { from: '2026-03-01', by: 'channel' }   (by does not vary for KPIs)
 */
export function sharedInput(op: AnyOperation, share: NonNullable<Principal['share']>, given: Record<string, unknown>): Record<string, unknown> {
  if (op.forShareLinks) return given;
  if (op.name !== share.view || !op.share) throw new AppError('forbidden', `this share link shows ${share.view} only`);
  const allowed = new Set([...op.share.vary, ...paging]);
  const varied = Object.fromEntries(Object.entries(given).filter(([k, v]) => allowed.has(k) && v !== undefined));
  return parseInput(op.input, { ...share.params, ...varied }, (path) => path.map(String).join('.') || 'params') as Record<string, unknown>;
}
