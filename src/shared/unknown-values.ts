/**
 * Reading values whose shape nobody promised (a request's query string, path parameters or body
 * before a schema has judged them) by narrowing, never by asserting a type: what is not an object
 * has no entries, and a field is `unknown` until its reader checks it.
 *
 * @example
 *   entriesOf({ a: 1 })            // [['a', 1]]
 *   entriesOf('text')              // []
 *   fieldOf({ key: 'wk' }, 'key')  // 'wk' (typed unknown: the caller checks it is a string)
 */

/** The own enumerable `[key, value]` pairs of a plain object; none for anything else (arrays included). */
export function entriesOf(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

/** The own field `name` of a plain object, or undefined. */
export function fieldOf(value: unknown, name: string): unknown {
  return entriesOf(value).find(([key]) => key === name)?.[1];
}

/** The own field `name` when it is a string, or undefined. */
export function stringFieldOf(value: unknown, name: string): string | undefined {
  const field = fieldOf(value, name);
  return typeof field === 'string' ? field : undefined;
}
