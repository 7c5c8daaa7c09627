/**
 * Issue 11 #7: with pre-period sums the contract's six comparison figures are
 * the CUPED-adjusted ones (θ pooled over the control and that variant), `rate`
 * and `mean` stay observed, and `unadjusted` holds the raw six. Every expected
 * number comes from r-reference/cuped-headline.py (per-user rows, numpy/scipy:
 * scipy.stats.ttest_ind(equal_var=False) on the adjusted values, Fieller solved
 * as a quadratic, normal posterior for chance to win and risk).
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperimentJson } from './analyze.js';

const rel = (actual: number | null | undefined, expected: number, tol: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) / expected - 1)).toBeLessThan(tol);
};
const SIX = ['lift', 'ci_low', 'ci_high', 'p_value', 'chance_to_win', 'risk'] as const;

// cuped-headline.py "== mean, three variants" (numpy seed 20261206)
const meanVariants = [
  { name: 'control', users: 500, sum: 22043.209727391368, sum_squares: 1160311.4473384428, pre_sum: 19487.77199582638, pre_sum_squares: 1120105.1402766507, sum_cross: 1063840.8913485175 },
  { name: 'up', users: 480, sum: 21805.396564255407, sum_squares: 1196687.1348148393, pre_sum: 19223.300793407172, pre_sum_squares: 1159825.9449335742, sum_cross: 1111146.3678982612 },
  { name: 'down', users: 520, sum: 21958.126785328794, sum_squares: 1150926.9386286796, pre_sum: 20707.17079609551, pre_sum_squares: 1215976.8336758665, sum_cross: 1117911.4007975839 },
];

describe('CUPED figures are the headline (mean, three variants)', () => {
  const result = analyzeExperimentJson({ metric: 'mean', variants: meanVariants });
  const [control, up, down] = result.variants;

  it('uses θ pooled over the control and each variant, not over all three', () => {
    rel(up.cuped?.theta, 0.5896807119125669, 1e-10);
    rel(down.cuped?.theta, 0.596055444378418, 1e-10);
    rel(up.cuped?.control_mean, 44.39632656053847, 1e-12);
    rel(up.cuped?.mean, 45.10508960703655, 1e-12);
    rel(down.cuped?.control_mean, 44.34347591546138, 1e-12);
    rel(down.cuped?.mean, 41.979997221133594, 1e-12);
    expect(result.cuped_theta).toBeNull(); // two treatments, two θ
  });

  it('lift, interval, p-value, chance to win and risk are the adjusted ones', () => {
    const expected = {
      up: { lift: 0.015964452498825832, ci_low: -0.01672391734631462, ci_high: 0.049806609180789385, p_value: 0.3423121930642441, chance_to_win: 0.8289613248645494, risk: 0.06829295149190961 },
      down: { lift: -0.05329935566696764, ci_low: -0.084966663381985, ci_high: -0.020552732320931133, p_value: 0.0016247489826518955, chance_to_win: 0.0007890133853453909, risk: 2.3636393334155525 },
    };
    for (const [row, want] of [[up, expected.up], [down, expected.down]] as const) {
      rel(row.lift, want.lift, 1e-9);
      rel(row.ci_low, want.ci_low, 1e-6);
      rel(row.ci_high, want.ci_high, 1e-6);
      rel(row.p_value, want.p_value, 1e-6);
      rel(row.chance_to_win, want.chance_to_win, 1e-7);
      rel(row.risk, want.risk, 1e-7);
    }
    // CUPED finds what the raw test misses: raw p 0.13996310770594417 (scipy Welch on y)
    rel(down.unadjusted?.p_value, 0.13996310770594417, 1e-6);
    expect(down.p_value!).toBeLessThan(0.05);
    // Holm runs over the headline p-values
    rel(down.adjusted_p_value, 2 * 0.0016247489826518955, 1e-6);
  });

  it('mean stays observed; unadjusted holds the raw six keys, null for the control', () => {
    expect(control.mean).toBeCloseTo(22043.209727391368 / 500, 12);
    expect(up.mean).toBeCloseTo(21805.396564255407 / 480, 12);
    rel(up.unadjusted?.lift, 0.03042864606998985, 1e-12);
    rel(up.unadjusted?.p_value, 0.29687600454964835, 1e-6);
    expect(Object.keys(up.unadjusted!).sort()).toEqual([...SIX].sort());
    for (const key of SIX) {
      expect(control[key]).toBeNull();
      expect(control.unadjusted![key]).toBeNull();
    }
  });
});

describe('CUPED on a conversion rate', () => {
  // cuped-headline.py "== binomial, two variants": Y converted (0/1), X pre-period orders
  const result = analyzeExperimentJson({
    metric: 'binomial',
    variants: [
      { name: 'A', users: 3000, conversions: 283, pre_sum: 3686, pre_sum_squares: 8152, sum_cross: 473 },
      { name: 'B', users: 3000, conversions: 342, pre_sum: 3643, pre_sum_squares: 7955, sum_cross: 576 },
    ],
  });
  const b = result.variants[1];

  it('headline figures are adjusted, the rate is observed', () => {
    expect(b.rate).toBe(342 / 3000);
    rel(result.cuped_theta, 0.03997380602997117, 1e-9);
    rel(b.lift, 0.2152078842439502, 1e-9);
    rel(b.ci_low, 0.04884289610259773, 1e-6);
    rel(b.ci_high, 0.41152439605507807, 1e-6);
    rel(b.p_value, 0.009520243367007368, 1e-6);
    rel(b.chance_to_win, 0.9952514930160058, 1e-7);
    rel(b.risk, 1.1657614046041553e-5, 1e-6);
    // unadjusted: the pooled two-proportion test on 342/3000 vs 283/3000 (lift = 342/283 − 1 by hand)
    rel(b.unadjusted?.lift, 342 / 283 - 1, 1e-12);
    expect(b.unadjusted?.p_value).not.toBeCloseTo(b.p_value!, 6);
  });
});

describe('without pre-period data', () => {
  it('has no unadjusted block and no CUPED detail', () => {
    const r = analyzeExperimentJson({ metric: 'binomial', variants: [{ name: 'A', users: 100, conversions: 10 }, { name: 'B', users: 100, conversions: 12 }] });
    for (const v of r.variants) {
      expect(v).not.toHaveProperty('unadjusted');
      expect(v).not.toHaveProperty('cuped');
    }
    expect(r.cuped_theta).toBeNull();
  });
});
