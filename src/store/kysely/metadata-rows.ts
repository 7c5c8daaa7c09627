import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import { AppError, type FieldIssue } from '../../shared/errors.js';

/**
 * Checks a row read from a metadata table against its record schema: a row that does not fit
 * (edited by hand, written by a broken version, truncated) answers the registry's `internal`
 * error naming the row and each field, not a crash further on or a wrong figure.
 *
 * @example
 * recordOf(workspaceRecord, row, 'workspaces id=default') // a Workspace, or AppError('internal')
 */
export function recordOf<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw corruptRow(where, parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(row)', message: i.message })));
}

/** The value of a JSON text column; text that is not JSON is a corrupt row. */
export function jsonText(text: string | null, where: string, field: string): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw corruptRow(where, [{ path: field, message: 'not valid JSON' }]);
  }
}

/** A stored instant as ISO 8601 text (both engines hand timestamps back as `Date`s). */
export function isoOf(value: Date | null | undefined): string | undefined {
  if (!(value instanceof Date)) return undefined;
  return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString();
}

/** An ISO 8601 instant as a bound `timestamptz` (what both engines store in their timestamp columns). */
export function timestamp(iso: string): RawBuilder<string> {
  return sql<string>`cast(${iso} as timestamptz)`;
}

/** The same bound instant, typed to compare with a timestamp column (read as `Date`). */
export function instant(iso: string): RawBuilder<Date> {
  return sql<Date>`cast(${iso} as timestamptz)`;
}

/** A JSON column read as text (DuckDB's is text already, PostgreSQL's `jsonb`). */
export function jsonColumn<C extends string>(column: C): AliasedRawBuilder<string, C> {
  return sql<string>`cast(${sql.ref(column)} as text)`.as(column);
}

function corruptRow(where: string, issues: FieldIssue[]): AppError {
  return new AppError('internal', `corrupt metadata row (${where}): ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
