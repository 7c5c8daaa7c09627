/**
 * The dashboard's types of migrated operations are generated from their output schemas
 * (web/src/lib/api-types.generated.ts): the file must be what `npm run gen:web-types` writes now,
 * and the converter must read z.toJSONSchema's shapes as TypeScript does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/operations/index.js';
import { tsOf, webTypesSource } from '../../src/operations/core/web-types.js';

describe('generated dashboard types', () => {
  it('web/src/lib/api-types.generated.ts is up to date (run npm run gen:web-types)', () => {
    const file = readFileSync(new URL('../../web/src/lib/api-types.generated.ts', import.meta.url), 'utf8');
    expect(file).toBe(webTypesSource(operations));
  });

  it('the hand-copied api-types.ts is gone: no dashboard file declares an answer type by hand (issue 13)', () => {
    const lib = new URL('../../web/src/lib/', import.meta.url);
    expect(existsSync(new URL('api-types.ts', lib))).toBe(false);
    const files = readdirSync(new URL('../../web/src/', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    for (const file of files) {
      const text = readFileSync(new URL(`../../web/src/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/from '[./]*lib\/api-types'/);
      if (file.endsWith('api-types.generated.ts')) continue;
      for (const op of operations.filter((o) => o.webType)) expect(text, file).not.toMatch(new RegExp(`(interface|type) ${op.webType}\\b(?! *=? *from)`));
    }
  });

  it('converts JSON Schema to TypeScript', () => {
    expect(tsOf({ type: ['string', 'null'] }, '')).toBe('string | null');
    expect(tsOf({ enum: ['a', 'b'] }, '')).toBe('"a" | "b"');
    expect(tsOf({ type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'null' }] } }, '')).toBe('Array<number | null>');
    expect(tsOf({ type: 'object', properties: { a: { type: 'string', description: 'the a' }, 'b-c': { type: 'boolean' } }, required: ['a'], additionalProperties: false }, '')).toBe('{\n  /** the a */\n  a: string;\n  "b-c"?: boolean;\n}');
    expect(tsOf({ type: 'object', additionalProperties: { type: 'number' } }, '')).toBe('{\n  [key: string]: number;\n}');
  });
});
