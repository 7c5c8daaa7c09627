import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { analyzeExperiment, analyzeExperimentJson } from './analyze.js';
import { parseExperimentInput } from './input-schema.js';

const rel = (actual: number | null | undefined, expected: number, tol: number) => expect(Math.abs((actual as number) / expected - 1)).toBeLessThan(tol);

function errorOf(raw: unknown): AppError {
  try {
    parseExperimentInput(raw);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('analyzeExperiment, binomial', () => {
  const result = analyzeExperimentJson({
    metric: 'binomial',
    variants: [
      { name: 'A', users: 5000, conversions: 200 },
      { name: 'B', users: 5000, conversions: 250 },
    ],
  });

  it('reports the contract fields with R reference values', () => {
    const [a, b] = result.variants;
    expect(a).toMatchObject({ name: 'A', users: 5000, rate: 0.04, lift: null, ci_low: null, ci_high: null, p_value: null, chance_to_win: null, risk: null });
    expect(b.rate).toBe(0.05);
    expect(b.lift).toBeCloseTo(0.25, 12);
    rel(b.p_value, 0.015868965355167013, 1e-6); // R prop.test(c(250,200), c(5000,5000), correct = FALSE)
    rel(b.abs_ci_low, 0.0018761916234117746, 1e-8);
    rel(b.chance_to_win, 0.99205240719917676, 1e-8); // R integrate(), see bayes.test.ts
    rel(b.risk, 1.0929411572574756e-5, 1e-6);
    rel(b.ci_low, 0.042557025975468621, 1e-6); // Koopman interval, see proportions.test.ts
    // one treatment: Holm leaves the p-value alone
    expect(b.adjusted_p_value).toBe(b.p_value);
    // R: chisq.test(c(5000, 5000))$p.value = 1
    expect(result.srm_p_value).toBeCloseTo(1, 12);
    expect(result.srm_warning).toBeNull();
  });

  it('the sequential p-value is more conservative than the fixed-horizon one', () => {
    expect(result.variants[1].sequential_p_value!).toBeGreaterThan(result.variants[1].p_value!);
  });
});

describe('analyzeExperiment, mean, CUPED and SRM', () => {
  // sums from cuped.test.ts (R set.seed(7) simulation); planned split 50/50
  const input = {
    metric: 'mean' as const,
    variants: [
      { name: 'control', users: 400, sum: 15726.630415503254, sum_squares: 826474.20440096897, pre_sum: 16957.571604821369, pre_sum_squares: 1022465.9884508474, sum_cross: 865921.19047441473 },
      { name: 'new', users: 410, sum: 17091.944141275097, sum_squares: 980926.22071880277, pre_sum: 16180.583445708286, pre_sum_squares: 975540.31788401771, sum_cross: 913376.36437470804 },
    ],
  };

  it('raw Welch p-value, CUPED-adjusted Welch and θ match R', () => {
    const r = analyzeExperiment(parseExperimentInput(input));
    rel(r.variants[1].unadjusted?.p_value, 0.16455227293659785, 1e-6); // R t.test(yT, yC)
    rel(r.cuped_theta, 0.68387654564440736, 1e-10);
    rel(r.variants[1].p_value, 2.8275893546654453e-5, 1e-6); // R t.test(aT, aC) on adjusted values: the headline
    expect(r.variants[0].p_value).toBeNull();
    expect(r.variants[0].unadjusted?.p_value).toBeNull();
    expect(r.variants[1].ci_low! > 0).toBe(true); // significant after CUPED, lift interval agrees
  });

  it('a broken split is flagged loudly', () => {
    const skewed = structuredClone(input);
    skewed.variants[1].users = 520; // R: chisq.test(c(400, 520))$p.value = 7.612502e-05
    const r = analyzeExperiment(parseExperimentInput(skewed));
    rel(r.srm_p_value, 7.612502e-5, 1e-6);
    expect(r.srm_warning).toMatch(/Sample ratio mismatch/);
  });

  it('planned weights are honoured: 400/410 is not a mismatch for 0.5/0.5 but is for 0.9/0.1', () => {
    const w = (a: number, b: number) => ({ ...input, variants: [{ ...input.variants[0], weight: a }, { ...input.variants[1], weight: b }] });
    expect(analyzeExperimentJson(w(1, 1)).srm_warning).toBeNull();
    expect(analyzeExperimentJson(w(0.9, 0.1)).srm_warning).not.toBeNull();
    expect(analyzeExperimentJson(w(9, 1)).variants[0].weight).toBeCloseTo(0.9, 15);
  });
});

describe('A/B/n: Holm across treatments', () => {
  it('adjusted p-values are Holm of the raw ones', () => {
    const r = analyzeExperimentJson({
      metric: 'binomial',
      variants: [
        { name: 'A', users: 5000, conversions: 200 },
        { name: 'B', users: 5000, conversions: 250 },
        { name: 'C', users: 5100, conversions: 215 },
      ],
    });
    const [pB, pC] = [r.variants[1].p_value!, r.variants[2].p_value!];
    expect(r.variants[1].adjusted_p_value).toBeCloseTo(Math.min(1, 2 * pB), 15);
    expect(r.variants[2].adjusted_p_value).toBeCloseTo(Math.max(2 * pB, pC), 15);
  });
});

describe('edge cases never produce NaN', () => {
  const cases: [string, unknown][] = [
    ['no conversions anywhere', { metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 0 }, { name: 'B', users: 12, conversions: 0 }] }],
    ['control without conversions', { metric: 'binomial', variants: [{ name: 'A', users: 50, conversions: 0 }, { name: 'B', users: 50, conversions: 4 }] }],
    ['everyone converted', { metric: 'binomial', variants: [{ name: 'A', users: 20, conversions: 20 }, { name: 'B', users: 20, conversions: 20 }] }],
    ['single users', { metric: 'binomial', variants: [{ name: 'A', users: 1, conversions: 1 }, { name: 'B', users: 1, conversions: 0 }] }],
    ['constant means', { metric: 'mean', variants: [{ name: 'A', users: 5, sum: 10, sum_squares: 20 }, { name: 'B', users: 5, sum: 15, sum_squares: 45 }] }],
    ['zero means', { metric: 'mean', variants: [{ name: 'A', users: 5, sum: 0, sum_squares: 0 }, { name: 'B', users: 5, sum: 0, sum_squares: 0 }] }],
  ];
  for (const [name, raw] of cases) {
    it(name, () => {
      const text = JSON.stringify(analyzeExperimentJson(raw));
      expect(text).not.toMatch(/NaN|Infinity/);
      const r = JSON.parse(text);
      for (const v of r.variants.slice(1)) {
        expect(v.p_value).toBeGreaterThanOrEqual(0);
        expect(v.p_value).toBeLessThanOrEqual(1);
        expect(v.chance_to_win).toBeGreaterThanOrEqual(0);
        expect(v.chance_to_win).toBeLessThanOrEqual(1);
      }
    });
  }
});

