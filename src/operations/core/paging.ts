/**
 * Cursor paging of list operations (design.md, precise terms: `?cursor=…&limit=…`, answer `next_cursor`).
 *
 * An operation declares `list: { items, order }`: its input gains `cursor` and `limit`, its answer
 * `next_cursor` (null on the last page), and the core pages the array `items` of the answer in
 * `order` (keyset paging: a page holds the items whose sort key comes after the cursor's, so an
 * item inserted or deleted while a client walks the pages never shifts the others: no duplicates,
 * no gaps). A list that may be large declares `store: true` and pages in its store query with
 * `ctx.page` (items after `page.after`, at most `page.limit + 1`); the core trims the extra item.
 *
 * The cursor is opaque: base64url of `[operation, sort key]` and a check (the first 12 bytes of its
 * SHA-256). A cursor edited, cut short or made by another operation answers 400 naming `cursor`.
 * It is not a credential: every page is still read in the caller's workspace.
 *
 * @example
 *   GET /v1/segments?limit=2            → {"segments":[a, b], "next_cursor":"WyJzZWdtZW50cy5saXN0IixbImIiXV0.9v…"}
 *   GET /v1/segments?limit=2&cursor=WyJ… → {"segments":[c], "next_cursor":null}
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

/** Items per page when `limit` is not given, and the most a caller may ask for. */
export const defaultPageLimit = 100;
export const maxPageLimit = 1000;

/** One part of a list's sort order: a string key of an item, compared by code units (the same on every engine). */
export interface SortPart<Item> {
  by: (item: Item) => string;
  desc?: boolean;
}

/** What a list operation declares (see the file comment). */
export interface ListSpec<Item = never> {
  /** The answer's key holding the array. */
  items: string;
  /** The order of the pages; the parts together must be unique per item (end with the id). */
  order: readonly SortPart<Item>[];
  /** The handler pages in its store query with `ctx.page` (lists that may be large). */
  store?: boolean;
  /** The most items a caller may ask for in one page, when not `maxPageLimit` (an export read whole by the CLI). */
  maxLimit?: number;
  /** Items per page when `limit` is not given, when not `defaultPageLimit`. */
  defaultLimit?: number;
}

/** The page a handler is asked for: items after the key `after` (null: from the start), `limit` of them. */
export interface Page {
  after: readonly string[] | null;
  limit: number;
}

/** The keys paging adds to a list's input (pages of at most `max` items, `byDefault` when not asked). */
export const pageInputShape = (max = maxPageLimit, byDefault = defaultPageLimit) => ({
  cursor: z.string().max(2048).optional().describe('the next_cursor of the previous page (opaque)'),
  limit: z.coerce.number().int().min(1).max(max).optional().describe(`items per page (default ${byDefault}, at most ${max})`),
});

/** The key paging adds to a list's answer. */
export const pageOutputShape = {
  next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last one'),
};

const checkOf = (payload: string) => createHash('sha256').update(`roilens-cursor:${payload}`).digest().subarray(0, 12).toString('base64url');

/** The cursor of the page after the item whose sort key is `key`, for operation `name`. */
export function encodeCursor(name: string, key: readonly string[]): string {
  const payload = Buffer.from(JSON.stringify([name, key])).toString('base64url');
  return `${payload}.${checkOf(payload)}`;
}

/** The sort key a cursor holds; the registry's 400 naming `path` when it was not made here for `name`. */
export function decodeCursor(name: string, cursor: string, path: string, parts: number): string[] {
  const invalid = () => new AppError('invalid_input', `${path}: is not a cursor of this list (pass next_cursor as it was answered)`, [{ path, message: 'is not a cursor of this list (pass next_cursor as it was answered)' }]);
  const [payload, check, ...rest] = cursor.split('.');
  if (!payload || !check || rest.length || checkOf(payload) !== check) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== name || !Array.isArray(decoded[1])) throw invalid();
  const key = decoded[1] as unknown[];
  if (key.length !== parts || !key.every((k) => typeof k === 'string')) throw invalid();
  return key as string[];
}

/** Compares two sort keys in the list's order (code units per part, `desc` parts reversed). */
export function compareKeys<Item>(order: readonly SortPart<Item>[], a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < order.length; i++) {
    if (a[i] === b[i]) continue;
    const cmp = a[i] < b[i] ? -1 : 1;
    return order[i].desc ? -cmp : cmp;
  }
  return 0;
}

/**
 * One page of `items`: sorted in the list's order, those after `page.after`, `page.limit` of them,
 * and the cursor of the next page (null when no item follows).
 *
 * @example
 *   pageOf('x.list', [{ id: 'b' }, { id: 'a' }, { id: 'c' }], [{ by: (i) => i.id }], { after: ['a'], limit: 1 })
 *   // → { items: [{ id: 'b' }], next_cursor: encodeCursor('x.list', ['b']) }
 */
export function pageOf<Item>(name: string, items: readonly Item[], order: readonly SortPart<Item>[], page: Page): { items: Item[]; next_cursor: string | null } {
  const keyOf = (item: Item) => order.map((part) => part.by(item));
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compareKeys(order, a.key, b.key));
  const after = page.after ? keyed.filter((k) => compareKeys(order, k.key, page.after!) > 0) : keyed;
  const kept = after.slice(0, page.limit);
  return { items: kept.map((k) => k.item), next_cursor: after.length > page.limit ? encodeCursor(name, kept[kept.length - 1].key) : null };
}
