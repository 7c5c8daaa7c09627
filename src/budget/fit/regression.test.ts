import { describe, expect, it } from 'vitest';
import { fitCoefficients, type RegressionSetup } from './regression.js';

/** Level rows [1 − τ, τ] for n periods (τ = t / n), the design's trend line. */
const levels = (n: number) => Array.from({ length: n }, (_, t) => [1 - t / n, t / n]);

describe('baseline levels', () => {
  it('cannot go negative to make room for a larger media effect', () => {
    // y = −4 + 2·x: least squares with free levels answers levels (−4, −4) and β 2.
    const x = [5, 1, 4, 2, 8, 3, 7, 6];
    const y = x.map((v) => -4 + 2 * v);
    const base = levels(8);
    const fit = fitCoefficients({ base, y, rows: 8, ridge: 0, calibration: [] }, [x]);
    const b = fit.coef;
    expect(b[0]).toBeGreaterThanOrEqual(0);
    expect(b[1]).toBeGreaterThanOrEqual(0);
    expect(b[2]).toBeLessThan(2); // the effect no longer absorbs the missing negative level
    // Karush–Kuhn–Tucker conditions of min ‖Xb − y‖², b ≥ 0, checked by hand:
    // gradient Xᵀ(Xb − y) is 0 where b > 0 and ≥ 0 where b = 0.
    const rows = base.map((r, t) => [...r, x[t]]);
    const residual = rows.map((r, t) => r.reduce((acc, v, j) => acc + v * b[j], 0) - y[t]);
    const gradient = [0, 1, 2].map((j) => rows.reduce((acc, r, t) => acc + r[j] * residual[t], 0));
    gradient.forEach((g, j) => {
      if (b[j] > 1e-9) expect(Math.abs(g)).toBeLessThan(1e-6);
      else expect(g).toBeGreaterThan(-1e-6);
    });
    expect(b[0] === 0 || b[1] === 0).toBe(true); // a constraint binds
  });

  it('leaves a positive trend line alone (constraints not binding)', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const base = levels(8);
    const y = base.map((b, t) => 10 * b[0] + 14 * b[1] + 0.5 * x[t]);
    const fit = fitCoefficients({ base, y, rows: 8, ridge: 0, calibration: [] }, [x]);
    expect(fit.coef[0]).toBeCloseTo(10, 8);
    expect(fit.coef[1]).toBeCloseTo(14, 8);
    expect(fit.coef[2]).toBeCloseTo(0.5, 8);
  });
});

describe('ROI prior', () => {
  // Two channels whose columns move together (c2 = 2·c1) and equal spend: the
  // data fix only β1 + 2·β2 = 3 (y = 5 + 3·x). The prior ties their ROIs,
  // g1·β1 = g2·β2 with g = Σ column / Σ spend, so β1 = 2·β2: β1 = 1.5, β2 = 0.75,
  // and the common ROI r = g1·β1 = (Σx / Σspend)·1.5.
  const x = [1, 3, 2, 5, 4, 6, 2, 7, 3, 5];
  const spend = x.map((v) => 10 * v);
  const base = levels(10);
  const y = base.map((b, t) => 5 * b[0] + 5 * b[1] + 3 * x[t]);
  const columns = [x, x.map((v) => 2 * v)];

  it('splits collinear channels so their ROIs are equal (hand-solved)', () => {
    const fit = fitCoefficients({ base, y, rows: 10, ridge: 0, calibration: [], roiPrior: { weight: 1, spend: [spend, spend] } }, columns);
    expect(fit.coef[2]).toBeCloseTo(1.5, 6);
    expect(fit.coef[3]).toBeCloseTo(0.75, 6);
    const g1 = x.reduce((a, b) => a + b, 0) / spend.reduce((a, b) => a + b, 0);
    expect(fit.commonRoi).toBeCloseTo(g1 * 1.5, 6);
    // The prior costs nothing here (the data allow equal ROIs): the fit is exact.
    expect(fit.objective).toBeCloseTo(0, 6);
  });

  it('lets the data overrule it when the channels are told apart', () => {
    // Independent columns with ROIs 1:3 in the data; a weak prior moves them only slightly.
    const z = [2, 1, 2, 1, 2, 1, 2, 1, 2, 1];
    const yz = base.map((b, t) => 5 * b[0] + 5 * b[1] + 1 * x[t] + 3 * z[t]);
    const weak = fitCoefficients({ base, y: yz, rows: 10, ridge: 0, calibration: [], roiPrior: { weight: 1e-6, spend: [spend, spend] } }, [x, z]);
    expect(weak.coef[2]).toBeCloseTo(1, 2);
    expect(weak.coef[3]).toBeCloseTo(3, 2);
    // A strong prior pulls the two ROIs together: ROI_c = β_c · Σcol_c / Σspend.
    const strong = fitCoefficients({ base, y: yz, rows: 10, ridge: 0, calibration: [], roiPrior: { weight: 1e6, spend: [spend, spend] } }, [x, z]);
    const total = spend.reduce((a, b) => a + b, 0);
    const roi = (fit: typeof strong, c: number, col: number[]) => (fit.coef[2 + c] * col.reduce((a, b) => a + b, 0)) / total;
    expect(roi(strong, 0, x) / roi(strong, 1, z)).toBeCloseTo(1, 2);
    expect(roi(weak, 0, x) / roi(weak, 1, z)).toBeCloseTo((1 * 38) / (3 * 15), 2);
  });
});

describe('trend prior', () => {
  // y = 10·(1 − τ) + 14·τ exactly, 8 periods, no media: the free fit answers the levels (10, 14).
  const base = levels(8);
  const y = base.map((b) => 10 * b[0] + 14 * b[1]);
  const fitWith = (trendWeight: number) => fitCoefficients({ base, y, rows: 8, ridge: 0, calibration: [], trendWeight }, []).coef;

  it('solves the normal equations with w·(level_end − level_start)² added (2×2, Cramer by hand)', () => {
    const w = 5;
    const s00 = base.reduce((a, b) => a + b[0] * b[0], 0) + w;
    const s11 = base.reduce((a, b) => a + b[1] * b[1], 0) + w;
    const s01 = base.reduce((a, b) => a + b[0] * b[1], 0) - w;
    const c0 = base.reduce((a, b, t) => a + b[0] * y[t], 0);
    const c1 = base.reduce((a, b, t) => a + b[1] * y[t], 0);
    const det = s00 * s11 - s01 * s01;
    const coef = fitWith(w);
    expect(coef[0]).toBeCloseTo((c0 * s11 - s01 * c1) / det, 8);
    expect(coef[1]).toBeCloseTo((s00 * c1 - s01 * c0) / det, 8);
    expect(coef[1] - coef[0]).toBeGreaterThan(0);
    expect(coef[1] - coef[0]).toBeLessThan(4);
  });

  it('leaves the trend free at weight 0 and flattens it to the mean as the weight grows', () => {
    expect(fitWith(0)[0]).toBeCloseTo(10, 8);
    expect(fitWith(0)[1]).toBeCloseTo(14, 8);
    // A flat line's best level is the mean of y: 10 + 4 × mean(τ) = 10 + 4 × 3.5 / 8 = 11.75.
    const flat = fitWith(1e9);
    expect(flat[0]).toBeCloseTo(11.75, 4);
    expect(flat[1]).toBeCloseTo(11.75, 4);
  });
});
