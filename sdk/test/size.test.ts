import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet } from '../build.mjs';

describe('sdk/dist/s.js', () => {
  let code: Buffer;
  beforeAll(async () => {
    code = readFileSync(await buildSnippet());
  });

  it('is under 3 KB gzipped (issue 2: "under 3 KB gzipped")', () => {
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeGreaterThan(1000); // a real bundle, not an empty file
    expect(gzipped).toBeLessThan(3 * 1024);
  });

  it('is a self-contained script: no import/export, no source map reference', () => {
    const text = code.toString('utf8');
    expect(text).not.toMatch(/^\s*(import|export)\s/m);
    expect(text).not.toContain('sourceMappingURL');
    expect(() => new Function(text)).not.toThrow();
  });
});