describe('input validation names the bad field', () => {
  it.each([
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1 }, { name: 'B', users: 0, conversions: 0 }] }, 'variants.1.users: must be a positive integer'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1 }, { name: 'B', users: 10, conversions: 11 }] }, 'variants.1.conversions: must not exceed users (10)'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10.5, conversions: 1 }, { name: 'B', users: 10, conversions: 1 }] }, 'variants.0.users: must be a positive integer'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10 }, { name: 'B', users: 10, conversions: 1 }] }, 'variants.0.conversions: is required for metric binomial'],
    [{ metric: 'mean', variants: [{ name: 'A', users: 10, sum: 10, sum_squares: 5 }, { name: 'B', users: 10, sum: 1, sum_squares: 1 }] }, 'variants.0.sum_squares: must be at least sum²/users'],
    [{ metric: 'rates', variants: [] }, 'metric: must be "binomial", "mean" or "ratio"'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1 }] }, 'variants: needs at least two variants'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1, weight: 0.5 }, { name: 'B', users: 10, conversions: 1 }] }, 'variants.1.weight: give a weight for every variant or for none'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1 }, { name: 'A', users: 10, conversions: 1 }] }, 'variants.1.name: duplicate variant name "A"'],
    [{ metric: 'mean', variants: [{ name: 'A', users: 10, sum: 1, sum_squares: 1, pre_sum: 1 }, { name: 'B', users: 10, sum: 1, sum_squares: 1 }] }, 'variants.0.pre_sum_squares: CUPED needs'],
    [{ metric: 'binomial', variants: [{ name: 'A', users: 10, conversions: 1, weight: -1 }, { name: 'B', users: 10, conversions: 1, weight: 1 }] }, 'variants.0.weight: must be a positive number'],
  ])('%#', (raw, message) => {
    const err = errorOf(raw);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain(message);
  });
});
