/** zod ↔ the rest: JSON Schemas for Fastify and OpenAPI, and zod's issues as the registry's 400. */
import { z } from 'zod';
import { operationSettings } from '../../config/config.js';
import { AppError, type FieldIssue } from '../../shared/errors.js';
import { entriesOf } from '../../shared/unknown-values.js';
import type { AnyOperation } from './define.js';

/** A JSON Schema (draft 7, what Fastify's Ajv and @fastify/swagger read) of a zod schema's input or output. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return nullInEnums(json) as Record<string, unknown>;
}

/**
 * A nullable enum (`anyOf: [{enum}, {type: null}]`) with null in its enum too: the OpenAPI 3.0 document
 * turns it into `{enum, nullable: true}`, where (as OpenAPI says) null passes only if the enum lists it.
 */
function nullInEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullInEnums);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullInEnums(v)])) as Record<string, unknown>;
  const branches = out.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(branches) && branches.some((b) => b.type === 'null')) {
    for (const b of branches) if (Array.isArray(b.enum) && !b.enum.includes(null)) b.enum = [...b.enum, null];
  }
  return out;
}

/** The words of one zod issue in the style of the server's other 400s ("must be <= 365"). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : issue.expected}${'received' in issue && issue.received === 'NaN' ? ', got a value that is not a number' : ''}`;
    case 'too_small':
      return issue.origin === 'string' ? `must NOT have fewer than ${issue.minimum} characters` : issue.origin === 'array' ? `must NOT have fewer than ${issue.minimum} items` : `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `must NOT have more than ${issue.maximum} characters` : issue.origin === 'array' ? `must NOT have more than ${issue.maximum} items` : `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue ? `must match pattern "${String(issue.pattern).replace(/^\/(.*)\/[a-z]*$/, '$1')}"` : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `must NOT have additional properties (${issue.keys.join(', ')})`;
    default:
      return issue.message;
  }
}

/**
 * zod's issues as the registry's `invalid_input`: each issue's path spelled by `name` (`querystring.lookback`
 * over HTTP, `--lookback` in the CLI) and the message "path: reason; path: reason" (the server's format).
 */
export function inputError(error: z.ZodError, name: (path: readonly PropertyKey[]) => string): AppError {
  const issues: FieldIssue[] = error.issues.map((issue) => ({ path: name(issue.path), message: issueMessage(issue) }));
  return new AppError('invalid_input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Parses `value` with `schema`, throwing the registry's 400 naming fields by `name`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, name: (path: readonly PropertyKey[]) => string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputError(parsed.error, name);
  return parsed.data;
}

/** `max_order_amount` → `--max-order-amount` (the CLI flag of an input key). */
export const flagOf = (key: string) => `--${key.replace(/_/g, '-')}`;

/** The request part an operation's input comes from, besides the path parameters (and a file body, `http.file`). */
export function inputPart(op: AnyOperation): 'querystring' | 'body' {
  return op.http.method === 'GET' || op.http.method === 'DELETE' || op.http.file ? 'querystring' : 'body';
}

/** The input with the body given as one key (`http.body`) or its keys merged in, and the path parameters beside it. */
export function inputOf(op: AnyOperation, data: unknown, params: unknown): Record<string, unknown> {
  const rest = op.http.body ? { [op.http.body]: data } : Object.fromEntries(entriesOf(data));
  return { ...rest, ...Object.fromEntries(entriesOf(params)) };
}

/** The `:name` parameters of a route path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

/** Whether answers are checked against the output schemas (set by tests and `ROILENS_CHECK_OUTPUTS=1`). */
let checkingOutputs = operationSettings().checkOutputs;
export function checkOutputs(on: boolean): void {
  checkingOutputs = on;
}

/**
 * Checks an answer against its operation's output schema when checking is on: a mismatch is a bug
 * in the handler or the schema (500, with the paths in the log), never the caller's fault.
 */
export function checkedOutput(name: string, schema: z.ZodType, answer: unknown): void {
  if (!checkingOutputs) return;
  const parsed = schema.safeParse(answer);
  const where = parsed.success
    ? extraKeys(answer, parsed.data, []).slice(0, 5).map((path) => `${path}: not in the schema (the OpenAPI document says additionalProperties: false)`).join('; ')
    : parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  if (where) throw new OutputMismatch(`operation ${name} answered outside its output schema: ${where}`);
}

/** Paths of keys the answer has (with a value) that zod's parse dropped: the schema does not declare them. */
function extraKeys(answer: unknown, parsed: unknown, path: string[]): string[] {
  if (Array.isArray(answer) && Array.isArray(parsed)) return answer.flatMap((item, i) => extraKeys(item, parsed[i], [...path, String(i)]));
  if (!answer || typeof answer !== 'object' || !parsed || typeof parsed !== 'object') return [];
  const kept = parsed as Record<string, unknown>;
  return Object.entries(answer as Record<string, unknown>).flatMap(([key, value]) =>
    value === undefined ? [] : key in kept ? extraKeys(value, kept[key], [...path, key]) : [[...path, key].join('.')],
  );
}

/** An answer that does not match its declared schema (a programming error: the server answers 500). */
export class OutputMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputMismatch';
  }
}
