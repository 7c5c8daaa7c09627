import { describe, expect, it } from 'vitest';
import { nulCharacterPath } from './nul-characters.js';

describe('nulCharacterPath', () => {
  it('names the first value or key holding a NUL, in document order', () => {
    expect(nulCharacterPath({ name: 'ok', variants: [{ name: 'a' }, { name: 'b\u0000' }], z: '\u0000' })).toEqual(['variants', 1, 'name']);
    expect(nulCharacterPath({ a: { 'k\u0000': 1 } })).toEqual(['a', 'k\u0000']);
    expect(nulCharacterPath('\u0000')).toEqual([]);
  });

  it('finds nothing in clean input, and walks 10,000 levels without overflowing the stack', () => {
    expect(nulCharacterPath({ a: [1, true, null, 'text', { b: '∅ %00 \\u0000' }] })).toBeUndefined();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(nulCharacterPath(deep)).toHaveLength(10_000);
  });
});
