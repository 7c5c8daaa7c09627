/** How the partner operations name a field in their refusals: the caller's way (`body.rules.0.amount` over HTTP, `--rules.0.amount` in the CLI). */
import { AppError, type FieldIssue } from '../../shared/errors.js';
import type { OperationContext } from '../core/define.js';
import { flagOf } from '../core/schema.js';

/** A field of the request body (or the CLI's flags) by its path. */
export function fieldPath(ctx: OperationContext, path: readonly (string | number)[]): string {
  const [head, ...rest] = path.map(String);
  return ctx.surface === 'cli' ? [flagOf(head), ...rest].join('.') : ['body', head, ...rest].join('.');
}

/** The registry's 400 naming every issue's field; nothing when there is none. */
export function refuseIssues(ctx: OperationContext, issues: readonly { path: readonly (string | number)[]; message: string }[]): void {
  if (issues.length === 0) return;
  const named: FieldIssue[] = issues.map((i) => ({ path: fieldPath(ctx, i.path), message: i.message }));
  throw new AppError('invalid_input', named.map((i) => `${i.path}: ${i.message}`).join('; '), named);
}

/** An error of `code` naming one field. */
export function fieldError(ctx: OperationContext, code: 'not_found' | 'conflict' | 'invalid_input', path: readonly (string | number)[], message: string): AppError {
  const field = fieldPath(ctx, path);
  return new AppError(code, `${field}: ${message}`, [{ path: field, message }]);
}

/** The keys of `o` whose value is not undefined (a PATCH's given fields). */
export function definedOf<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
