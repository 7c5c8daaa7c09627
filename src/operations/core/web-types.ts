/**
 * The dashboard's types of operation answers, generated from their output schemas
 * (`web/src/lib/api-types.generated.ts`; `npm run gen:web-types` writes it, a test checks it is current).
 */
import type { AnyOperation } from './define.js';
import { jsonSchemaOf } from './schema.js';

type Json = Record<string, unknown>;

/** The generated file's text for the operations that name a `webType`. */
export function webTypesSource(operations: readonly AnyOperation[]): string {
  const blocks = operations
    .filter((op) => op.webType)
    .map((op) => `/** ${op.http.method} ${op.http.path} (operation \`${op.name}\`): ${op.summary.split(/[.:(]/)[0].trim()}. */\nexport type ${op.webType} = ${tsOf(jsonSchemaOf(op.output, 'output'), '')};\n`);
  return [
    '// Generated from the output schemas of src/operations by `npm run gen:web-types`: do not edit.',
    '// test/operations/web-types.test.ts fails when this file is not what the operations declare.',
    '',
    ...blocks,
  ].join('\n');
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** A TypeScript type of a JSON Schema (the subset z.toJSONSchema writes for plain data). */
export function tsOf(schema: Json, indent: string): string {
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return union(((schema.anyOf ?? schema.oneOf) as Json[]).map((s) => tsOf(s, indent)));
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map((v) => JSON.stringify(v)));
  if (Array.isArray(schema.type)) return union(schema.type.map((type) => tsOf({ ...schema, type }, indent)));
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      // A tuple (draft 7 writes its items as a list).
      if (Array.isArray(schema.items)) return `[${(schema.items as Json[]).map((s) => tsOf(s, indent)).join(', ')}]`;
      return `Array<${schema.items ? tsOf(schema.items as Json, indent) : 'unknown'}>`;
    case 'object':
      return objectOf(schema, indent);
    default:
      return 'unknown';
  }
}

function objectOf(schema: Json, indent: string): string {
  const inner = `${indent}  `;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const lines: string[] = [];
  const types: string[] = [];
  for (const [key, prop] of Object.entries(properties)) {
    const type = tsOf(prop, inner);
    types.push(type);
    if (typeof prop.description === 'string') lines.push(`${inner}/** ${prop.description} */`);
    lines.push(`${inner}${identifier.test(key) ? key : JSON.stringify(key)}${required.has(key) ? '' : '?'}: ${type};`);
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) {
    // An index signature covers the named properties too (TypeScript's rule).
    const rest = tsOf(extra as Json, inner);
    lines.push(`${inner}[key: string]: ${union([rest, ...types, ...(types.length && Object.keys(properties).some((k) => !required.has(k)) ? ['undefined'] : [])])};`);
  } else if (extra === undefined || extra === true || (extra && typeof extra === 'object')) {
    if (lines.length === 0) return 'Record<string, unknown>';
  }
  return lines.length ? `{\n${lines.join('\n')}\n${indent}}` : 'Record<string, never>';
}

function union(types: string[]): string {
  // Flat unions of literals (a nullable enum's branches) are merged so `null` appears once.
  const parts = types.flatMap((t) => (/[{<]/.test(t) ? [t] : t.split(' | ')));
  return [...new Set(parts)].join(' | ');
}
