/**
 * What every answer to a hostile request must be: no 5xx (except 503 `unavailable` with Retry-After,
 * a time budget running out), every 4xx in the error registry's format with the registry's status for
 * its code, every answer that has a declared response schema valid against it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { errorCodes } from '../../../src/shared/errors.js';
import type { Operation } from './operations.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Compiles the declared response schemas of the document's operations (refs resolved against its components). */
export class ResponseSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Record<string, any>) {}

  validator(op: Operation, status: number): ValidateFunction | undefined {
    const schema = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`];
    if (!schema) return undefined;
    const name = `${op.key} ${status}`;
    let fn = this.compiled.get(name);
    if (!fn) {
      fn = this.ajv.compile(this.inline(schema));
      this.compiled.set(name, fn);
    }
    return fn;
  }

  private inline(schema: any): any {
    if (Array.isArray(schema)) return schema.map((s) => this.inline(s));
    if (schema === null || typeof schema !== 'object') return schema;
    if (typeof schema.$ref === 'string') return this.inline(this.doc.components.schemas[schema.$ref.split('/').pop()]);
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, this.inline(v)]));
  }
}

function parseJson(text: string): { ok: true; value: any } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** What is wrong with an answer, or null. A 503 `unavailable` with Retry-After is allowed and reported apart. */
export function problemOf(op: Operation, answer: Answer, schemas: ResponseSchemas): string | null {
  const { status, headers, text } = answer;
  const isJson = (headers.get('content-type') ?? '').includes('application/json');
  const json = parseJson(text);

  if (status >= 500) {
    if (status === 503 && json.ok && json.value?.error === 'unavailable' && headers.get('retry-after')) return null;
    return `answered ${status}`;
  }
  // A tracking link is followed by visitors' browsers: an unknown or disabled one shows them a neutral
  // page (404, HTML) by design, not an API error.
  if (op.path === '/c/{slug}' && status === 404 && (headers.get('content-type') ?? '').startsWith('text/html')) return null;
  if (status >= 400) {
    if (!isJson || !json.ok) return `${status} without a JSON body`;
    const body = json.value;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return `${status} body is not an object`;
    if (!Object.hasOwn(errorCodes, body.error)) return `${status} error code ${JSON.stringify(body.error)} is not in the registry`;
    if (errorCodes[body.error as keyof typeof errorCodes] !== status) return `${status} carries code ${body.error}, registered as ${errorCodes[body.error as keyof typeof errorCodes]}`;
    if (typeof body.message !== 'string' || !body.message) return `${status} has no message`;
    if (body.issues !== undefined) {
      if (!Array.isArray(body.issues) || !body.issues.every((i: any) => typeof i?.path === 'string' && typeof i?.message === 'string')) return `${status} issues are not [{path, message}]`;
    }
    if ((status === 429 || status === 503) && !headers.get('retry-after')) return `${status} without Retry-After`;
  }
  if (status >= 300 && status < 400 && !headers.get('location')) return `${status} without a Location`;
  const validate = schemas.validator(op, status);
  if (validate) {
    if (!json.ok) return `${status} body is not JSON though the route declares its schema`;
    if (!validate(json.value)) return `${status} body does not match the declared schema: ${errorsText(validate)}`;
  }
  return null;
}

function errorsText(fn: ValidateFunction): string {
  return (fn.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
}
