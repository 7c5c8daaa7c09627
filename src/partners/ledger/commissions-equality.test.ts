/**
 * `commissionEntries` gives, byte for byte, what the implementation before the integer-money
 * rewrite gave (its output stored in `__fixtures__/commission-snapshot-*.jsonl.gz`, see
 * `commission-snapshots.ts`): on seeded random batches of about 5,000 and 3,000 conversions with
 * every rule feature, odd amounts and shares, in EUR and IRR, from an empty ledger and then over
 * that ledger after refunds.
 */
import { describe, expect, it } from 'vitest';
import { snapshotCases, snapshotLines, storedLines } from './__fixtures__/commission-snapshots.js';

describe('commissionEntries equals the stored snapshots', () => {
  for (const c of snapshotCases) {
    it(`${c.currency} seed ${c.seed}: ${c.first} + ${c.second} conversions`, () => {
      const expected = storedLines(c);
      const actual = snapshotLines(c);
      const first = actual.findIndex((line, i) => line !== expected[i]);
      // The first differing entry, shown whole; then the count.
      if (first >= 0) expect({ line: first, entry: actual[first] }).toEqual({ line: first, entry: expected[first] });
      expect(actual.length).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(5_000);
    });
  }
});
