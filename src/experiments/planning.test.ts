import { describe, expect, it } from 'vitest';
import { daysNeeded, planSampleSize, sampleSizeMeans, sampleSizeProportions, tTestPower } from './planning.js';

const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(tol);

describe('sample size for proportions against R power.prop.test', () => {
  // R: power.prop.test(p1 = p, p2 = p * (1 + m), power = w, sig.level = a, tol = 1e-12)$n,
  //    and ceiling() of the default-tolerance n for users_per_variant
  const CASES = [
    { p: 0.05, m: 0.1, w: 0.8, a: 0.05, n: 31233.437940129956, ceil: 31234 },
    { p: 0.1, m: 0.05, w: 0.9, a: 0.05, n: 77327.302914676198, ceil: 77328 },
    { p: 0.02, m: 0.2, w: 0.8, a: 0.01, n: 31409.146753245492, ceil: 31410 },
    { p: 0.3, m: -0.1, w: 0.8, a: 0.05, n: 3553.0552084380461, ceil: 3554 },
  ];
  for (const c of CASES) {
    it(`p=${c.p} mde=${c.m} power=${c.w} alpha=${c.a}`, () => {
      rel(sampleSizeProportions({ baseline: c.p, mde: c.m, power: c.w, alpha: c.a }), c.n, 1e-9);
      expect(planSampleSize({ baseline: c.p, mde: c.m, power: c.w, alpha: c.a }).users_per_variant).toBe(c.ceil);
    });
  }
});

describe('sample size for means against R power.t.test', () => {
  // R: power.t.test(delta = d, sd = s, power = w, sig.level = a, tol = 1e-12)$n
  const CASES = [
    { d: 2, s: 10, w: 0.8, a: 0.05, n: 393.40665622821643, ceil: 394 },
    { d: 0.5, s: 3, w: 0.9, a: 0.05, n: 757.49611231347671, ceil: 758 },
    { d: 1, s: 1, w: 0.8, a: 0.01, n: 25.066708126400187, ceil: 26 },
  ];
  for (const c of CASES) {
    it(`delta=${c.d} sd=${c.s} power=${c.w} alpha=${c.a}`, () => {
      // jstat's noncentral t is accurate to ~1e-8, so n agrees to ~1e-7
      rel(sampleSizeMeans({ sd: c.s, mde: c.d, power: c.w, alpha: c.a }), c.n, 1e-6);
      expect(planSampleSize({ metric: 'mean', baseline: 100, mde: c.d / 100, sd: c.s, power: c.w, alpha: c.a }).users_per_variant).toBe(c.ceil);
      expect(tTestPower(c.n, c.d, c.s, c.a)).toBeCloseTo(c.w, 7);
    });
  }
});

describe('duration', () => {
  it('days for the whole test and days remaining for a running one', () => {
    // 31234 per variant × 2 at 2000/day = 31.234 days -> 32
    const plan = planSampleSize({ baseline: 0.05, mde: 0.1, power: 0.8, dailyUsers: 2000, currentUsers: [20000, 19000] });
    expect(plan.days).toBe(32);
    // missing 12234 in the slower arm at 1000/day -> 12.234 -> 13
    expect(plan.days_remaining).toBe(13);
  });

  it('unequal weights: the smallest arm sets the pace; finished tests need 0 days', () => {
    expect(daysNeeded(1000, 100, 2, { weights: [0.8, 0.2] })).toBe(50);
    expect(daysNeeded(1000, 100, 2, { currentUsers: [1000, 1200] })).toBe(0);
  });

  it('k variants split alpha over the k − 1 comparisons (Bonferroni)', () => {
    const three = planSampleSize({ baseline: 0.05, mde: 0.1, power: 0.8, variants: 3 });
    expect(three.alpha_per_comparison).toBeCloseTo(0.025, 15);
    expect(three.users_per_variant).toBe(Math.ceil(sampleSizeProportions({ baseline: 0.05, mde: 0.1, power: 0.8, alpha: 0.025 })));
    expect(three.total_users).toBe(3 * three.users_per_variant);
  });

  it('rejects impossible targets', () => {
    expect(() => planSampleSize({ baseline: 0.6, mde: 1, power: 0.8 })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
