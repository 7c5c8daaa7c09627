import { describe, expect, it } from 'vitest';
import { formatSrmP, srmState } from './experiments-srm';

describe('srmState (issue 11 #6: an SRM p below 0.001 is a warning, never "matches")', () => {
  it.each([
    [0.00097, null, 'mismatch'],
    [1e-9, null, 'mismatch'],
    [0.0011, null, 'check'], // hero over exp_anon_0…599 with FNV-1a: 340 vs 260, p = 0.0011 — shown as "0.001 matches" before
    [0.0099, null, 'check'],
    [0.01, null, 'ok'],
    [0.5, null, 'ok'],
    [0.5, 'Sample ratio mismatch: …', 'mismatch'],
    [0.0004, true, 'mismatch'],
    [null, null, 'unknown'],
    [Number.NaN, null, 'unknown'],
  ] as const)('p = %s, warning %s → %s', (p, warning, state) => {
    expect(srmState(p, warning)).toBe(state);
  });

  it('the page never shows a p-value that rounds onto the threshold', () => {
    // chisq.test(c(260, 340))$p.value = 0.001090…; by hand: χ² = 2·40²/300 = 10.667, P(χ²₁ > 10.667) = 0.00109
    expect(formatSrmP(0.00109, 'en')).toBe('0.0011');
    expect(formatSrmP(0.00097, 'en')).toBe('0.00097');
    expect(formatSrmP(0.25, 'en')).toBe('0.250');
    expect(formatSrmP(0.00109, 'fa')).toBe('۰٫۰۰۱۱');
  });
});
