import { describe, expect, it } from 'vitest';
import { randomId } from '../src/id.js';

describe('randomId', () => {
  it('maps the low 6 bits of each random byte to a url-safe character', () => {
    const fill = (bytes: Uint8Array) => bytes.map((_, i) => [0, 9, 10, 35, 36, 61, 62, 63, 64 + 1, 255][i % 10]);
    expect(randomId(10, fill)).toBe('09AZaz-_1_');
  });

  it('draws 22 characters from crypto.getRandomValues by default', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(seen.size).toBe(1000);
    for (const id of seen) expect(id).toMatch(/^[0-9A-Za-z_-]{22}$/);
  });
});
