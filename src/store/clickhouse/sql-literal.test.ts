import { describe, expect, it } from 'vitest';
import { chDecimal, chIdentifier, chValue } from './sql-literal.js';

/** Shape of the one escaping function; the round trip through a real server is in test/engines/sql-literal-fuzz.test.ts. */
describe('chValue', () => {
  it('quotes strings and escapes quotes, backslashes and control bytes', () => {
    expect(chValue("it's")).toBe("'it\\'s'");
    expect(chValue('a\\b')).toBe("'a\\\\b'");
    expect(chValue('nul\u0000tab\tdel\u007f')).toBe("'nul\\x00tab\\x09del\\x7f'");
    expect(chValue('تومان đồng')).toBe("'تومان đồng'");
  });

  it('writes numbers, booleans, null and arrays', () => {
    expect(chValue(42)).toBe('42');
    expect(chValue(-1.5)).toBe('-1.5');
    expect(chValue(true)).toBe('1');
    expect(chValue(null)).toBe('NULL');
    expect(chValue(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(() => chValue(Number.NaN)).toThrow(/finite/);
  });

  it('never leaves an unescaped quote that could end the literal early', () => {
    for (const s of ["'", "\\'", "\\\\'", "' OR 1=1 --", "\\"]) {
      const lit = chValue(s);
      const inner = lit.slice(1, -1);
      // Every quote inside is preceded by an odd number of backslashes.
      for (let i = 0; i < inner.length; i++) {
        if (inner[i] !== "'") continue;
        let n = 0;
        for (let j = i - 1; j >= 0 && inner[j] === '\\'; j--) n++;
        expect(n % 2).toBe(1);
      }
    }
  });

  it('accepts only plain identifiers and decimal amounts', () => {
    expect(chIdentifier('roilens_1')).toBe('roilens_1');
    expect(() => chIdentifier('x; DROP')).toThrow();
    expect(chDecimal('12.50', 6)).toBe("toDecimal128('12.50', 6)");
    expect(() => chDecimal('1e5', 6)).toThrow();
  });
});
