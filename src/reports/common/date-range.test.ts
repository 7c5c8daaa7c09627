import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { checkDate, reportDateBounds } from './date-range.js';

/** The field issue a bad date answers with (400 invalid_input naming the field). */
function issueOf(value: string, field = 'to'): { path: string; message: string } | undefined {
  try {
    checkDate(value, field);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return (err as AppError).issues[0];
  }
}

describe('report dates', () => {
  it('accepts calendar dates within the bounds, the bounds included', () => {
    for (const d of ['2026-01-28', '2024-02-29', reportDateBounds.min, reportDateBounds.max]) expect(checkDate(d, 'from')).toBe(d);
  });

  it('refuses impossible dates and other shapes, naming the field', () => {
    for (const d of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-1', '20260101', '2026-01-01T00:00:00Z', '']) {
      expect(issueOf(d, 'from')).toEqual({ path: 'from', message: 'expected a date YYYY-MM-DD' });
    }
  });

  it('refuses dates the engines cannot widen by a lookback (the fuzzer found to=9999-12-31 answering 500)', () => {
    for (const d of ['9999-12-31', '0000-01-01', '1969-12-31', '2100-01-01']) {
      expect(issueOf(d)).toEqual({ path: 'to', message: 'must be between 1970-01-01 and 2099-12-31' });
    }
  });
});
